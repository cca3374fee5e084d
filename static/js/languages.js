// Caption languages and captions on or off: one state for the transcript, the captions drawn
// in the page and the video's own tracks. The chosen language's track is "hidden" (its cues
// drive the page's caption area) except while the browser draws captions itself: the video
// alone in full screen or in picture in picture, where it is "showing". Choosing a language
// or turning captions off in the browser's own menu there does the same as on the page.
import { recall, remember } from "./storage.js";

const isCaptions = (track) => track.kind === "captions" || track.kind === "subtitles";

export class Languages {
  constructor(video, lists, { select, root, onSwitch, onCaptions, signal }) {
    this.video = video;
    this.lists = lists;
    this.select = select;
    this.root = root; // holds each language's transcript and downloads, marked data-lang
    this.onSwitch = onSwitch;
    this.onCaptions = onCaptions;
    this.lang = lists[0]?.lang ?? video.querySelector("track[kind=captions]")?.srclang;
    // Captions start on when the lesson's track is marked default, unless the viewer said no.
    const byDefault = Boolean(video.querySelector("track[kind=captions][default]"));
    const saved = recall("captions");
    this.captionsOn = typeof saved === "boolean" ? saved : byDefault;
    // Where the browser draws captions itself: the video alone in full screen, or in picture
    // in picture (iPhone Safari's full screen has its own events).
    this.drawnBy = { fullscreen: false, pip: false };

    const on = (target, type, listener) => target.addEventListener(type, listener, { signal });
    const browserDraws = (where, yes) => {
      this.drawnBy[where] = yes;
      this.#apply();
    };
    if (select) on(select, "change", () => this.show(select.value));
    on(video.textTracks, "change", () => this.#adopt());
    on(document, "fullscreenchange", () => browserDraws("fullscreen", document.fullscreenElement === video));
    on(video, "webkitbeginfullscreen", () => browserDraws("fullscreen", true));
    on(video, "webkitendfullscreen", () => browserDraws("fullscreen", false));
    on(video, "enterpictureinpicture", () => browserDraws("pip", true));
    on(video, "leavepictureinpicture", () => browserDraws("pip", false));

    const language = recall("language");
    if (language && language !== this.lang && lists.some((l) => l.lang === language)) this.show(language);
    else this.#apply();
  }

  // The chosen language's captions track.
  get track() {
    return this.#captions().find((t) => t.language === this.lang) ?? null;
  }

  show(lang) {
    const list = this.lists.find((l) => l.lang === lang);
    if (!list || lang === this.lang) return;
    this.lang = lang;
    if (this.select) this.select.value = lang;
    for (const el of this.root.querySelectorAll("[data-lang]")) el.hidden = el.dataset.lang !== lang;
    remember("language", lang === this.lists[0].lang ? null : lang);
    this.#apply();
    this.onSwitch(list);
  }

  setCaptions(on) {
    this.captionsOn = on;
    remember("captions", on);
    this.#apply();
  }

  toggleCaptions() {
    this.setCaptions(!this.captionsOn);
  }

  get native() {
    return this.drawnBy.fullscreen || this.drawnBy.pip;
  }

  #expected(track) {
    if (!this.captionsOn || track.language !== this.lang) return "disabled";
    return this.native ? "showing" : "hidden";
  }

  #apply() {
    for (const track of this.#captions()) {
      const mode = this.#expected(track);
      if (track.mode !== mode) track.mode = mode;
    }
    this.onCaptions?.(this.captionsOn, this.lang, this.track);
  }

  // A track's mode changed and not by #apply: the browser's own captions menu, or its default
  // track turned on at load. A track shown is a choice of language; while the browser draws
  // captions (the only time it shows its menu), it is also captions on, and none shown is off.
  #adopt() {
    const tracks = this.#captions();
    if (tracks.every((t) => t.mode === this.#expected(t))) return;
    const shown = tracks.find((t) => t.mode === "showing" && t.language !== this.lang)
      ?? tracks.find((t) => t.mode === "showing");
    if (this.native && Boolean(shown) !== this.captionsOn) {
      this.captionsOn = Boolean(shown);
      remember("captions", this.captionsOn);
    }
    if (shown && shown.language !== this.lang) this.show(shown.language);
    else this.#apply();
  }

  #captions() {
    return [...this.video.textTracks].filter(isCaptions);
  }
}
