// A long transcript: its lines arrive as JSON (player/transcript.py) and only those near
// the viewport have elements, made when they come near and dropped when they leave (the
// page of a 100,000-line lecture would otherwise hold millions of elements). Loaded only
// by pages that have one.
//
// LineWindow has the interface of lines.js's FullView: element(i) is line i's element or
// null, forEachDrawn(fn) visits the drawn ones, scrollToLine(i) places line i a third of
// the way down the list, reach(i) makes sure line i is drawn, ownScroll(event) says
// whether a scroll was the view's own correction (not the user's).
//
// A line that starts a chapter is drawn with its chapter's heading before it: the two come,
// go and are measured together.
//
// Two empty items, above and below the drawn lines, stand for the others, so the list
// scrolls as if all were there (padding would not do: it would grow the list itself,
// which must keep its height). A line counts at its measured height once drawn, at the
// mean height of the first lines drawn until then. When measuring moves what is on
// screen, the scroll position is corrected so that the line at the top stays put (the
// browser's own scroll anchoring is off for this list).
import { clock } from "./fragment.js";

const AT = 1 / 3; // where a line is placed when scrolled to
const OVERSCAN_PX = 800; // drawn beyond the visible part, above and below
const KEEP_FOCUSED = 300; // lines: the focused line stays drawn up to this far away
const FIRST_ESTIMATE_PX = 48;

// Sums of a changing array by prefix, in O(log n) (a Fenwick tree).
class PrefixSums {
  constructor(n) {
    this.tree = new Float64Array(n + 1);
  }

  add(i, delta) {
    for (let k = i + 1; k < this.tree.length; k += k & -k) this.tree[k] += delta;
  }

  /** The sum of entries [0, i). */
  before(i) {
    let sum = 0;
    for (let k = i; k > 0; k -= k & -k) sum += this.tree[k];
    return sum;
  }
}

