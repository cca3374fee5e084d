// Glossary terms in the transcript: a .term shows its plain-language meaning in one shared
// card (a manual popover, anchored to the term where the browser can). A term is a link to
// its glossary entry, so a screen reader reads it inside its sentence and, without this
// script, it leads there; with it, the card opens in place.
//
// It opens on focus, on hover and on tap or click. A focus or hover card closes when focus
// or the pointer leaves (the pointer may move onto the card: WCAG 1.4.13, "hoverable");
// a clicked card stays when the pointer leaves, until clicked again, Escape, a click
// elsewhere or focus moving on.

const HOVER_CLOSE_MS = 300;

export class GlossaryCard {
  constructor(card, root, { signal }) {
    this.card = card;
    this.title = card.querySelector(".term-card-title");
    this.text = card.querySelector(".term-card-text");
    this.term = null; // the button whose meaning is shown
    this.pinned = false;
    this.timer = 0;
    const on = (target, name, handler) => target.addEventListener(name, handler, { signal });
    const termOf = (event) => event.target.closest?.(".term");

    on(root, "focusin", (e) => termOf(e) && this.open(termOf(e)));
    // Focus leaving for the card itself (a click to select its text) keeps it open.
    on(root, "focusout", (e) => {
      if (termOf(e) === this.term && !card.matches(":hover")) this.close();
    });
    on(root, "mouseover", (e) => termOf(e) && this.#hover(termOf(e)));
    on(root, "mouseout", (e) => termOf(e) && !termOf(e).contains(e.relatedTarget) && this.#leave());
    on(root, "click", (e) => {
      if (!termOf(e)) return;
      e.preventDefault();
      this.#click(termOf(e));
    });
    // Space presses a button; a term, a link, does the same.
    on(root, "keydown", (e) => {
      if (e.key !== " " || !termOf(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      this.#click(termOf(e));
    });
    on(card, "mouseenter", () => clearTimeout(this.timer));
    on(card, "mouseleave", () => this.#leave());
    on(document, "keydown", (e) => {
      if (e.key === "Escape" && this.term) {
        e.preventDefault();
        this.close();
      }
    });
    on(document, "pointerdown", (e) => {
      if (this.term && !termOf(e) && !card.contains(e.target)) this.close();
    });
  }

  open(term, { pinned = false } = {}) {
    clearTimeout(this.timer);
    this.pinned = pinned || (this.pinned && term === this.term);
    if (term === this.term) return;
    this.close();
    const key = term.dataset.term;
    this.title.textContent = document.getElementById(`gloss-${key}`)?.textContent ?? "";
    this.text.textContent = document.getElementById(`gloss-${key}-def`)?.textContent ?? "";
    this.term = term;
    this.pinned = pinned;
    term.setAttribute("aria-controls", this.card.id);
    term.setAttribute("aria-expanded", "true");
    this.card.showPopover?.({ source: term }); // the source anchors the card to the term
  }

  close() {
    clearTimeout(this.timer);
    if (!this.term) return;
    this.term.setAttribute("aria-expanded", "false");
    this.term = null;
    this.pinned = false;
    if (this.card.matches(":popover-open")) this.card.hidePopover();
  }

  #hover(term) {
    if (this.pinned && term !== this.term) return;
    this.open(term);
  }

  #leave() {
    if (this.pinned || this.term === document.activeElement) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.close(), HOVER_CLOSE_MS);
  }

  #click(term) {
    if (term === this.term && this.pinned) this.close();
    else this.open(term, { pinned: true });
  }
}
