// Captions drawn in the page, under the picture (never over it): the area that shows the cue
// of the moment from the chosen language's track, and the control bar's captions button.
// Which track, and whether captions are on, is languages.js's; this only draws.
// Cue text is data: it reaches the page as text nodes, never as markup.

export class CaptionArea {
  constructor(area, button, { onToggle, signal }) {
    this.area = area;
    this.button = button;
    this.track = null;
    this.signal = signal;
    this.draw = () => this.#draw();
    button?.addEventListener("click", onToggle, { signal });
  }

  // Called by Languages whenever captions go on or off or change language.
  show(on, lang, track) {
    if (this.button) {
      this.button.setAttribute("aria-pressed", String(on));
      this.button.querySelector(".cb-lang").textContent = (lang ?? "").toUpperCase();
    }
    if (!this.area) return;
    const follow = on ? track : null;
    if (follow !== this.track) {
      this.track?.removeEventListener("cuechange", this.draw);
      follow?.addEventListener("cuechange", this.draw, { signal: this.signal });
      this.track = follow;
    }
    this.area.hidden = !follow;
    if (follow) this.area.lang = lang;
    this.#draw();
  }

  #draw() {
    const cues = this.track?.activeCues ? [...this.track.activeCues] : [];
    const lines = cues.map(captionLine);
    this.area.replaceChildren(...lines.flatMap((line, i) => (i ? [document.createElement("br"), line] : [line])));
  }
}

// One cue as a span: its speaker (a WebVTT <v> voice) in bold, then its words. The browser's
// own cue parser builds the fragment; only its text is kept.
function captionLine(cue) {
  const fragment = cue.getCueAsHTML();
  const line = document.createElement("span");
  line.className = "caption-text";
  const voice = fragment.querySelector?.("span[title]")?.title;
  if (voice) {
    const speaker = document.createElement("span");
    speaker.className = "caption-speaker";
    speaker.textContent = `${voice}: `;
    line.append(speaker);
  }
  line.append(document.createTextNode(fragment.textContent.trim()));
  return line;
}