export class LineWindow {
  /** dress(element, i) puts the state of line i (active, marked, focusable) on its new
   * element before it is shown. */
  constructor(list, lines, { dress, signal }) {
    this.list = list;
    this.lines = lines;
    this.dress = dress;
    const headings = lines.length ? lines.at(-1).headingsBefore + (lines.at(-1).more.h?.length ?? 0) : 0;
    this.size = {
      lang: list.dataset.lang,
      count: lines.length + headings,
      chapterLang: list.lang === document.documentElement.lang ? "" : document.documentElement.lang,
    };
    this.count = lines.length;
    this.#forgetHeights();
    this.first = 0;
    this.items = []; // items[k] is line first + k
    this.width = 0;
    this.ownScrollTop = null;
    this.above = spacer();
    this.below = spacer();
    list.replaceChildren(this.above, this.below);
    // Focus falls back to the list itself when its line is dropped (see #keepFocus).
    list.tabIndex = -1;
    list.addEventListener("keydown", (e) => this.#onListKeydown(e), { signal });
    list.addEventListener("scroll", (event) => {
      this.ownScroll(event); // judged before update() may correct the position
      this.update();
    }, { passive: true, signal });
    const resized = new ResizeObserver(() => this.#resized());
    resized.observe(list);
    signal?.addEventListener("abort", () => resized.disconnect());
  }

  get last() {
    return this.first + this.items.length;
  }

  element(i) {
    return i >= this.first && i < this.last ? this.items[i - this.first] : null;
  }

  forEachDrawn(fn) {
    this.items.forEach((item, k) => fn(item, this.first + k));
  }

  /** Draws the lines the viewport shows and a margin around them. */
  update() {
    if (!this.count || !this.list.clientHeight) return;
    // Measuring what was just drawn can change the offsets the range was chosen by:
    // choose again until nothing new is measured (twice, rarely three times).
    // Scrolled to the very end, the list stays at its end whatever is measured.
    const atEnd = this.#atEnd();
    for (let pass = 0; pass < 4; pass += 1) {
      const top = this.list.scrollTop;
      const anchor = this.#indexAt(top);
      const anchorShift = top - this.#offset(anchor);
      const from = this.#indexAt(Math.max(0, top - OVERSCAN_PX));
      const to = Math.min(this.count, this.#indexAt(top + this.list.clientHeight + OVERSCAN_PX) + 1);
      const drew = this.#drawRange(...this.#keepFocus(from, to));
      if (!drew) break;
      const measured = this.#measure();
      this.#pad();
      this.#keepTabStop();
      if (!measured) break;
      const corrected = atEnd ? this.list.scrollHeight : this.#offset(anchor) + anchorShift;
      if (Math.abs(corrected - top) < 1) continue;
      this.#scrollTop(corrected);
      // Setting the position stops a smooth scroll on its way to a line: aim it again.
      const heading = this.heading;
      if (heading && performance.now() < heading.until) {
        this.list.scrollTo({ top: this.#place(heading.line), behavior: "smooth" });
      }
    }
    if (atEnd && !this.#atEnd()) this.#scrollTop(this.list.scrollHeight);
  }

  #atEnd() {
    const { scrollTop, clientHeight, scrollHeight } = this.list;
    return scrollTop > 0 && scrollTop + clientHeight >= scrollHeight - 1;
  }

  /** Scrolls so that line i sits a third of the way down; smooth only over a short way. */
  scrollToLine(i, { smooth = false } = {}) {
    if (i < 0 || i >= this.count) return;
    const place = () => this.#place(i);
    const near = Math.abs(place() - this.list.scrollTop) < 2 * this.list.clientHeight;
    this.heading = null;
    if (smooth && near) {
      this.heading = { line: i, until: performance.now() + 1000 };
      this.list.scrollTo({ top: place(), behavior: "smooth" }); // drawn as it passes
      return;
    }
    // Far: jump, draw and measure what is there, then settle on the measured offset.
    for (let pass = 0; pass < 3; pass += 1) {
      const target = place();
      if (Math.abs(target - this.list.scrollTop) < 1 && this.element(i)) break;
      this.#scrollTop(target);
      this.update();
    }
  }

  /** Makes sure line i is drawn (keyboard moves to a line far away: Home, End). */
  reach(i) {
    if (!this.element(i)) this.scrollToLine(i);
  }

  /** Whether this scroll event was this view's own correction. Judged once per event,
   * by whichever listener asks first: an update() in between must not change the answer. */
  ownScroll(event) {
    if (event !== this.judged?.event) {
      const own = this.ownScrollTop !== null && Math.abs(this.list.scrollTop - this.ownScrollTop) < 1;
      this.judged = { event, own };
    }
    return this.judged.own;
  }

  #place(i) {
    return Math.max(0, this.#offset(i) - this.list.clientHeight * AT);
  }

  // The top of line i (the edge of its top margin), from the top of line 0.
  #offset(i) {
    const measured = this.measuredCount.before(i);
    return this.measuredSum.before(i) + (i - measured) * this.estimate;
  }

  // The line at height y (the last line whose top is at or above it).
  #indexAt(y) {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#offset(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // A focused line is not dropped while it is near; far away, focus goes to the list itself
  // (not to the page, where a keyboard user would have to start over).
  #keepFocus(from, to) {
    const focused = document.activeElement;
    if (focused === this.list || !this.list.contains(focused)) return [from, to];
    const i = focused.closest(".line-item")?.lineIndex;
    if (i === undefined || (i >= from && i < to)) return [from, to];
    if (i < from && from - i <= KEEP_FOCUSED) return [i, to];
    if (i >= to && i - to < KEEP_FOCUSED) return [from, i + 1];
    this.list.focus({ preventScroll: true });
    return [from, to];
  }

  // The list is one tab stop (transcript.js): when the line holding it is dropped, a line
  // in view takes it, so Tab still reaches the transcript.
  #keepTabStop() {
    if (this.list.querySelector('[tabindex="0"]')) return;
    const top = this.list.scrollTop;
    const item = this.items.find((it) => it.offsetTop + it.offsetHeight > top) ?? this.items[0];
    if (item) item.querySelector(".line").tabIndex = 0;
  }

  // Focus on the list itself (its line was dropped): a move key brings it to a line in view.
  #onListKeydown(event) {
    if (event.target !== this.list || !/^(Arrow(Up|Down)|Home|End)$/.test(event.key)) return;
    event.preventDefault();
    this.#keepTabStop();
    this.list.querySelector('[tabindex="0"]')?.focus();
  }

  // Makes the drawn lines exactly [from, to), keeping those already drawn.
  #drawRange(from, to) {
    if (from === this.first && to === this.last) return false;
    const keepFrom = Math.max(from, this.first);
    const keepTo = Math.min(to, this.last);
    const make = (a, b) => {
      const made = [];
      for (let i = a; i < b; i += 1) {
        const item = drawLine(this.lines[i], i, this.size);
        item.lineIndex = i;
        this.dress?.(item, i);
        made.push(item);
      }
      return made;
    };
    if (keepFrom >= keepTo) {
      for (const item of this.items) removeLine(item);
      this.items = make(from, to);
      this.above.after(...withHeadings(this.items));
    } else {
      for (const item of this.items.slice(0, keepFrom - this.first)) removeLine(item);
      for (const item of this.items.slice(keepTo - this.first)) removeLine(item);
      const before = make(from, keepFrom);
      const after = make(keepTo, to);
      this.above.after(...withHeadings(before));
      this.below.before(...withHeadings(after));
      this.items = [...before, ...this.items.slice(keepFrom - this.first, keepTo - this.first), ...after];
    }
    this.first = from;
    return true;
  }

