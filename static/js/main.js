// Wires the lesson page: media time -> active line, spoken word, chapter and regions -> DOM,
// and the viewer's tools (search, glossary, languages, settings, resume, links, shortcuts).
import { SpineDiagram } from "./callouts.js";
import { startTimeFromHash } from "./fragment.js";
import { GlossaryCard } from "./glossary.js";
import { Languages } from "./languages.js";
import { installResume } from "./resume.js";
import { TranscriptSearch } from "./search.js";
import { installSettings } from "./settings.js";
import { copyMoment } from "./share.js";
import { installShortcuts } from "./shortcuts.js";
import { syncTimelines } from "./sync.js";
import { activeAt, createTimeline } from "./timeline.js";
import { Transcript } from "./transcript.js";
import { WordHighlighter } from "./words.js";

const $ = (selector) => document.querySelector(selector);

function readLessonData() {
  const node = document.getElementById("lesson-data");
  return node ? JSON.parse(node.textContent) : { callouts: [], chapters: [] };
}

function main() {
  const video = document.getElementById("video");
  if (!video) return;
  const data = readLessonData();
  const controller = new AbortController();
  const { signal } = controller;
  for (const el of document.querySelectorAll(".tools, .search, .print, .js-only")) el.hidden = false;

  // Metadata and chapter tracks must be "hidden" (not "disabled") to fire cuechange.
  for (const track of video.textTracks) {
    if (track.kind === "metadata" || track.kind === "chapters") track.mode = "hidden";
  }

  const seekTo = (seconds) => {
    video.currentTime = seconds;
    if (video.paused) video.play().catch(() => {});
  };
  const announce = (message) => ($("#announcer").textContent = message);

  // One view per caption language: its transcript, its lines' and its words' timelines.
  const views = [...document.querySelectorAll(".transcript")].map((list) => {
    const transcript = new Transcript(list, {
      resumeButton: $(".resume-scroll"),
      onSeek: seekTo,
      onCopy: (seconds, button) => copyMoment(seconds, button, announce),
      signal,
    });
    const words = new WordHighlighter(list);
    return { list, transcript, words, lines: createTimeline(transcript.items()) };
  });
  let view = views[0];

  const diagram = new SpineDiagram($(".diagram svg"), $("#now-showing"));
  const chapterButtons = [...document.querySelectorAll(".chapter")];
  for (const button of chapterButtons) {
    button.addEventListener("click", () => seekTo(Number(button.dataset.start)), { signal });
  }
  let chapterKnown = false;
  const showChapter = (i, previous) => {
    chapterButtons[previous]?.removeAttribute("aria-current");
    chapterButtons[i]?.setAttribute("aria-current", "true");
    // Announced politely when it changes, not on arrival: the chapter list shows it.
    const chapter = data.chapters[i];
    if (chapterKnown && chapter) {
      $("#chapter-status").textContent =
        `Chapter ${i + 1} of ${data.chapters.length}: ${chapter.title}`;
    }
    chapterKnown = true;
  };

  const channels = [
    {
      timeline: createTimeline(data.callouts),
      onChange: (i) => diagram.show(i < 0 ? [] : data.callouts[i].regions),
    },
    { timeline: createTimeline(data.chapters, { holdGap: Infinity }), onChange: showChapter },
  ];
  if (view) {
    // Getters: a language switch swaps the view these two channels follow.
    channels.push(
      { get timeline() { return view.lines; }, onChange: (i) => view.transcript.setActive(i) },
      { get timeline() { return view.words.timeline; }, onChange: (i) => view.words.setActive(i) },
    );
  }
  const sync = syncTimelines(video, channels, { signal });

  const searchForm = $(".search");
  const search = view && searchForm
    ? new TranscriptSearch(searchForm, {
        onSeek: seekTo,
        onReveal: (mark) => view.transcript.reveal(mark),
        // While matches are shown, the list stays where they are.
        onQuery: (active, hits) => {
          if (active && hits) view.transcript.pauseAutoScroll();
          else if (!active) view.transcript.resumeAutoScroll();
        },
        signal,
      })
    : null;
  search?.setList(view.list);

  const switchTo = (list) => {
    const t = video.currentTime;
    view.transcript.setActive(-1);
    view.words.setActive(-1);
    view = views.find((v) => v.list === list);
    view.transcript.setActive(activeAt(view.lines, t));
    view.words.setActive(activeAt(view.words.timeline, t));
    view.transcript.resumeAutoScroll();
    search?.setList(list);
    sync.refresh();
  };
  const languages = new Languages(video, views.map((v) => v.list), {
    select: $("#language"),
    root: $(".transcript-panel"),
    onSwitch: switchTo,
    signal,
  });

  const card = $("#term-card");
  if (card) new GlossaryCard(card, $(".transcript-panel"), { signal });

  installSettings(
    video,
    { speed: $("#speed"), size: $("#caption-size"), style: $("#caption-style") },
    { signal },
  );

  const start = startTimeFromHash(location.hash);
  installResume(video, $(".resume"), data.slug, { offer: start === null, onResume: seekTo, signal });

  installShortcuts({
    togglePlay: () => (video.paused ? video.play().catch(() => {}) : video.pause()),
    seekBy: (delta) => {
      const t = Math.max(0, video.currentTime + delta);
      video.currentTime = Math.min(t, video.duration || t);
    },
    stepLine: (delta) => {
      const starts = view?.transcript.items().map((item) => item.start) ?? [];
      const t = video.currentTime;
      const at = view?.transcript.activeIndex ?? -1;
      const target = delta > 0
        ? starts.find((s) => s > t + 0.05)
        : starts[at >= 0 ? at - 1 : starts.findLastIndex((s) => s < t - 0.05)];
      if (target !== undefined) seekTo(target);
    },
    toggleCaptions: () => languages.toggleCaptions(),
    focusSearch: () => search?.focus(),
  }, { dialog: $("#shortcuts"), opener: $(".open-shortcuts"), signal });

  $(".print")?.addEventListener("click", () => print(), { signal });

  if (start !== null) {
    video.addEventListener("loadedmetadata", () => (video.currentTime = start), { once: true });
    if (video.readyState >= 1) video.currentTime = start;
  }
  window.addEventListener("hashchange", () => {
    const t = startTimeFromHash(location.hash);
    if (t !== null) video.currentTime = t;
  }, { signal });

  window.lessonPlayer = {
    video,
    sync,
    diagram,
    search,
    get transcript() {
      return view?.transcript;
    },
    destroy: () => controller.abort(),
  };
}

main();
