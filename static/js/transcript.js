// The transcript: highlights the active line, keeps it in view, and seeks on click.
//
// Lines are server-rendered buttons carrying data-cue-index/data-start/data-end; this
// module reads them once and afterwards touches only the lines that change.

export class Transcript {
  constructor(list, { resumeButton, onSeek, signal }) {
    this.list = list;
    this.lines = [...list.querySelectorAll(".line")];
    this.resumeButton = resumeButton;
    this.onSeek = onSeek;
    this.activeIndex = -1;
    this.autoScroll = true;
    this.programmaticScrollUntil = 0;
    this.reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

    list.addEventListener("click", (e) => this.#onClick(e), { signal });
    list.addEventListener("keydown", (e) => this.#onKeydown(e), { signal });
    list.addEventListener("focusin", (e) => this.#rove(e.target.closest(".line")), { signal });
    for (const name of ["wheel", "touchmove"]) {
      list.addEventListener(name, () => this.#pauseAutoScroll(), { signal, passive: true });
    }
    list.addEventListener("scroll", () => this.#onScroll(), { signal, passive: true });
    resumeButton?.addEventListener("click", () => this.resumeAutoScroll(), { signal });
  }

  /** The timed items of this transcript, in document order. */
  items() {
    return this.lines.map((line) => ({
      start: Number(line.dataset.start),
      end: Number(line.dataset.end),
    }));
  }

  setActive(index) {
    const previous = this.lines[this.activeIndex];
    const next = this.lines[index];
    if (previous) {
      previous.removeAttribute("aria-current");
      previous.classList.remove("is-active");
    }
    this.activeIndex = index;
    if (!next) return;
    next.setAttribute("aria-current", "true");
    next.classList.add("is-active");
    if (!this.list.contains(document.activeElement)) this.#rove(next);
    if (this.autoScroll) this.#scrollSoon(next);
  }

  resumeAutoScroll() {
    this.autoScroll = true;
    if (this.resumeButton) this.resumeButton.hidden = true;
    const active = this.lines[this.activeIndex];
    if (active) this.#scrollTo(active);
  }

  #onClick(event) {
    const line = event.target.closest(".line");
    if (!line) return;
    this.resumeAutoScroll();
    this.onSeek(Number(line.dataset.start), Number(line.dataset.cueIndex));
  }

  #onKeydown(event) {
    const line = event.target.closest(".line");
    if (!line || event.altKey || event.ctrlKey || event.metaKey) return;
    const at = this.lines.indexOf(line);
    const target = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: this.lines.length - 1,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = this.lines[Math.max(0, Math.min(this.lines.length - 1, target))];
    this.#rove(next);
    next.focus();
  }

  // Roving tabindex: the transcript is one tab stop; arrows move within it.
  #rove(line) {
    if (!line) return;
    const current = this.list.querySelector('.line[tabindex="0"]');
    if (current === line) return;
    if (current) current.tabIndex = -1;
    line.tabIndex = 0;
  }

  // Scrolling reads layout (offsetTop); doing it in the next frame keeps the highlight
  // change itself cheap, so it lands at the boundary, and coalesces rapid changes.
  #scrollSoon(line) {
    this.scrollTarget = line;
    this.scrollFrame ||= requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (this.autoScroll && this.scrollTarget) this.#scrollTo(this.scrollTarget);
    });
  }

  #scrollTo(line) {
    const top = line.offsetTop - this.list.clientHeight / 3;
    const behavior = this.reducedMotion.matches ? "auto" : "smooth";
    this.programmaticScrollUntil = performance.now() + 1000;
    this.list.scrollTo({ top: Math.max(0, top), behavior });
  }

  #onScroll() {
    // A scroll we did not start (scrollbar drag, keyboard) is the user reading ahead.
    if (performance.now() > this.programmaticScrollUntil) this.#pauseAutoScroll();
  }

  #pauseAutoScroll() {
    this.programmaticScrollUntil = 0;
    if (!this.autoScroll) return;
    this.autoScroll = false;
    if (this.resumeButton) this.resumeButton.hidden = false;
  }
}
