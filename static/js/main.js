// Wires the lesson page: media time -> active line, chapter and regions -> DOM.
import { SpineDiagram } from "./callouts.js";
import { startTimeFromHash } from "./fragment.js";
import { syncTimelines } from "./sync.js";
import { createTimeline } from "./timeline.js";
import { Transcript } from "./transcript.js";

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

  // Metadata and chapter tracks must be "hidden" (not "disabled") to fire cuechange.
  for (const track of video.textTracks) {
    if (track.kind === "metadata" || track.kind === "chapters") track.mode = "hidden";
  }

  const seekTo = (seconds) => {
    video.currentTime = seconds;
    if (video.paused) video.play().catch(() => {});
  };

  const list = document.querySelector(".transcript");
  const transcript = list
    ? new Transcript(list, {
        resumeButton: document.querySelector(".resume-scroll"),
        onSeek: seekTo,
        signal,
      })
    : null;

  const diagram = new SpineDiagram(
    document.querySelector(".diagram svg"),
    document.getElementById("now-showing"),
  );

  const chapterButtons = [...document.querySelectorAll(".chapter")];
  for (const button of chapterButtons) {
    button.addEventListener("click", () => seekTo(Number(button.dataset.start)), { signal });
  }

  const channels = [
    {
      timeline: createTimeline(data.callouts),
      onChange: (i) => diagram.show(i < 0 ? [] : data.callouts[i].regions),
    },
    {
      timeline: createTimeline(data.chapters, { holdGap: Infinity }),
      onChange: (i, previous) => {
        chapterButtons[previous]?.removeAttribute("aria-current");
        chapterButtons[i]?.setAttribute("aria-current", "true");
      },
    },
  ];
  if (transcript) {
    channels.push({
      timeline: createTimeline(transcript.items()),
      onChange: (i) => transcript.setActive(i),
    });
  }
  const sync = syncTimelines(video, channels, { signal });

  const start = startTimeFromHash(location.hash);
  if (start !== null) {
    video.addEventListener("loadedmetadata", () => (video.currentTime = start), { once: true });
    if (video.readyState >= 1) video.currentTime = start;
  }
  window.addEventListener("hashchange", () => {
    const t = startTimeFromHash(location.hash);
    if (t !== null) video.currentTime = t;
  }, { signal });

  window.lessonPlayer = { video, sync, transcript, diagram, destroy: () => controller.abort() };
}

main();
