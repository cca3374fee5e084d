// A transcript list: highlights the active line, keeps it in view, seeks on click, and moves
// focus through the lines.
//
// Each line is an <li> holding a seek button (.line, with data-cue-index/start/end), the
// line's text (which may hold glossary .term links) and a .copy-link button; other items
// (chapter headings, described scenes) are not lines and are passed over. The list is one
// tab stop (roving tabindex): Up/Down move between lines, Left/Right along a line.
//
// Auto-scroll follows the narration unless the viewer turned it off (follow) or holds the
// list still for now: by scrolling away themselves ("Resume auto-scroll" is offered while
// the active line is out of sight), or by searching (the matches stay in view).
// Which lines have elements is the view's business (lines.js, long-transcript.js): a long
// transcript draws only those near the viewport, so state lives here by line number and
// is put on a line's element when it is drawn (decorate).

const CELLS = ".line, .term, .copy-link";

export class TranscriptList {
  constructor(list, view, lines, { resumeButton, onSeek, onCopy, signal }) {
    this.list = list;
    this.view = view;
    this.lines = lines;
    this.resumeButton = resumeButton;
    this.onSeek = onSeek;
    this.onCopy = onCopy;
    this.activeIndex = -1;
    this.stopLine = 0; // the line holding the list's one tab stop
    this.follow = true;
    this.autoScroll = true;
    this.heldBy = null; // while auto-scroll waits: "viewer" or "search"
    this.scrollingUntil = 0; // a scroll of ours (auto-scroll, reveal) may still run until then
    this.reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
    for (const button of list.querySelectorAll(".copy-link")) button.hidden = false;

    list.addEventListener("click", (e) => this.#onClick(e), { signal });
    list.addEventListener("keydown", (e) => this.#onKeydown(e), { signal });
    list.addEventListener("focusin", (e) => this.#rove(e.target.closest(CELLS)), { signal });
    list.addEventListener("focusout", (e) => this.#onFocusout(e), { signal });
    // The viewer's own hand on the list (wheel, touch, its scrollbar, paging keys) takes
    // over from a scroll of ours still running: what scrolls next is theirs (#onScroll).
    const takingOver = (e) =>
      e.type === "wheel" || e.type === "touchmove" ||
      (e.type === "pointerdown" && e.target === list) || // on the scrollbar
      (e.type === "keydown" && /^(PageUp|PageDown)$/.test(e.key));
    for (const name of ["wheel", "touchmove", "pointerdown", "keydown"]) {
      list.addEventListener(name, (e) => takingOver(e) && (this.scrollingUntil = 0), {
        signal,
        passive: true,
      });
    }
    list.addEventListener("scroll", (e) => this.#onScroll(e), { signal, passive: true });
    resumeButton?.addEventListener("click", () => this.resumeAutoScroll(), { signal });
  }

  setActive(index) {
    const previous = this.view.element(this.activeIndex);
    if (previous) showActive(previous, false);
    this.activeIndex = index;
    if (index < 0) return;
    const next = this.view.element(index);
    if (next) showActive(next, true);
    if (!this.list.contains(document.activeElement)) this.#roveTo(index);
    if (this.autoScroll && this.follow) this.#scrollSoon(index);
    else if (this.heldBy === "viewer") this.#offerResumeSoon();
  }

  /** The viewer's choice: auto-scroll on (follow the narration) or off. */
  setFollow(on) {
    if (on === this.follow) return;
    this.follow = on;
    this.resumeAutoScroll();
  }

  /** Puts this transcript's state on line i's element, just drawn. */
  decorate(item, i) {
    if (i === this.activeIndex) showActive(item, true);
    if (i === this.stopLine) {
      const current = this.list.querySelector('[tabindex="0"]');
      if (current) current.tabIndex = -1;
      item.querySelector(".line").tabIndex = 0;
    }
  }

  resumeAutoScroll() {
    this.autoScroll = true;
    this.heldBy = null;
    this.#offerResume(false);
    if (this.follow && this.activeIndex >= 0) this.#scrollTo(this.activeIndex);
  }

  /** Holds the list still: by "viewer" (they scrolled it) or "search" (matches on show). */
  pauseAutoScroll(by = "viewer") {
    this.autoScroll = false;
    if (this.heldBy !== "viewer") this.heldBy = by;
    this.#offerResumeSoon();
  }

  /** Scrolls line i into view (a search match), without pausing auto-scroll. */
  revealLine(i) {
    this.#scrollTo(i);
  }

  #onClick(event) {
    const copy = event.target.closest(".copy-link");
    if (copy) return this.onCopy?.(Number(copy.dataset.start), copy);
    // Glossary terms open their meaning; a drag that selected text is not a seek.
    if (event.target.closest(".term") || !getSelection().isCollapsed) return;
    const line = event.target.closest(".line-item")?.querySelector(".line");
    if (!line) return;
    // Read as prose, a word is what one points at: play from it.
    const word = this.list.closest("[data-view=reading]") && event.target.closest(".word");
    this.resumeAutoScroll();
    this.onSeek(Number((word ?? line).dataset.start), Number(line.dataset.cueIndex));
  }

  #onKeydown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const last = this.lines.length - 1;
    const cell = event.target.closest(CELLS);
    if (!cell) return;
    const item = cell.closest(".line-item");
    const at = item.lineIndex;
    const line = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: last }[event.key];
    if (line !== undefined) {
      event.preventDefault();
      if (line >= 0 && line <= last) this.#focusLine(line);
      return;
    }
    // What a view leaves out (the copy button of a paragraph's line) is passed over.
    const cells = [...item.querySelectorAll(CELLS)].filter((c) => c.checkVisibility());
    const along = cells.indexOf(cell);
    const rtl = this.list.matches(":dir(rtl)");
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = cells[along + step];
    if (next) {
      this.#rove(next);
      next.focus();
    }
  }

  #focusLine(i) {
    this.view.reach(i);
    const cell = this.view.element(i)?.querySelector(".line");
    if (!cell) return;
    this.#rove(cell);
    cell.focus();
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
    this.stopLine = cell.closest(".line-item").lineIndex;
    const current = this.list.querySelector('[tabindex="0"]');
    if (current === cell) return;
    if (current) current.tabIndex = -1;
    cell.tabIndex = 0;
  }

  #roveTo(i) {
    const cell = this.view.element(i)?.querySelector(".line");
    if (cell) return this.#rove(cell);
    // Not drawn: the stop moves there when it is (decorate), and meanwhile stays put.
    this.stopLine = i;
  }

