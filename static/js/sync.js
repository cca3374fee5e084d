// Keeps timelines in step with a media element: media time -> active item per timeline.
//
// Three sources, so no boundary is missed and none is late:
//  - a timer set for the next boundary, scaled by playbackRate (exact to a few ms);
//  - a requestAnimationFrame check while playing (a safety net: at most one frame late);
//  - media and TextTrack events (seeking, ratechange, cuechange, timeupdate...).
// Nothing runs while paused, ended or hidden: `timeupdate` alone keeps a background
// tab roughly right, and becoming visible resyncs.
import { activeAt, nextChangeAfter } from "./timeline.js";

const STALL_BACKOFF_MS = 50;

export function syncTimelines(video, channels, { signal } = {}) {
  // channels: [{ timeline, onChange(index, previousIndex) }]
  const current = channels.map(() => undefined);
  let frame = 0;
  let timer = 0;
  let plannedAt = NaN;
  let lastTimerTime = NaN;

  function update() {
    const t = video.currentTime;
    channels.forEach((channel, i) => {
      const index = activeAt(channel.timeline, t);
      if (index !== current[i]) {
        const previous = current[i];
        current[i] = index;
        channel.onChange(index, previous === undefined ? -1 : previous);
      }
    });
    return t;
  }

  function isRunning() {
    return !video.paused && !video.ended && document.visibilityState === "visible";
  }

  function plan(t) {
    if (!isRunning()) return stopTimer();
    const next = Math.min(...channels.map((c) => nextChangeAfter(c.timeline, t)));
    if (next === plannedAt && timer) return;
    stopTimer();
    if (!Number.isFinite(next)) return;
    plannedAt = next;
    const rate = video.playbackRate || 1;
    let delay = ((next - t) / rate) * 1000;
    // currentTime did not move since the last timer: playback is stalled, do not spin.
    if (t === lastTimerTime) delay = Math.max(delay, STALL_BACKOFF_MS);
    timer = setTimeout(onTimer, Math.max(0, delay));
  }

  function stopTimer() {
    clearTimeout(timer);
    timer = 0;
    plannedAt = NaN;
  }

  function onTimer() {
    timer = 0;
    plannedAt = NaN;
    lastTimerTime = update();
    plan(lastTimerTime);
  }

  function onFrame() {
    frame = 0;
    if (!isRunning()) return;
    plan(update());
    frame = requestAnimationFrame(onFrame);
  }

  function refresh() {
    const t = update();
    if (isRunning()) {
      plan(t);
      if (!frame) frame = requestAnimationFrame(onFrame);
    } else {
      stopTimer();
      cancelAnimationFrame(frame);
      frame = 0;
    }
  }

  const events = [
    "play", "playing", "pause", "ended", "seeking", "seeked", "ratechange",
    "timeupdate", "loadedmetadata", "emptied", "waiting",
  ];
  for (const name of events) video.addEventListener(name, refresh, { signal });
  for (const track of video.textTracks) track.addEventListener("cuechange", refresh, { signal });
  document.addEventListener("visibilitychange", refresh, { signal });
  signal?.addEventListener("abort", () => {
    stopTimer();
    cancelAnimationFrame(frame);
  });
  refresh();
  return { refresh };
}
