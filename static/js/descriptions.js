// Audio description (WCAG 1.2.5), as Able Player does it: the lesson's descriptions track,
// each cue shown in #description-area (a polite live region) and read by the browser's voice;
// "extended" pauses the video while a description is read. Loaded only on pages with the track.
import { recall, remember } from "./storage.js";
import { syncTimelines } from "./sync.js";
import { createTimeline } from "./timeline.js";

// The speech seam: the one place that talks to speechSynthesis (tests install a fake one).
// Returns a promise settled when the text has been read, or null when there is no voice.
export function speak(text, lang) {
  const synth = window.speechSynthesis;
  if (!synth?.getVoices().length) return null;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  const read = new Promise((resolve) => {
    utterance.addEventListener("end", resolve);
    utterance.addEventListener("error", resolve);
    // Some engines never end an utterance (no audio output): stop waiting after a slow read.
    setTimeout(resolve, 4000 + text.length * 120);
  });
  synth.speak(utterance);
  return read;
}

export function stopSpeaking() {
  window.speechSynthesis?.cancel();
}

/** The track's cues as { start, end, text } (plain text), once the browser has read them. */
function loadDescriptions(element) {
  const track = element.track;
  if (track.mode === "disabled") track.mode = "hidden"; // cues load and stay off screen
  const read = () =>
    [...(track.cues ?? [])]
      .map((cue) => ({
        start: cue.startTime,
        end: cue.endTime,
        text: cue.getCueAsHTML().textContent.replace(/\s+/g, " ").trim(),
      }))
      .filter((item) => item.text);
  if (element.readyState === HTMLTrackElement.LOADED) return Promise.resolve(read());
  return new Promise((resolve) => {
    element.addEventListener("load", () => resolve(read()), { once: true });
    element.addEventListener("error", () => resolve([]), { once: true });
  });
}

export async function installDescriptions(video, { signal }) {
  const button = document.getElementById("descriptions-button");
  const area = document.getElementById("description-area");
  const extendedBox = document.getElementById("description-extended");
  const voiceBox = document.getElementById("description-voice");
  const stage = document.querySelector(".stage");
  const element = document.getElementById("descriptions-track");
  const lang = element.srclang || document.documentElement.lang;
  const items = await loadDescriptions(element);
  if (!items.length || signal.aborted) return null;
  const timeline = createTimeline(items, { holdGap: 0 });

  const saved = recall("descriptions", {});
  let on = false;
  // The boxes already show what was chosen before (descriptions-button.js).
  let extended = extendedBox.checked;
  let voiced = voiceBox.checked;
  let shown = -1; // the description in the area
  let active = -1; // the description of the moment
  let turn = 0; // which reading's end still matters
  let reading = false;
  let holding = false; // the video is paused for a reading
  let ownPause = false; // the next "pause" event is the player's own
  let following = null; // the sync, while descriptions are on

  area.setAttribute("aria-live", "polite");
  area.setAttribute("aria-atomic", "true");
  const show = (i) => {
    shown = i;
    if (i < 0) return area.replaceChildren();
    const label = document.createElement("span");
    label.className = "description-label";
    label.textContent = "Description: ";
    area.replaceChildren(label, items[i].text);
  };

  // A seek, the viewer's pause or switching off ends the reading; a video paused for it
  // stays paused (the viewer chose so), except when descriptions are switched off.
  const stop = () => {
    turn += 1;
    if (reading) stopSpeaking();
    reading = false;
    holding = false;
    if (shown !== active) show(active);
  };

  const describe = (i) => {
    active = i;
    if (i < 0 && reading) return; // the text stays while it is read
    show(i);
    if (i < 0 || video.paused || video.seeking) return;
    // A screen reader already reads the live region: its user may turn the voice off.
    const done = voiced ? speak(items[i].text, lang) : null;
    if (!done) return; // no voice: the live region still announces it
    const mine = ++turn;
    reading = true;
    if (extended) {
      ownPause = holding = true;
      video.pause();
    }
    done.then(() => {
      if (mine !== turn) return;
      reading = false;
      if (shown !== active) show(active);
      if (holding) {
        holding = false;
        video.play().catch(() => {});
      }
    });
  };

  const setOn = (value) => {
    on = value;
    button.setAttribute("aria-pressed", String(on));
    remember("descriptions", { on, extended, voiced });
    // Off, the transcript's description items step aside too (without JavaScript they show).
    stage?.classList.toggle("descriptions-off", !on);
    if (on) {
      area.hidden = false;
      following = new AbortController();
      syncTimelines(video, [{ timeline, onChange: describe }], { signal: following.signal });
      return;
    }
    following?.abort();
    const resume = holding;
    active = -1;
    stop();
    if (resume) video.play().catch(() => {});
    area.hidden = true;
  };

  video.addEventListener("pause", () => {
    if (ownPause) ownPause = false;
    else stop();
  }, { signal });
  video.addEventListener("seeking", stop, { signal });
  video.addEventListener("play", () => (holding = false), { signal }); // the viewer resumed
  extendedBox.addEventListener("change", () => {
    extended = extendedBox.checked;
    remember("descriptions", { on, extended, voiced });
    if (!extended && holding) {
      holding = false;
      video.play().catch(() => {});
    }
  }, { signal });
  voiceBox.addEventListener("change", () => {
    voiced = voiceBox.checked;
    remember("descriptions", { on, extended, voiced });
    if (!voiced) stop();
  }, { signal });
  signal.addEventListener("abort", () => {
    following?.abort();
    stopSpeaking();
  });

  window.speechSynthesis?.getVoices(); // Chrome lists its voices only once asked
  button.hidden = false;
  extendedBox.closest(".description-settings").hidden = false;
  setOn(Boolean(saved.on));
  // The button's clicks come through main.js (the first one loads this module).
  return { toggle: () => setOn(!on) };
}