  // Scrolling reads layout; doing it in the next frame keeps the highlight change itself
  // cheap, so it lands at the boundary, and coalesces rapid changes.
  #scrollSoon(i) {
    this.scrollTarget = i;
    this.scrollFrame ||= requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (this.autoScroll && this.follow && this.scrollTarget >= 0) this.#scrollTo(this.scrollTarget);
    });
  }

  #scrollTo(i) {
    this.scrollingUntil = performance.now() + 1000;
    this.view.scrollToLine(i, { smooth: !this.reducedMotion.matches });
  }

  #onScroll(event) {
    // Any other scroll (a find-in-page jump, a script, focus moving) is the viewer's too.
    // While a scroll of ours runs, their input events (above) end it.
    if (performance.now() > this.scrollingUntil && !this.view.ownScroll(event)) {
      this.pauseAutoScroll();
    }
  }

  // "Resume auto-scroll" is offered only while the viewer holds the list and the active
  // line is out of sight; brought back into sight by the viewer, it is followed again.
  #offerResumeSoon() {
    this.offerFrame ||= requestAnimationFrame(() => {
      this.offerFrame = 0;
      if (this.heldBy !== "viewer") return this.#offerResume(false);
      const away = this.activeIndex >= 0 && !this.#inSight(this.activeIndex);
      if (!away && this.activeIndex >= 0) {
        this.autoScroll = true;
        this.heldBy = null;
      }
      this.#offerResume(away && this.follow);
    });
  }

  #offerResume(on) {
    if (this.resumeButton && !this.list.hidden) this.resumeButton.hidden = !on;
  }

  #inSight(i) {
    const item = this.view.element(i);
    if (!item) return false;
    const line = item.getBoundingClientRect();
    const box = this.list.getBoundingClientRect();
    return line.top >= box.top - 1 && line.bottom <= box.bottom + 1;
  }
}

function showActive(item, on) {
  item.classList.toggle("is-active", on);
  const line = item.querySelector(".line");
  if (on) line.setAttribute("aria-current", "true");
  else line.removeAttribute("aria-current");
}
