// Transcript search: finds the matches in every line's text, counts them, steps through
// them, and plays from the current one on Enter. Matches are marked with <mark> in the
// lines that have elements (a long transcript draws only those near the viewport), and in
// the others when they are drawn (decorate).
//
// Marks are built from text nodes (never markup), so a match may span several elements
// (timed words, glossary terms): it then has one <mark> per text node it touches.

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longer than any phrase a person looks for; a pasted 50,000-character word made a regular
// expression too large to compile. The input's maxlength says the same.
export const MAX_QUERY_CHARS = 200;

export class TranscriptSearch {
  constructor(form, { onSeek, onReveal, onQuery, signal }) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.count = form.querySelector(".search-count");
    this.steps = [...form.querySelectorAll(".search-step")];
    this.onSeek = onSeek;
    this.onReveal = onReveal;
    this.onQuery = onQuery;
    this.list = null;
    this.lines = [];
    this.view = null;
    this.hits = []; // each: { line, index, length } (index: where it starts in the line's text)
    this.hitsByLine = new Map(); // line -> its hits' numbers
    this.current = -1;

    this.input.addEventListener("input", () => this.run(), { signal });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.seekToCurrent();
    }, { signal });
    this.input.addEventListener("keydown", (e) => this.#onKeydown(e), { signal });
    for (const button of this.steps) {
      button.addEventListener("click", () => this.step(Number(button.dataset.step)), { signal });
    }
  }

  /** Searches this transcript from now on (a language switch shows another one). */
  setList(list, lines, view) {
    this.#unmark();
    Object.assign(this, { list, lines, view });
    this.run();
  }

  run() {
    this.#unmark();
    this.hits = [];
    this.hitsByLine = new Map();
    const words = this.input.value.slice(0, MAX_QUERY_CHARS).trim().split(/\s+/).filter(Boolean);
    if (this.list && words.length) {
      // Any run of spaces or line breaks between the words of a phrase matches.
      this.#find(new RegExp(words.map(escapeRegExp).join("\\s+"), "giu"));
      this.view.forEachDrawn((item, i) => this.decorate(item, i));
    }
    this.current = this.hits.length ? 0 : -1;
    this.#show();
    this.onQuery?.(words.length > 0, this.hits.length);
  }

  step(delta) {
    if (!this.hits.length) return;
    this.current = (this.current + delta + this.hits.length) % this.hits.length;
    this.#show();
  }

  seekToCurrent() {
    const hit = this.hits[this.current];
    if (hit) this.onSeek(this.lines[hit.line].start);
  }

  /** Marks the matches on line i's element, just drawn. */
  decorate(item, i) {
    const numbers = this.hitsByLine.get(i);
    if (!numbers) return;
    const text = item.querySelector(".text");
    const nodes = [];
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    let at = 0;
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, at });
      at += walker.currentNode.data.length;
    }
    for (const { node, at: nodeStart } of nodes) {
      const nodeEnd = nodeStart + node.data.length;
      const pieces = [];
      let cursor = nodeStart;
      for (const number of numbers) {
        const hit = this.hits[number];
        const a = Math.max(hit.index, nodeStart);
        const b = Math.min(hit.index + hit.length, nodeEnd);
        if (a >= b) continue;
        if (a > cursor) pieces.push(node.data.slice(cursor - nodeStart, a - nodeStart));
        const mark = document.createElement("mark");
        mark.textContent = node.data.slice(a - nodeStart, b - nodeStart);
        mark.dataset.hit = number;
        if (number === this.current) mark.classList.add("is-current");
        pieces.push(mark);
        cursor = b;
      }
      if (!pieces.length) continue;
      if (cursor < nodeEnd) pieces.push(node.data.slice(cursor - nodeStart));
      node.replaceWith(...pieces);
    }
  }

  #find(pattern) {
    this.lines.forEach((line, i) => {
      for (const match of line.text.matchAll(pattern)) {
        if (!match[0].length) continue;
        if (!this.hitsByLine.has(i)) this.hitsByLine.set(i, []);
        this.hitsByLine.get(i).push(this.hits.length);
        this.hits.push({ line: i, index: match.index, length: match[0].length });
      }
    });
  }

  #onKeydown(event) {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step && this.hits.length) {
      event.preventDefault();
      this.step(step);
    } else if (event.key === "Escape" && this.input.value) {
      event.preventDefault();
      this.input.value = "";
      this.run();
    }
  }

  #show() {
    const n = this.hits.length;
    const query = this.input.value.trim();
    this.count.textContent = !query
      ? ""
      : n
        ? `${this.current + 1} of ${n} ${n === 1 ? "match" : "matches"}`
        : "No matches";
    for (const button of this.steps) {
      button.disabled = n < 2;
      button.hidden = !query; // shown with the count, under the field
    }
    if (!this.list) return;
    for (const mark of this.list.querySelectorAll("mark.is-current")) {
      mark.classList.remove("is-current");
    }
    const hit = this.hits[this.current];
    if (!hit) return;
    this.onReveal(hit.line); // draws the line if it was not: its marks come with it
    for (const mark of this.list.querySelectorAll(`mark[data-hit="${this.current}"]`)) {
      mark.classList.add("is-current");
    }
  }

  #unmark() {
    if (!this.list) return;
    const parents = new Set();
    for (const mark of this.list.querySelectorAll("mark")) {
      parents.add(mark.parentNode);
      mark.replaceWith(mark.textContent);
    }
    for (const parent of parents) parent.normalize();
  }
}
