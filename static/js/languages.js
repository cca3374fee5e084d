// Caption languages: one menu switches the captions on the video and the transcript
// together. Choosing a language in the video's own captions menu does the same.
import { recall, remember } from "./storage.js";

const isCaptions = (track) => track.kind === "captions" || track.kind === "subtitles";

export class Languages {
  constructor(video, lists, { select, root, onSwitch, signal }) {
    this.video = video;
    this.lists = lists;
    this.select = select;
    this.root = root; // holds each language's transcript and downloads, marked data-lang
    this.onSwitch = onSwitch;
    this.lang = lists[0]?.lang;
    select?.addEventListener("change", () => this.show(select.value), { signal });
    video.textTracks.addEventListener("change", () => {
      const showing = this.#captions().find((track) => track.mode === "showing");
      if (showing && showing.language !== this.lang) this.show(showing.language);
    }, { signal });
    // At load the browser may not have turned the default track on yet: its `default`
    // attribute says whether captions start on.
    const saved = recall("language");
    const on = Boolean(video.querySelector("track[kind=captions][default]"));
    if (saved && saved !== this.lang) this.show(saved, { captionsOn: on });
  }

  show(lang, { captionsOn } = {}) {
    const list = this.lists.find((l) => l.lang === lang);
    if (!list || lang === this.lang) return;
    this.lang = lang;
    if (this.select) this.select.value = lang;
    for (const el of this.root.querySelectorAll("[data-lang]")) el.hidden = el.dataset.lang !== lang;
    const on = captionsOn ?? this.#captions().some((track) => track.mode === "showing");
    for (const track of this.#captions()) {
      track.mode = on && track.language === lang ? "showing" : "disabled";
    }
    remember("language", lang === this.lists[0].lang ? null : lang);
    this.onSwitch(list);
  }

  toggleCaptions() {
    const track = this.#captions().find((t) => t.language === this.lang);
    if (track) track.mode = track.mode === "showing" ? "disabled" : "showing";
  }

  #captions() {
    return [...this.video.textTracks].filter(isCaptions);
  }
}
