// Word-level highlight: the word being spoken inside the active line.
//
// Where a cue carries WebVTT timestamp tags, each timed word is a <span class="word"
// data-start>. A word may be split into several spans (a glossary term can end inside
// it): spans with the same start in one line are one word. A word lasts until the next
// word of its line starts, or the line ends. A long transcript draws a line's element only
// while it is near the viewport (long-transcript.js), so the spoken word is kept by number
// and shown again when its line is drawn.
import { createTimeline } from "./timeline.js";

export class WordHighlighter {
  constructor(lines, view) {
    this.view = view;
    this.items = []; // each: { start, end, line }
    lines.forEach((line, i) => {
      line.words.forEach((start, k) => {
        this.items.push({ start, end: line.words[k + 1] ?? line.end, line: i });
      });
    });
    // No hold across silences: between two lines no word is being spoken.
    this.timeline = createTimeline(this.items, { holdGap: 0 });
    this.activeIndex = -1;
  }

  setActive(index) {
    this.#show(this.activeIndex, false);
    this.activeIndex = index;
    this.#show(index, true);
  }

  /** Shows the spoken word on line i's element, just drawn. */
  decorate(item, i) {
    const word = this.items[this.activeIndex];
    if (word?.line === i) showIn(item, word.start, true);
  }

  #show(index, on) {
    const word = this.items[index];
    const item = word && this.view.element(word.line);
    if (item) showIn(item, word.start, on);
  }
}

function showIn(item, start, on) {
  for (const span of item.querySelectorAll(".word")) {
    if (Number(span.dataset.start) === start) span.classList.toggle("is-spoken", on);
  }
}