  // Reads the drawn lines' heights (one layout); true when any differs from what was known.
  #measure() {
    let changed = false;
    this.items.forEach((item, k) => {
      const i = this.first + k;
      const top = item.headings[0] ?? item;
      const height = item.getBoundingClientRect().bottom - top.getBoundingClientRect().top +
        this.#marginTop(top);
      const known = this.heights[i];
      if (Math.abs(height - known) < 0.01) return;
      this.measuredSum.add(i, height - known);
      if (!known) this.measuredCount.add(i, 1);
      this.heights[i] = height;
      changed = true;
    });
    // The lines never drawn count at the mean of the first ones measured: an estimate that
    // kept moving would move every line below it, and the scrollbar with them.
    if (changed && !this.estimated) {
      this.estimate = this.measuredSum.before(this.count) / this.measuredCount.before(this.count);
      this.estimated = true;
    }
    return changed;
  }

  // What is known of the lines' heights: nothing yet, or nothing that still holds.
  #forgetHeights() {
    this.heights = new Float64Array(this.count); // measured; 0: not yet
    this.measuredSum = new PrefixSums(this.count);
    this.measuredCount = new PrefixSums(this.count);
    this.estimate = FIRST_ESTIMATE_PX;
    this.estimated = false;
    this.margins = new Map(); // margin-top by kind of item (heading, paragraph start, line)
  }

  // Margins between lines collapse: the gap above a line is its own top margin (1px, or a
  // paragraph's or a heading's space), so a line takes its height plus its top margin.
  #marginTop(item) {
    const kind = item.headings ? item.classList.contains("paragraph-start") : "heading";
    if (!this.margins.has(kind)) this.margins.set(kind, parseFloat(getComputedStyle(item).marginTop) || 0);
    return this.margins.get(kind);
  }

  #pad() {
    this.above.style.height = `${this.#offset(this.first)}px`;
    this.below.style.height = `${this.#offset(this.count) - this.#offset(this.last)}px`;
  }

  #scrollTop(y) {
    this.list.scrollTop = y;
    this.ownScrollTop = this.list.scrollTop;
  }

  // A new width re-wraps every line: what was measured no longer holds.
  #resized() {
    const width = this.list.clientWidth;
    if (width === this.width) return this.update();
    this.width = width;
    this.remeasure();
  }

  /** Measures the lines again: they re-wrapped (a new width, times shown or hidden). */
  remeasure() {
    if (this.estimated) {
      const top = this.list.scrollTop;
      const anchor = this.#indexAt(top);
      const fraction = (top - this.#offset(anchor)) / (this.heights[anchor] || this.estimate);
      this.#forgetHeights();
      this.#measure();
      this.#pad();
      this.#scrollTop(this.#offset(anchor) + fraction * (this.heights[anchor] || this.estimate));
    }
    this.update();
  }
}

function withHeadings(items) {
  return items.flatMap((item) => [...item.headings, item]);
}

function removeLine(item) {
  for (const heading of item.headings) heading.remove();
  item.remove();
}

function spacer() {
  const item = document.createElement("li");
  item.className = "spacer";
  item.setAttribute("aria-hidden", "true");
  return item;
}

/** The lines of a long transcript, from the JSON the server put beside its list. */
export function parseLines(list) {
  const script = document.querySelector(`script.transcript-lines[data-for="${CSS.escape(list.dataset.lang)}"]`);
  let headings = 0;
  return JSON.parse(script?.textContent || "[]").map((data) => {
    const line = new DataLine(data, headings);
    headings += line.more.h?.length ?? 0;
    return line;
  });
}

