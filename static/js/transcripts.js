// One view per caption language: its lines, where their elements are (all of them, or for a
// long transcript those near the viewport), its list (highlight, scroll, keys), its spoken
// words and its timeline. One is on show; a language switch changes which, in step with the
// media time. A line drawn later gets each one's state (active, spoken word, search marks).
import { FullView, readLines } from "./lines.js";
import { activeAt, createTimeline } from "./timeline.js";
import { TranscriptList } from "./transcript.js";
import { WordHighlighter } from "./words.js";

export async function createTranscripts(lists, { onSeek, onCopy, resumeButton, signal }) {
  // Only a page with a long transcript loads the code that draws one. Each is parsed in a
  // task of its own (100,000 lines: ~0.1 s), so no task of the page's start runs long.
  const windowed = lists.filter((list) => list.dataset.window !== undefined);
  const long = windowed.length ? await import("./long-transcript.js") : null;
  const parsed = new Map();
  for (const list of windowed) {
    parsed.set(list, long.parseLines(list));
    await new Promise((resolve) => setTimeout(resolve));
  }
  return new Transcripts(lists, { long, parsed, onSeek, onCopy, resumeButton, signal });
}

class Transcripts {
  constructor(lists, { long, parsed, onSeek, onCopy, resumeButton, signal }) {
    this.search = null; // the search tool, once loaded: it marks the lines drawn later
    this.all = lists.map((list) => {
      const v = { list };
      if (parsed.has(list)) {
        v.data = parsed.get(list);
        v.view = new long.LineWindow(list, v.data, {
          dress: (item, i) => {
            v.transcript.decorate(item, i);
            v.words.decorate(item, i);
            if (this.search?.list === list) this.search.decorate(item, i);
          },
          signal,
        });
      } else {
        v.data = readLines(list);
        v.view = new FullView(list);
      }
      v.transcript = new TranscriptList(list, v.view, v.data, { resumeButton, onSeek, onCopy, signal });
      v.words = new WordHighlighter(v.data, v.view);
      v.timeline = createTimeline(v.data);
      return v;
    });
    this.current = this.all[0] ?? null;
    this.current?.view.update(); // a long transcript draws its first lines
  }

  /** The sync channels for the view on show (getters: a switch changes what they follow). */
  channels() {
    if (!this.current) return [];
    const views = this;
    return [
      { get timeline() { return views.current.timeline; }, onChange: (i) => views.current.transcript.setActive(i) },
      { get timeline() { return views.current.words.timeline; }, onChange: (i) => views.current.words.setActive(i) },
    ];
  }

  /** Show the view of `list`, lit where the media is at `t`. */
  switchTo(list, t) {
    const old = this.current;
    old.transcript.setActive(-1);
    old.words.setActive(-1);
    const now = (this.current = this.all.find((v) => v.list === list));
    now.view.update(); // shown now: a long transcript can draw its lines
    now.transcript.setActive(activeAt(now.timeline, t));
    now.words.setActive(activeAt(now.words.timeline, t));
    now.transcript.resumeAutoScroll();
    this.search?.setList(list, now.data, now.view);
  }

  /** Where "next line" (delta 1) or "previous line" (-1) plays from, at media time `t`. */
  stepFrom(t, delta) {
    const starts = this.current?.data.map((line) => line.start) ?? [];
    const at = this.current?.transcript.activeIndex ?? -1;
    return delta > 0
      ? starts.find((s) => s > t + 0.05)
      : starts[at >= 0 ? at - 1 : starts.findLastIndex((s) => s < t - 0.05)];
  }

  /** The search tool's code loads when its field is first used (focus, or "/"); a query
   * typed meanwhile runs as soon as it has. */
  searchFrom(form, { onSeek, signal }) {
    if (!this.current || !form) return;
    const load = async () => {
      const { TranscriptSearch } = await import("./search.js");
      this.search = new TranscriptSearch(form, {
        onSeek,
        onReveal: (i) => this.current.transcript.revealLine(i),
        // While matches are shown, the list stays where they are.
        onQuery: (active, hits) => {
          if (active && hits) this.current.transcript.pauseAutoScroll("search");
          else if (!active) this.current.transcript.resumeAutoScroll();
        },
        signal,
      });
      this.search.setList(this.current.list, this.current.data, this.current.view);
    };
    form.addEventListener("focusin", load, { once: true, signal });
  }
}
