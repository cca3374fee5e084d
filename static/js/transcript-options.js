// How the transcript shows: lines or paragraphs, with or without times, following the
// narration or not, each word lit or not; chosen in the panel's "Options" and remembered in
// this browser. The panel's data-view, data-times and data-words are what
// transcript-views.css draws from; following is each transcript's own (setFollow).
// Loaded when the options are first opened, or with the page when some were chosen before.
import { recall, remember } from "./storage.js";

export const KEY = "transcript";

export async function installTranscriptOptions(panel, transcripts, { signal }) {
  const menu = panel?.querySelector("#transcript-options");
  if (!menu) return;
  await stylesheet(new URL("../css/transcript-views.css", import.meta.url));
  const saved = recall(KEY, {}) ?? {};
  const options = {
    view: saved.view === "reading" ? "reading" : "lines",
    times: saved.times !== false,
    follow: saved.follow !== false,
    words: saved.words !== false,
  };
  // A long transcript draws its lines one by one near the viewport: it has no paragraphs.
  const paragraphs = menu.querySelector('[value="reading"]');
  if (panel.querySelector(".transcript[data-window]")) {
    paragraphs.disabled = true;
    options.view = "lines";
  }

  const show = () => {
    panel.dataset.view = options.view;
    panel.dataset.times = options.times ? "on" : "off";
    panel.dataset.words = options.words ? "on" : "off";
    for (const input of menu.querySelectorAll("input")) {
      input.checked = input.type === "radio" ? input.value === options.view : options[input.name];
    }
    for (const t of transcripts) t.setFollow(options.follow);
  };
  menu.addEventListener("change", ({ target }) => {
    if (target.type === "radio") options.view = target.value;
    else options[target.name] = target.checked;
    remember(KEY, options);
    show();
    // The lines took new shapes: a long transcript measures them again, and the list goes
    // back to the line being spoken.
    for (const t of transcripts) {
      t.view.remeasure?.();
      if (!t.list.hidden) t.resumeAutoScroll();
    }
  }, { signal });
  show();
  const button = panel.querySelector(".options-button");
  const expanded = () => button?.setAttribute("aria-expanded", menu.matches(":popover-open"));
  menu.addEventListener("toggle", expanded, { signal });
  expanded();
}

// The views' styles, in before any view changes (no flash of a half-drawn view).
function stylesheet(href) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  const loaded = new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  });
  document.head.append(link);
  return loaded;
}