// A line as the server sends it (player/transcript.py): [start, end, text nodes], and a
// fourth item when it has any of v (voice), p (1: a paragraph's first line),
// h (the titles of the chapters it starts). A line's cue index is its place in the list.
class DataLine {
  constructor([start, end, nodes, more], headingsBefore) {
    this.start = start;
    this.end = end;
    this.nodes = nodes;
    this.more = more ?? {};
    this.headingsBefore = headingsBefore; // chapter headings above the line's own
    this.words = wordStarts(nodes, []);
  }

  /** The line's text exactly as drawLine() puts it in the .text element. */
  get text() {
    return (this.cachedText ??= (this.more.v ? `${this.more.v}: ` : "") + flatten(this.nodes));
  }
}

/** A long transcript's line `index` as an element: a clone of the page's line template (the
 * server's own markup for a line, player/templates/lesson/transcript.html) filled in. The
 * headings of the chapters it starts are its `headings`. */
function drawLine(line, index, { lang, count, chapterLang }) {
  const { start, end, nodes, more } = line;
  const item = document.getElementById("line-template").content.firstElementChild.cloneNode(true);
  item.classList.toggle("paragraph-start", Boolean(more.p));
  // Only some lines exist at a time: their place in the whole list is told explicitly.
  const place = index + line.headingsBefore + 1;
  item.headings = (more.h ?? []).map((title, k) => {
    const heading = element("li", "chapter-heading");
    if (chapterLang) heading.lang = chapterLang;
    heading.setAttribute("aria-posinset", place + k);
    heading.setAttribute("aria-setsize", count);
    heading.append(element("h3", "", title));
    return heading;
  });
  item.setAttribute("aria-posinset", place + item.headings.length);
  item.setAttribute("aria-setsize", count);
  const textId = `${lang}-cue-${index}`;

  const seek = item.querySelector(".line");
  Object.assign(seek.dataset, { cueIndex: index, start, end });
  seek.setAttribute("aria-describedby", textId);
  seek.querySelector(".time").textContent = clock(start);
  seek.querySelector(".visually-hidden").textContent = ` Play from ${spokenClock(start)}`;

  const text = item.querySelector(".text");
  text.id = textId;
  text.replaceChildren();
  if (more.v) text.append(element("span", "speaker", `${more.v}:`), " ");
  appendNodes(text, nodes);

  const copy = item.querySelector(".copy-link");
  copy.dataset.start = start;
  copy.setAttribute("aria-label", `Copy link to ${clock(start)}`);
  copy.hidden = false;
  return item;
}

// Text nodes: a string is text, [start, text] a timed word, {g: key, c: [...]} a glossary
// term holding text and words. Text goes in as text nodes, never as markup.
function appendNodes(parent, nodes) {
  for (const node of nodes) {
    if (typeof node === "string") {
      parent.append(node);
    } else if (Array.isArray(node)) {
      const word = element("span", "word", node[1]);
      word.dataset.start = node[0];
      parent.append(word);
    } else {
      const term = element("a", "term");
      term.href = `#gloss-${node.g}`;
      term.dataset.term = node.g;
      term.setAttribute("aria-describedby", `gloss-${node.g}-def`);
      term.tabIndex = -1;
      appendNodes(term, node.c);
      parent.append(term);
    }
  }
}

function flatten(nodes) {
  let text = "";
  for (const node of nodes) {
    if (typeof node === "string") text += node;
    else if (Array.isArray(node)) text += node[1];
    else text += flatten(node.c);
  }
  return text;
}

function wordStarts(nodes, starts) {
  for (const node of nodes) {
    // A word split in two by a glossary term's edge is still one word: one start.
    if (Array.isArray(node) && starts.at(-1) !== node[0]) starts.push(node[0]);
    else if (typeof node !== "string") wordStarts(node.c, starts);
  }
  return starts;
}


function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// "1 minute 23 seconds": a time as a screen reader should say it (as the server writes it).
function spokenClock(seconds) {
  const total = Math.floor(seconds);
  const [m, s] = [Math.floor(total / 60), total % 60];
  const minutes = m ? `${m} minute${m === 1 ? "" : "s"} ` : "";
  return `${minutes}${s} second${s === 1 ? "" : "s"}`;
}
