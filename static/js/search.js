// Transcript search: marks each match inside the lines with <mark>, counts the matches,
// steps through them, and plays from the current one on Enter.
//
// Marks are built from text nodes (never markup), so a match may span several elements
// (timed words, glossary terms): it then has one <mark> per text node it touches.

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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
    this.hits = []; // each: { marks, line }
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

  focus() {
    this.input.focus();
    this.input.select();
  }

  /** Searches `list` from now on (a language switch shows another transcript). */
  setList(list) {
    this.#unmark();
    this.list = list;
    this.run();
  }

  run() {
    this.#unmark();
    const words = this.input.value.trim().split(/\s+/).filter(Boolean);
    if (this.list && words.length) {
      // Any run of spaces or line breaks between the words of a phrase matches.
      this.#mark(new RegExp(words.map(escapeRegExp).join("\\s+"), "giu"));
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
    if (hit) this.onSeek(Number(hit.line.dataset.start));
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
    for (const [i, hit] of this.hits.entries()) {
      for (const mark of hit.marks) mark.classList.toggle("is-current", i === this.current);
    }
    const n = this.hits.length;
    const query = this.input.value.trim();
    this.count.textContent = !query
      ? ""
      : n
        ? `${this.current + 1} of ${n} ${n === 1 ? "match" : "matches"}`
        : "No matches";
    for (const button of this.steps) button.disabled = n < 2;
    const hit = this.hits[this.current];
    if (hit) this.onReveal(hit.marks[0]);
  }

  #mark(pattern) {
    for (const text of this.list.querySelectorAll(".text")) {
      const nodes = [];
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      let full = "";
      while (walker.nextNode()) {
        nodes.push({ node: walker.currentNode, at: full.length });
        full += walker.currentNode.data;
      }
      const matches = [...full.matchAll(pattern)].filter((m) => m[0].length);
      if (!matches.length) continue;
      const line = text.closest(".line-item").querySelector(".line");
      const hits = matches.map(() => ({ marks: [], line }));
      for (const { node, at } of nodes) {
        const end = at + node.data.length;
        const pieces = [];
        let cursor = at;
        matches.forEach((m, k) => {
          const a = Math.max(m.index, at);
          const b = Math.min(m.index + m[0].length, end);
          if (a >= b) return;
          if (a > cursor) pieces.push(document.createTextNode(full.slice(cursor, a)));
          const mark = document.createElement("mark");
          mark.textContent = full.slice(a, b);
          hits[k].marks.push(mark);
          pieces.push(mark);
          cursor = b;
        });
        if (!pieces.length) continue;
        if (cursor < end) pieces.push(document.createTextNode(full.slice(cursor, end)));
        node.replaceWith(...pieces);
      }
      this.hits.push(...hits);
    }
  }

  #unmark() {
    const parents = new Set();
    for (const hit of this.hits) {
      for (const mark of hit.marks) {
        parents.add(mark.parentNode);
        mark.replaceWith(mark.textContent);
      }
    }
    for (const parent of parents) parent.normalize();
    this.hits = [];
    this.current = -1;
  }
}
