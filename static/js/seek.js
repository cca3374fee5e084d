// The seek slider: an ARIA slider over the video's time with the chapters marked on it.
// Keys: arrows 5 s, Page Up/Down 10 % (at least 10 s), Home/End. Pointer: press and drag.
// Its value is said in words with the chapter ("1 minute 5 seconds of 1 minute 47 seconds,
// chapter 2 of 5: ..."); a tooltip shows time and chapter on hover and on focus.
import { clock } from "./fragment.js";

const STEP = 5;

export function spokenTime(seconds) {
  const total = Math.floor(seconds);
  const parts = [
    [Math.floor(total / 3600), "hour"],
    [Math.floor(total / 60) % 60, "minute"],
    [total % 60, "second"],
  ].filter(([n], i) => n || (i === 2 && total < 60));
  return parts.map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`).join(" ");
}

export class SeekSlider {
  constructor(element, video, { chapters, seekTo, signal }) {
    this.element = element;
    this.video = video;
    this.chapters = chapters; // [{start, title}], by start
    this.fill = element.querySelector(".seek-fill");
    this.thumb = element.querySelector(".seek-thumb");
    this.tip = element.querySelector(".seek-tip");
    this.shown = { now: -1, max: -1, chapter: -2 };
    const on = (type, listener, target = element) => target.addEventListener(type, listener, { signal });
    const seek = (t) => {
      const end = video.duration || 0;
      // Seeking to the very end would end playback: the last frame is close enough.
      seekTo(Math.min(Math.max(0, t), Math.max(0, end - 0.1)));
    };

    on("keydown", (event) => {
      const t = video.currentTime;
      const page = Math.max(10, (video.duration || 0) / 10);
      const target = {
        ArrowLeft: t - STEP, ArrowDown: t - STEP, ArrowRight: t + STEP, ArrowUp: t + STEP,
        PageDown: t - page, PageUp: t + page, Home: 0, End: video.duration || 0,
      }[event.key];
      if (target === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      event.stopPropagation(); // the page's arrow-key shortcuts would seek a second time
      seek(target);
    });

    // Press and drag: the video follows the pointer (one seek per animation frame).
    let dragging = false;
    let pending = null;
    const timeAt = (event) => {
      const box = element.getBoundingClientRect();
      const x = Math.min(Math.max(0, event.clientX - box.left), box.width);
      return box.width ? (x / box.width) * (video.duration || 0) : 0;
    };
    const seekSoon = (t) => {
      if (pending === null) requestAnimationFrame(() => {
        seek(pending);
        pending = null;
      });
      pending = t;
    };
    on("pointerdown", (event) => {
      if (event.button !== 0) return;
      dragging = true;
      element.setPointerCapture(event.pointerId);
      element.focus({ preventScroll: true });
      seekSoon(timeAt(event));
    });
    on("pointermove", (event) => {
      this.showTip(timeAt(event));
      if (dragging) seekSoon(timeAt(event));
    });
    on("pointerup", () => (dragging = false));
    on("pointercancel", () => (dragging = false));
    on("pointerleave", () => (dragging ? null : this.hideTip()));
    on("focus", () => this.showTip(video.currentTime));
    on("blur", () => this.hideTip());
  }

  chapterAt(t) {
    let at = -1;
    this.chapters.forEach((chapter, i) => {
      if (chapter.start <= t + 0.001) at = i;
    });
    return at;
  }

  update() {
    const { video, element } = this;
    const max = Number.isFinite(video.duration) ? video.duration : 0;
    const now = Math.min(video.currentTime, max);
    const fraction = max ? now / max : 0;
    element.style.setProperty("--progress", String(fraction));
    if (max !== this.shown.max) {
      this.shown.max = max;
      element.setAttribute("aria-valuemax", String(Math.floor(max)));
      for (const mark of element.querySelectorAll(".seek-mark")) {
        const start = Number(mark.dataset.start);
        mark.hidden = !max || start <= 0 || start >= max;
        if (max) mark.style.left = `${(start / max) * 100}%`;
      }
    }
    // Whole seconds only: a screen reader on the slider hears a new value at most once a second.
    const second = Math.floor(now);
    const chapter = this.chapterAt(now);
    if (second === this.shown.now && chapter === this.shown.chapter) return;
    this.shown.now = second;
    this.shown.chapter = chapter;
    element.setAttribute("aria-valuenow", String(second));
    let text = `${spokenTime(now)} of ${spokenTime(max)}`;
    if (chapter >= 0) {
      text += `, chapter ${chapter + 1} of ${this.chapters.length}: ${this.chapters[chapter].title}`;
    }
    element.setAttribute("aria-valuetext", text);
    if (document.activeElement === element) this.showTip(now);
  }

  showTip(t) {
    const max = this.video.duration || 0;
    const chapter = this.chapterAt(t);
    this.tip.querySelector(".seek-tip-time").textContent = clock(t);
    this.tip.querySelector(".seek-tip-chapter").textContent = chapter >= 0 ? this.chapters[chapter].title : "";
    this.tip.style.setProperty("--at", String(max ? Math.min(t / max, 1) : 0));
    this.tip.classList.add("is-shown");
  }

  hideTip() {
    if (document.activeElement !== this.element) this.tip.classList.remove("is-shown");
  }
}
