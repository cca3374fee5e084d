// Caption size and caption colours: applied to the captions drawn in the page and to the
// video's own (shown in its full screen), remembered in this browser. Caption looks are styles
// keyed on data attributes of those elements. (Speed: controls.js.)
import { recall, remember } from "./storage.js";

export function installSettings(targets, { size, style }, { signal }) {
  const saved = recall("settings", {});
  const pick = (select, value) => {
    const known = [...select.options].some((option) => option.value === String(value));
    if (known) select.value = String(value);
    return select.value;
  };
  const save = () =>
    remember("settings", {
      ...recall("settings", {}),
      captionSize: size.value,
      captionStyle: style.value,
    });
  const applyCaptions = () => {
    for (const target of targets) {
      if (!target) continue;
      target.dataset.captionSize = size.value;
      target.dataset.captionStyle = style.value;
    }
  };

  pick(size, saved.captionSize ?? "normal");
  pick(style, saved.captionStyle ?? "normal");
  applyCaptions();

  for (const select of [size, style]) {
    select.addEventListener("change", () => {
      applyCaptions();
      save();
    }, { signal });
  }
}
