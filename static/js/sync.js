// Keeps timelines in step with a media element: media time -> active item per timeline.
//
// Sources, so that no boundary is missed and none is late:
//  - a timer set to wake just before the next boundary (scaled by playbackRate), then a
//    task-by-task watch of currentTime until the boundary passes. A plain timer alone is
//    late by its own jitter; currentTime is stable within a task but advances between
//    tasks, so watching it over a few MessageChannel tasks lands within ~0.1 ms;
//  - a requestAnimationFrame check while playing (a safety net: at most a frame late);
//  - media and TextTrack events (seeking, ratechange, cuechange, timeupdate...).
// Nothing runs while paused, ended or hidden: `timeupdate` alone keeps a background tab
// roughly right, and becoming visible resyncs.
import { activeAt, nextChangeAfter } from "./timeline.js";

const LEAD_MS = 6; // wake this long before a boundary, then watch currentTime closely
const WATCH_LIMIT_MS = 40; // give up watching (a stall) after this long...
const STALL_BACKOFF_MS = 50; // ...and wait this long before trying again

export function syncTimelines(video, channels, { signal } = {}) {
  // channels: [{ timeline, onChange(index, previousIndex) }]
  const current = channels.map(() => undefined);
  const watch = new MessageChannel();
  let frame = 0;
  let timer = 0;
  let watching = false;
  let watchDeadline = 0;
  let planned = { at: NaN, rate: NaN };
  let stalled = false;

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
    if (!isRunning()) return cancel();
    const next = Math.min(...channels.map((c) => nextChangeAfter(c.timeline, t)));
    const rate = video.playbackRate || 1;
    if (next === planned.at && rate === planned.rate && (timer || watching)) return;
    cancel();
    if (!Number.isFinite(next)) return;
    planned = { at: next, rate };
    let delay = ((next - t) / rate) * 1000 - LEAD_MS;
    if (stalled) delay = Math.max(delay, STALL_BACKOFF_MS);
    if (delay > 0) timer = setTimeout(startWatching, delay);
    else startWatching();
  }

  function cancel() {
    clearTimeout(timer);
    timer = 0;
    watching = false;
    planned = { at: NaN, rate: NaN };
  }

  function startWatching() {
    timer = 0;
    watching = true;
    watchDeadline = performance.now() + WATCH_LIMIT_MS;
    watch.port2.postMessage(0);
  }

  watch.port1.onmessage = () => {
    if (!watching) return;
    const reached = video.currentTime >= planned.at;
    stalled = !reached && performance.now() > watchDeadline;
    if (!reached && !stalled && isRunning()) {
      watch.port2.postMessage(0);
      return;
    }
    watching = false;
    planned = { at: NaN, rate: NaN };
    plan(update());
  };

  function onFrame() {
    frame = 0;
    if (!isRunning()) return;
    plan(update());
    frame = requestAnimationFrame(onFrame);
  }

  function refresh() {
    stalled = false;
    const t = update();
    if (isRunning()) {
      plan(t);
      if (!frame) frame = requestAnimationFrame(onFrame);
    } else {
      cancel();
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
    cancel();
    cancelAnimationFrame(frame);
    watch.port1.close();
  });
  refresh();
  return { refresh };
}
