// Playback speed, caption size and caption colours: applied to the video, remembered in
// this browser. Caption looks are `::cue` styles keyed on data attributes of the <video>.
import { recall, remember } from "./storage.js";

export function installSettings(video, { speed, size, style }, { signal }) {
  const saved = recall("settings", {});
  const pick = (select, value) => {
    const known = [...select.options].some((option) => option.value === String(value));
    if (known) select.value = String(value);
    return select.value;
  };
  const save = () =>
    remember("settings", {
      rate: video.playbackRate,
      captionSize: size.value,
      captionStyle: style.value,
    });
  const applyCaptions = () => {
    video.dataset.captionSize = size.value;
    video.dataset.captionStyle = style.value;
  };

  const rate = Number(pick(speed, saved.rate ?? 1));
  // The default rate survives the media element's load algorithm; the rate alone does not.
  video.defaultPlaybackRate = video.playbackRate = rate;
  pick(size, saved.captionSize ?? "normal");
  pick(style, saved.captionStyle ?? "normal");
  applyCaptions();

  speed.addEventListener("change", () => {
    video.defaultPlaybackRate = video.playbackRate = Number(speed.value);
  }, { signal });
  // The rate may also change from the video's own menu: the form follows it.
  video.addEventListener("ratechange", () => {
    pick(speed, video.playbackRate);
    save();
  }, { signal });
  for (const select of [size, style]) {
    select.addEventListener("change", () => {
      applyCaptions();
      save();
    }, { signal });
  }
}
