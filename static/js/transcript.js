// The transcript: highlights the active line, keeps it in view, seeks on click, and moves
// focus through the lines.
//
// Each line is an <li> holding a seek button (.line, with data-cue-index/start/end), the
// line's text (which may hold glossary .term buttons) and a .copy-link button. The list is
// one tab stop (roving tabindex): Up/Down move between lines, Left/Right along a line.
// Lines are read once; afterwards only the lines that change are touched.

const CELLS = ".line, .term, .copy-link";

export class Transcript {
  constructor(list, { resumeButton, onSeek, onCopy, signal }) {
    this.list = list;
    this.lines = [...list.querySelectorAll(".line")];
    this.resumeButton = resumeButton;
    this.onSeek = onSeek;
    this.onCopy = onCopy;
    this.activeIndex = -1;
    this.autoScroll = true;
    this.programmaticScrollUntil = 0;
    this.reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
    for (const button of list.querySelectorAll(".copy-link")) button.hidden = false;

    list.addEventListener("click", (e) => this.#onClick(e), { signal });
    list.addEventListener("keydown", (e) => this.#onKeydown(e), { signal });
    list.addEventListener("focusin", (e) => this.#rove(e.target.closest(CELLS)), { signal });
    list.addEventListener("focusout", (e) => this.#onFocusout(e), { signal });
    for (const name of ["wheel", "touchmove"]) {
      list.addEventListener(name, () => this.pauseAutoScroll(), { signal, passive: true });
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
      previous.parentElement.classList.remove("is-active");
    }
    this.activeIndex = index;
    if (!next) return;
    next.setAttribute("aria-current", "true");
    next.parentElement.classList.add("is-active");
    if (!this.list.contains(document.activeElement)) this.#rove(next);
    if (this.autoScroll) this.#scrollSoon(next.parentElement);
  }

  resumeAutoScroll() {
    this.autoScroll = true;
    if (this.resumeButton) this.resumeButton.hidden = true;
    const active = this.lines[this.activeIndex];
    if (active) this.#scrollTo(active.parentElement);
  }

  pauseAutoScroll() {
    this.programmaticScrollUntil = 0;
    if (!this.autoScroll) return;
    this.autoScroll = false;
    if (this.resumeButton) this.resumeButton.hidden = false;
  }

  /** Scrolls the list so that `element` (inside it) is in view, without pausing auto-scroll. */
  reveal(element) {
    const item = element.closest(".line-item");
    if (item) this.#scrollTo(item);
  }

  #onClick(event) {
    const copy = event.target.closest(".copy-link");
    if (copy) return this.onCopy?.(Number(copy.dataset.start), copy);
    // Glossary terms open their meaning; a drag that selected text is not a seek.
    if (event.target.closest(".term") || !getSelection().isCollapsed) return;
    const line = event.target.closest(".line-item")?.querySelector(".line");
    if (!line) return;
    this.resumeAutoScroll();
    this.onSeek(Number(line.dataset.start), Number(line.dataset.cueIndex));
  }

  #onKeydown(event) {
    const cell = event.target.closest(CELLS);
    if (!cell || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const item = cell.closest(".line-item");
    const at = this.lines.indexOf(item.querySelector(".line"));
    const cells = [...item.querySelectorAll(CELLS)];
    const along = cells.indexOf(cell);
    const rtl = this.list.matches(":dir(rtl)");
    const target = {
      ArrowDown: () => this.lines[at + 1],
      ArrowUp: () => this.lines[at - 1],
      Home: () => this.lines[0],
      End: () => this.lines.at(-1),
      ArrowRight: () => cells[along + (rtl ? -1 : 1)],
      ArrowLeft: () => cells[along + (rtl ? 1 : -1)],
    }[event.key];
    if (!target) return;
    event.preventDefault();
    const next = target();
    if (next) {
      this.#rove(next);
      next.focus();
    }
  }

  // The copy button shows only on a focused, hovered or active line: when focus leaves
  // the list, its tab stop goes back to the line's own button, which always shows.
  #onFocusout(event) {
    if (this.list.contains(event.relatedTarget)) return;
    const stop = this.list.querySelector('[tabindex="0"]');
    if (stop?.matches(".copy-link")) this.#rove(stop.closest(".line-item").querySelector(".line"));
  }

  // Roving tabindex: exactly one cell of the list is in the tab order.
  #rove(cell) {
    if (!cell) return;
    const current = this.list.querySelector('[tabindex="0"]');
    if (current === cell) return;
    if (current) current.tabIndex = -1;
    cell.tabIndex = 0;
  }

  // Scrolling reads layout (offsetTop); doing it in the next frame keeps the highlight
  // change itself cheap, so it lands at the boundary, and coalesces rapid changes.
  #scrollSoon(item) {
    this.scrollTarget = item;
    this.scrollFrame ||= requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (this.autoScroll && this.scrollTarget) this.#scrollTo(this.scrollTarget);
    });
  }

  #scrollTo(item) {
    const top = item.offsetTop - this.list.clientHeight / 3;
    const behavior = this.reducedMotion.matches ? "auto" : "smooth";
    this.programmaticScrollUntil = performance.now() + 1000;
    this.list.scrollTo({ top: Math.max(0, top), behavior });
  }

  #onScroll() {
    // A scroll we did not start (scrollbar drag, keyboard) is the user reading ahead.
    if (performance.now() > this.programmaticScrollUntil) this.pauseAutoScroll();
  }
}
