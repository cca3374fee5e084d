// Resume: where each lesson was left, remembered in this browser and offered as
// "Resume from 1:23" when the lesson is opened again (unless a link asks for a time).
import { clock } from "./fragment.js";
import { recall, remember } from "./storage.js";

const MARGIN = 3; // seconds: a position this close to the start or the end is not kept
const SAVE_EVERY = 2; // seconds of playback between saves

export function installResume(video, button, slug, { offer, onResume, signal }) {
  const key = `position:${slug}`;
  const saved = recall(key);
  let lastSaved = -Infinity;

  function save() {
    if (!video.played.length) return; // opening or seeking is not watching
    const t = video.currentTime;
    const end = video.duration || Infinity;
    remember(key, video.ended || t < MARGIN || t > end - MARGIN ? null : Math.floor(t * 10) / 10);
    lastSaved = t;
  }

  video.addEventListener("timeupdate", () => {
    if (Math.abs(video.currentTime - lastSaved) >= SAVE_EVERY) save();
  }, { signal });
  for (const name of ["pause", "seeked", "ended"]) video.addEventListener(name, save, { signal });
  addEventListener("pagehide", save, { signal });

  if (!offer || typeof saved !== "number" || saved < MARGIN) return;
  button.querySelector(".resume-time").textContent = clock(saved);
  button.hidden = false;
  const withdraw = () => (button.hidden = true);
  button.addEventListener("click", () => {
    withdraw();
    onResume(saved);
  }, { signal });
  const nearTheEnd = () => saved > video.duration - MARGIN && withdraw();
  nearTheEnd(); // the duration may be known already (NaN compares false until it is)
  video.addEventListener("loadedmetadata", nearTheEnd, { signal });
  // Playing from anywhere else answers the offer too.
  video.addEventListener("play", withdraw, { signal });
}
