// Media-fragment times in URLs (#t=83, #t=83.5, #t=1:23, #t=1:02:03), and times as people
// read them.

export function startTimeFromHash(hash) {
  const match = /(?:^#|&)t=(?:npt:)?([\d:.]+)/.exec(hash);
  if (!match) return null;
  const parts = match[1].split(":").map(Number);
  if (parts.length > 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) return null;
  return parts.reduce((total, n) => total * 60 + n, 0);
}

/** A link to this page that starts playing at `seconds` (to the millisecond). */
export function linkToMoment(seconds, href = location.href) {
  const url = new URL(href);
  url.hash = `t=${Math.round(seconds * 1000) / 1000}`;
  return url.href;
}

/** 0:05, 1:23, 1:02:03: the same form as the times printed beside the transcript. */
export function clock(seconds) {
  const total = Math.floor(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A link to a moment (#t=...) plays from there: when the page opens (once the video knows
 * its duration) and when the hash changes. Returns the opening time, or null. */
export function followMomentLinks(video, { signal }) {
  const start = startTimeFromHash(location.hash);
  if (start !== null) {
    video.addEventListener("loadedmetadata", () => (video.currentTime = start), { once: true });
    if (video.readyState >= 1) video.currentTime = start;
  }
  lightSearchHit(location.hash);
  addEventListener("hashchange", () => {
    const t = startTimeFromHash(location.hash);
    if (t !== null) video.currentTime = t;
    lightSearchHit(location.hash);
  }, { signal });
  return start;
}

// A link from a search of all lessons names the words to light (#t=83&hit=...): their code
// loads only then.
const lightSearchHit = (hash) =>
  /&hit=/.test(hash) && import("./search-hit.js").then((m) => m.lightSearchHit(hash));
