// Word-level highlight: the word being spoken inside the active line.
//
// Where a cue carries WebVTT timestamp tags, the server renders each timed word as a
// <span class="word" data-start>. A word may be split into several spans (a glossary term
// can end inside it), so spans with the same start in one line form one word. A word lasts
// until the next word of its line starts, or the line ends.
import { createTimeline } from "./timeline.js";

export class WordHighlighter {
  constructor(list) {
    this.words = []; // each: the spans of one word
    const items = [];
    for (const line of list?.querySelectorAll(".line") ?? []) {
      const spans = line.parentElement.querySelectorAll(".word");
      const first = items.length;
      for (const span of spans) {
        const start = Number(span.dataset.start);
        if (items.length > first && items.at(-1).start === start) {
          this.words.at(-1).push(span);
          continue;
        }
        if (items.length > first) items.at(-1).end = start;
        items.push({ start, end: Number(line.dataset.end) });
        this.words.push([span]);
      }
    }
    // No hold across silences: between two lines no word is being spoken.
    this.timeline = createTimeline(items, { holdGap: 0 });
    this.activeIndex = -1;
  }

  setActive(index) {
    for (const span of this.words[this.activeIndex] ?? []) span.classList.remove("is-spoken");
    for (const span of this.words[index] ?? []) span.classList.add("is-spoken");
    this.activeIndex = index;
  }
}
