// A short transcript: its lines read back from the list the server rendered, where every
// line has its element. A long one is drawn near the viewport only (long-transcript.js);
// both give the same lines, { start, end, words (its timed words' starts), text }, and
// the same view interface (see there). Only items with a .line button are lines: a list
// also holds chapter headings and described scenes, which are not.

const AT = 1 / 3; // where a line is placed when scrolled to

/** The items of a server-rendered list that are lines, in order. */
export function lineItems(list) {
  return [...list.children].filter((item) => item.querySelector(":scope > .line"));
}

/** The lines of a server-rendered list: line i is its i-th line item. */
export function readLines(list) {
  return lineItems(list).map((item) => new ListedLine(item));
}

class ListedLine {
  constructor(item) {
    const button = item.querySelector(".line");
    this.start = Number(button.dataset.start);
    this.end = Number(button.dataset.end);
    this.words = [];
    for (const span of item.querySelectorAll(".word")) {
      // A word split in two by a glossary term's edge is still one word.
      const start = Number(span.dataset.start);
      if (this.words.at(-1) !== start) this.words.push(start);
    }
    this.item = item;
  }

  /** The line's text exactly as its .text element holds it (searches run over it). */
  get text() {
    return (this.cachedText ??= this.item.querySelector(".text").textContent);
  }
}

export class FullView {
  constructor(list) {
    this.list = list;
    this.items = lineItems(list);
    this.items.forEach((item, i) => (item.lineIndex = i));
  }

  get count() {
    return this.items.length;
  }

  element(i) {
    return this.items[i] ?? null;
  }

  forEachDrawn(fn) {
    this.items.forEach((item, i) => fn(item, i));
  }

  scrollToLine(i, { smooth = false } = {}) {
    const item = this.items[i];
    if (!item) return;
    const top = Math.max(0, item.offsetTop - this.list.clientHeight * AT);
    this.list.scrollTo({ top, behavior: smooth ? "smooth" : "auto" });
  }

  reach() {}

  update() {}

  ownScroll() {
    return false;
  }
}
