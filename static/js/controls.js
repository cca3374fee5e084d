// The player's own control bar: play, a seek slider with the chapters marked on it, time,
// speed, volume, transcript on/off, theatre, picture in picture and full screen.
// (Captions: captions.js and languages.js. Descriptions: descriptions.js.)
// Without JavaScript the video keeps the browser's controls; this swaps them for the bar.
import { clock } from "./fragment.js";
import { installMenus } from "./menus.js";
import { SeekSlider } from "./seek.js";
import { recall, remember } from "./storage.js";

export const RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

export function installControls(video, bar, { stage, chapters, seekTo, signal }) {
  const $ = (selector) => bar.querySelector(selector);
  const on = (target, type, listener) => target.addEventListener(type, listener, { signal });
  const press = (button, pressed) => button.setAttribute("aria-pressed", String(pressed));
  const saved = () => recall("settings", {});
  const save = (change) => remember("settings", { ...saved(), ...change });

  video.removeAttribute("controls");
  video.tabIndex = -1; // focusable by a click (shortcuts then act on it), not a tab stop
  bar.hidden = false;

  // Play and pause: the picture itself is a play/pause target too.
  const play = $(".cb-play");
  const togglePlay = () => (video.paused || video.ended ? video.play().catch(() => {}) : video.pause());
  on(play, "click", togglePlay);
  on(video, "click", togglePlay);
  const showPlaying = () => {
    const playing = !video.paused && !video.ended;
    bar.classList.toggle("is-playing", playing);
    play.setAttribute("aria-label", playing ? "Pause" : "Play");
  };
  for (const type of ["play", "pause", "ended", "emptied"]) on(video, type, showPlaying);
  showPlaying();

  const slider = new SeekSlider($(".seek"), video, { chapters, seekTo, signal });
  const elapsed = $(".cb-elapsed");
  const total = $(".cb-total");
  const showTime = () => {
    elapsed.textContent = clock(video.currentTime);
    total.textContent = clock(video.duration || 0);
    slider.update();
  };
  for (const type of ["timeupdate", "seeking", "durationchange", "loadedmetadata"]) on(video, type, showTime);
  showTime();

  const menus = installMenus(bar, { signal });

  // Speed, 0.5x to 2x, remembered. The default rate survives the media element's load
  // algorithm; the rate alone does not.
  const rateLabel = $(".cb-rate");
  const speedButton = $(".cb-speed");
  const setRate = (rate) => {
    video.defaultPlaybackRate = video.playbackRate = rate;
    showRate(); // at once: ratechange comes a task later
  };
  const showRate = () => {
    const rate = video.playbackRate;
    rateLabel.textContent = `${rate}×`;
    speedButton.setAttribute("aria-label", `Speed ${rate}×`);
    for (const radio of bar.querySelectorAll("input[name=speed]")) radio.checked = Number(radio.value) === rate;
    save({ rate });
  };
  const stepRate = (delta) => {
    const at = RATES.findIndex((r) => r >= video.playbackRate);
    setRate(RATES[Math.min(RATES.length - 1, Math.max(0, (at < 0 ? RATES.length - 1 : at) + delta))]);
  };
  if (RATES.includes(saved().rate)) setRate(saved().rate);
  showRate();
  on(video, "ratechange", showRate);
  on($("#speed-menu"), "change", (event) => setRate(Number(event.target.value)));

  // Volume and mute. The level is remembered; muting is not (a page that opens silent
  // without saying why is worse than one that plays).
  const mute = $(".cb-mute");
  const level = $(".cb-volume-level");
  const showVolume = () => {
    const silent = video.muted || video.volume === 0;
    press(mute, silent);
    bar.classList.toggle("is-muted", silent);
    level.value = String(Math.round(video.volume * 100));
    level.setAttribute("aria-valuetext", `${level.value} percent`);
  };
  if (typeof saved().volume === "number") video.volume = Math.min(1, Math.max(0, saved().volume));
  const toggleMute = () => {
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 0.5;
    showVolume(); // at once: volumechange comes a task later
  };
  on(mute, "click", toggleMute);
  on(level, "input", () => {
    level.setAttribute("aria-valuetext", `${level.value} percent`);
    video.volume = Number(level.value) / 100;
    video.muted = video.volume === 0;
  });
  on(video, "volumechange", () => {
    showVolume();
    save({ volume: video.volume });
  });
  showVolume();

  // Transcript shown or hidden beside the video (the layout closes the gap), remembered.
  // Narrow screens show it in a tab instead (beside-tabs.js) and have no such button.
  const transcriptButton = $(".cb-transcript");
  const showTranscript = (shown) => {
    stage.classList.toggle("transcript-hidden", !shown);
    press(transcriptButton, shown);
    save({ transcript: shown });
  };
  on(transcriptButton, "click", () => showTranscript(stage.classList.contains("transcript-hidden")));
  if (saved().transcript === false) showTranscript(false);

  // Theatre: the video as wide as the page, the transcript beside or below it.
  const theatreButton = $(".cb-theatre");
  const setTheatre = (wide) => {
    stage.classList.toggle("theatre", wide);
    press(theatreButton, wide);
    save({ theatre: wide });
  };
  on(theatreButton, "click", () => {
    setTheatre(!stage.classList.contains("theatre"));
    if (stage.classList.contains("theatre")) bar.closest(".player").scrollIntoView({ block: "start" });
  });
  if (saved().theatre) setTheatre(true);

  // Full screen takes the whole stage (video, captions, transcript), so the transcript stays
  // reachable. A phone without element full screen (iPhone Safari) gets the video's own.
  const fullscreenButton = $(".cb-fullscreen");
  const toggleFullscreen = () => {
    if (document.fullscreenElement) return document.exitFullscreen().catch(() => {});
    if (stage.requestFullscreen) return stage.requestFullscreen().catch(() => {});
    video.webkitEnterFullscreen?.();
  };
  on(fullscreenButton, "click", toggleFullscreen);
  on(document, "fullscreenchange", () => {
    const full = document.fullscreenElement === stage;
    stage.classList.toggle("is-fullscreen", full);
    press(fullscreenButton, full);
    fullscreenButton.querySelector(".visually-hidden").textContent = full ? "Exit full screen" : "Full screen";
  });
  if (!stage.requestFullscreen && !video.webkitEnterFullscreen) fullscreenButton.hidden = true;

  // Picture in picture, where the browser has it.
  const pip = $(".cb-pip");
  if (document.pictureInPictureEnabled && !video.disablePictureInPicture) {
    pip.hidden = false;
    on(pip, "click", () => {
      const request = document.pictureInPictureElement
        ? document.exitPictureInPicture()
        : video.requestPictureInPicture();
      request.catch(() => {});
    });
    on(video, "enterpictureinpicture", () => press(pip, true));
    on(video, "leavepictureinpicture", () => press(pip, false));
  }

  return {
    togglePlay,
    toggleMute,
    toggleFullscreen,
    toggleTheatre: () => theatreButton.click(),
    showTranscript: () => showTranscript(true),
    stepRate,
    closeMenus: menus.closeAll,
  };
}
