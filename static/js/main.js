// Wires the lesson page: media time -> active line, spoken word, chapter and regions -> DOM,
// and the viewer's tools. Each behaviour is its own module; this only connects them.
import { installBesideTabs } from "./beside-tabs.js";
import { CaptionArea } from "./captions.js";
import { installChapters } from "./chapters.js";
import { installControls } from "./controls.js";
import { followMomentLinks } from "./fragment.js";
import { GlossaryCard } from "./glossary.js";
import { Languages } from "./languages.js";
import { installResume } from "./resume.js";
import { installSettings } from "./settings.js";
import { installShortcuts } from "./shortcuts.js";
import { SpineDiagram } from "./spine.js";
import { recall } from "./storage.js";
import { syncTimelines } from "./sync.js";
import { createTimeline } from "./timeline.js";
import { createTranscripts } from "./transcripts.js";

const $ = (selector) => document.querySelector(selector);

function readLessonData() {
  const node = document.getElementById("lesson-data");
  return node ? JSON.parse(node.textContent) : { callouts: [], chapters: [] };
}

async function main() {
  const video = document.getElementById("video");
  if (!video) return;
  const data = readLessonData();
  const { signal } = new AbortController(); // one signal for every listener of the page
  for (const el of document.querySelectorAll(".tools, .search, .print, .js-only")) el.hidden = false;
  // Descriptions start off: their transcript items wait until they are turned on.
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

  const transcripts = await createTranscripts([...document.querySelectorAll(".transcript")], {
    onSeek: seekTo,
    // Loaded on the first use: most viewers never copy a link.
    onCopy: async (seconds, button) => {
      const { copyMoment } = await import("./share.js");
      copyMoment(seconds, button, announce);
    },
    resumeButton: $(".resume-scroll"),
    signal,
  });
  for (const note of document.querySelectorAll(".no-js")) note.remove();

  const diagram = new SpineDiagram($(".diagram .spine"), $("#now-showing"));
  // The diagram's larger view: its code loads on first use.
  $(".diagram-figure")?.addEventListener("click", async () => {
    const { openLargeDiagram } = await import("./diagram-zoom.js");
    openLargeDiagram(diagram, $("#diagram-dialog"), { signal });
  }, { signal });
  const showChapter = installChapters([...document.querySelectorAll(".chapter")], data.chapters,
    $("#chapter-status"), { onSeek: seekTo, signal });

  const sync = syncTimelines(video, [
    {
      timeline: createTimeline(data.callouts),
      onChange: (i) => diagram.show(i < 0 ? [] : data.callouts[i].regions),
    },
    { timeline: createTimeline(data.chapters, { holdGap: Infinity }), onChange: showChapter },
    ...transcripts.channels(),
  ], { signal });
  transcripts.searchFrom($(".search"), { onSeek: seekTo, signal });

  const captions = new CaptionArea($("#caption-area"), $(".cb-captions"), {
    onToggle: () => languages.toggleCaptions(),
    signal,
  });
  const languages = new Languages(video, transcripts.all.map((v) => v.list), {
    onCaptions: (on, lang, track) => captions.show(on, lang, track),
    select: $("#language"),
    root: $(".transcript-panel"),
    onSwitch: (list) => {
      transcripts.switchTo(list, video.currentTime);
      sync.refresh();
    },
    signal,
  });

  // Phones: the transcript and the diagram as tabs under the video.
  const tabs = installBesideTabs($(".beside-tabs"), $(".stage"), {
    onShow: (panel) => {
      const shown = transcripts.current?.transcript;
      if (panel.id === "transcript-panel" && shown) shown.revealLine(shown.activeIndex);
    },
    signal,
  });

  const card = $("#term-card");
  if (card) new GlossaryCard(card, $(".transcript-panel"), { signal });
  // The transcript's options load when first opened, or now if some were chosen before.
  const loadOptions = () => import("./transcript-options.js").then((m) =>
    m.installTranscriptOptions($(".transcript-panel"), transcripts.all.map((v) => v.transcript), { signal }));
  if (recall("transcript")) loadOptions();
  else $("#transcript-options")?.addEventListener("beforetoggle", loadOptions, { once: true, signal });

  installSettings(
    [video, $("#caption-area")],
    { size: $("#caption-size"), style: $("#caption-style") },
    { signal },
  );
  // Only a lesson with a descriptions track loads the code of its button.
  let toggleDescriptions = () => {};
  if (document.getElementById("descriptions-track")) {
    import("./descriptions-button.js").then((m) => (toggleDescriptions = m.installDescriptionsButton(
      video, $("#descriptions-button"), $(".description-settings"), { signal })));
  }

  const start = followMomentLinks(video, { signal });
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
      const target = transcripts.stepFrom(video.currentTime, delta);
      if (target !== undefined) seekTo(target);
    },
    toggleCaptions: () => languages.toggleCaptions(),
    toggleDescriptions: () => toggleDescriptions(),
    focusSearch: () => {
      controls.showTranscript();
      tabs?.select("transcript");
      const input = $("#transcript-search");
      input?.focus();
      input?.select();
    },
  }, { dialog: $("#shortcuts"), opener: $(".open-shortcuts"), signal });

  $(".print")?.addEventListener("click", () => print(), { signal });

  // For tests: the search tool once loaded, and the transcript on show.
  window.lessonPlayer = {
    get search() {
      return transcripts.search;
    },
    get transcript() {
      return transcripts.current?.transcript;
    },
  };
}

main();
