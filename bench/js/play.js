// Evaluated by the bench (page.evaluate): rewind to 0 while paused, clear the records,
// play the whole clip at `rate` and perform `actions` when the media time reaches each
// `at` (pause for `ms` then resume, seek `to`, or set `rate`), then return the records.
// A warm-up play first so no pass starts on an empty buffer (our page preloads metadata).
async ({ rate, actions, timeoutMs }) => {
  const v = document.getElementById("video");
  const once = (name) => new Promise((r) => v.addEventListener(name, r, { once: true }));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  v.muted = true;
  if (v.readyState < 3) {
    const playing = once("playing");
    await v.play();
    await playing;
  }
  v.pause();
  if (v.currentTime !== 0) {
    const seeked = once("seeked");
    v.currentTime = 0;
    await seeked;
  }
  await sleep(150);
  window.__bench.events.length = 0;
  v.playbackRate = rate;
  const log = [];
  let next = 0;
  // Polls every few ms: precise enough to land an action well inside a 250 ms cue.
  const poll = setInterval(() => {
    while (next < actions.length && v.currentTime >= actions[next].at) {
      const action = actions[next++];
      log.push({ ...action, wall: performance.now(), t: v.currentTime });
      if (action.type === "pause") {
        v.pause();
        setTimeout(() => v.play(), action.ms);
      } else if (action.type === "seek") {
        v.currentTime = action.to;
      } else if (action.type === "rate") {
        v.playbackRate = action.rate;
      }
    }
  }, 2);
  const ended = once("ended");
  const started = performance.now();
  await v.play();
  const timeout = sleep(timeoutMs).then(() => {
    throw new Error("playback timed out");
  });
  try {
    await Promise.race([ended, timeout]);
  } finally {
    clearInterval(poll);
  }
  return { events: window.__bench.events.slice(), log, wall: performance.now() - started };
}
