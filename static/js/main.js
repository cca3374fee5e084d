// Wires the lesson page: media time -> active line, spoken word, chapter and regions -> DOM,
// and the viewer's tools (search, glossary, languages, settings, resume, links, shortcuts).
import { installBesideTabs } from "./beside-tabs.js";
import { SpineDiagram } from "./callouts.js";
import { CaptionArea } from "./captions.js";
import { installControls } from "./controls.js";
import { startTimeFromHash } from "./fragment.js";
import { GlossaryCard } from "./glossary.js";
import { Languages } from "./languages.js";
import { installResume } from "./resume.js";
import { installSettings } from "./settings.js";
import { installShortcuts } from "./shortcuts.js";
import { recall } from "./storage.js";
import { syncTimelines } from "./sync.js";
import { activeAt, createTimeline } from "./timeline.js";
import { FullView, readLines } from "./lines.js";
import { Transcript } from "./transcript.js";
import { WordHighlighter } from "./words.js";

const $ = (selector) => document.querySelector(selector);

function readLessonData() {
  const node = document.getElementById("lesson-data");
  return node ? JSON.parse(node.textContent) : { callouts: [], chapters: [] };
}

async function main() {
  const video = document.getElementById("video");
  if (!video) return;
  const data = readLessonData();
  const controller = new AbortController();
  const { signal } = controller;
  for (const el of document.querySelectorAll(".tools, .search, .print, .js-only")) el.hidden = false;
  // Descriptions start off: their transcript items wait until they are turned on
  // (descriptions.js, which loads later); without JavaScript they show.
  if (document.getElementById("descriptions-track")) $(".stage").classList.add("descriptions-off");

  // Metadata and chapter tracks must be "hidden" (not "disabled") to fire cuechange.
  for (const track of video.textTracks) {
    if (track.kind === "metadata" || track.kind === "chapters") track.mode = "hidden";
  }

  const seekTo = (seconds) => {
    video.currentTime = seconds;
    if (video.paused) video.play().catch(() => {});
  };
  const announce = (message) => ($("#announcer").textContent = message);

  // One view per caption language: its lines, where their elements are (all of them, or
  // for a long transcript those near the viewport), its transcript and its spoken words.
  // A line drawn later gets each one's state (active, spoken word, search marks).
  let search = null;
  // Only a page with a long transcript loads the code that draws one.
  const long = document.querySelector(".transcript[data-window]")
    ? await import("./long-transcript.js")
    : null;
  // Each long transcript is parsed in a task of its own (100,000 lines: ~0.1 s), so no
  // single task of the page's start holds the main thread for long.
  const parsed = new Map();
  for (const list of document.querySelectorAll(".transcript[data-window]")) {
    parsed.set(list, long.parseLines(list));
    await new Promise((resolve) => setTimeout(resolve));
  }
  const views = [...document.querySelectorAll(".transcript")].map((list) => {
    const v = { list };
    if (parsed.has(list)) {
      v.data = parsed.get(list);
      v.view = new long.LineWindow(list, v.data, {
        dress: (item, i) => {
          v.transcript.decorate(item, i);
          v.words.decorate(item, i);
          if (search?.list === list) search.decorate(item, i);
        },
        signal,
      });
    } else {
      v.data = readLines(list);
      v.view = new FullView(list);
    }
    v.transcript = new Transcript(list, v.view, v.data, {
      resumeButton: $(".resume-scroll"),
      onSeek: seekTo,
      // Loaded on the first use: most viewers never copy a link.
      onCopy: async (seconds, button) => {
        const { copyMoment } = await import("./share.js");
        copyMoment(seconds, button, announce);
      },
      signal,
    });
    v.words = new WordHighlighter(v.data, v.view);
    v.lines = createTimeline(v.data);
    return v;
  });
  let view = views[0];
  for (const note of document.querySelectorAll(".no-js")) note.remove();

  const diagram = new SpineDiagram($(".diagram .spine"), $("#now-showing"));
  // The diagram's larger view: its code loads on first use.
  $(".diagram-figure")?.addEventListener("click", async () => {
    const { openLargeDiagram } = await import("./diagram-zoom.js");
    openLargeDiagram(diagram, $("#diagram-dialog"), { signal });
  }, { signal });
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

  // The search tool's code loads when the search field is first used (focus, or "/"); a
  // query typed meanwhile is run as soon as it has.
  const searchForm = $(".search");
  const loadSearch = async () => {
    const { TranscriptSearch } = await import("./search.js");
    search = new TranscriptSearch(searchForm, {
      onSeek: seekTo,
      onReveal: (i) => view.transcript.revealLine(i),
      // While matches are shown, the list stays where they are.
      onQuery: (active, hits) => {
        if (active && hits) view.transcript.pauseAutoScroll("search");
        else if (!active) view.transcript.resumeAutoScroll();
      },
      signal,
    });
    search.setList(view.list, view.data, view.view);
  };
  if (view && searchForm) searchForm.addEventListener("focusin", loadSearch, { once: true, signal });

  const switchTo = (list) => {
    const t = video.currentTime;
    view.transcript.setActive(-1);
    view.words.setActive(-1);
    view = views.find((v) => v.list === list);
    view.view.update(); // shown now: a long transcript can draw its lines
    view.transcript.setActive(activeAt(view.lines, t));
    view.words.setActive(activeAt(view.words.timeline, t));
    view.transcript.resumeAutoScroll();
    search?.setList(list, view.data, view.view);
    sync.refresh();
  };
  view?.view.update(); // a long transcript draws its first lines
  const captions = new CaptionArea($("#caption-area"), $(".cb-captions"), {
    onToggle: () => languages.toggleCaptions(),
    signal,
  });
  const languages = new Languages(video, views.map((v) => v.list), {
    onCaptions: (on, lang, track) => captions.show(on, lang, track),
    select: $("#language"),
    root: $(".transcript-panel"),
    onSwitch: switchTo,
    signal,
  });

  // Phones: the transcript and the diagram as tabs under the video.
  const tabs = installBesideTabs($(".beside-tabs"), $(".stage"), {
    onShow: (panel) => panel.id === "transcript-panel" && view?.transcript.revealLine(view.transcript.activeIndex),
    signal,
  });

  const card = $("#term-card");
  if (card) new GlossaryCard(card, $(".transcript-panel"), { signal });
  // The transcript's options load when first opened, or now if some were chosen before.
  const loadOptions = () => import("./transcript-options.js").then((m) =>
    m.installTranscriptOptions($(".transcript-panel"), views.map((v) => v.transcript), { signal }));
  if (recall("transcript")) loadOptions();
  else $("#transcript-options")?.addEventListener("beforetoggle", loadOptions, { once: true, signal });

  installSettings(
    [video, $("#caption-area")],
    { size: $("#caption-size"), style: $("#caption-style") },
    { signal },
  );

  // A lesson with a descriptions track offers them at once; the code that reads them out
  // loads when they are first turned on (or with the page, if they were left on).
  const describeButton = $("#descriptions-button");
  let descriptions = null; // the module, once asked for
  const describer = () =>
    (descriptions ??= import("./descriptions.js")
      .then((m) => m.installDescriptions(video, { signal }))
      .then((installed) => installed ?? ((describeButton.hidden = true), null)));
  const toggleDescriptions = () => {
    if (describeButton.hidden) return;
    // Said at once; the module, loaded a moment later, does the rest (toggles in order).
    const pressed = describeButton.getAttribute("aria-pressed") === "true";
    describeButton.setAttribute("aria-pressed", String(!pressed));
    describer().then((d) => d?.toggle());
  };
  if (document.getElementById("descriptions-track")) {
    const choices = $(".description-settings");
    describeButton.hidden = choices.hidden = false;
    describeButton.addEventListener("click", toggleDescriptions, { signal });
    if (recall("descriptions")?.on) describer();
    choices.addEventListener("focusin", describer, { once: true, signal });
  }

  const start = startTimeFromHash(location.hash);
  installResume(video, $(".resume"), data.slug, { offer: start === null, onResume: seekTo, signal });

  const controls = installControls(video, $(".control-bar"), {
    stage: $(".stage"),
    chapters: data.chapters,
    seekTo: (seconds) => (video.currentTime = seconds),
    signal,
  });

  installShortcuts({
    ...controls,
    seekBy: (delta) => {
      const t = Math.max(0, video.currentTime + delta);
      video.currentTime = Math.min(t, video.duration || t);
    },
    stepLine: (delta) => {
      const starts = view?.data.map((line) => line.start) ?? [];
      const t = video.currentTime;
      const at = view?.transcript.activeIndex ?? -1;
      const target = delta > 0
        ? starts.find((s) => s > t + 0.05)
        : starts[at >= 0 ? at - 1 : starts.findLastIndex((s) => s < t - 0.05)];
      if (target !== undefined) seekTo(target);
    },
    toggleCaptions: () => languages.toggleCaptions(),
    toggleDescriptions,
    focusSearch: () => {
      controls.showTranscript();
      tabs?.select("transcript");
      const input = $("#transcript-search");
      input?.focus();
      input?.select();
    },
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
    get search() {
      return search;
    },
    get transcript() {
      return view?.transcript;
    },
    get view() {
      return view?.view; // where the lines' elements are (lines.js, long-transcript.js)
    },
    destroy: () => controller.abort(),
  };
}

main();
