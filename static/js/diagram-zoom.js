// The diagram's larger view: the same drawing moves into a dialog, as large as the screen
// allows, zoomed to what the narration lights (a named vertebra first) and following it live.
// Loaded on first use (main.js).

const FULL = [0, 0, 360, 640];
const MIN_WINDOW = 110; // drawing units: a vertebra with its neighbours, never a lone box
const MIN_SCALE = 3; // CSS px a drawing unit: a thoracic vertebra ~30 px tall
const MAX_SCALE = 3.4; // closer, and the drawing around it is lost
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
let view = null;

export function openLargeDiagram(diagram, dialog, { signal }) {
  view ??= new LargeDiagram(diagram, dialog, signal);
  view.open();
}

class LargeDiagram {
  constructor(diagram, dialog, signal) {
    this.diagram = diagram;
    this.dialog = dialog;
    this.svg = diagram.svg;
    this.caption = diagram.caption;
    this.stage = dialog.querySelector(".diagram-stage");
    this.follow = dialog.querySelector(".diagram-follow");
    this.box = FULL;
    this.follow.addEventListener("click", () => {
      this.follow.setAttribute("aria-pressed", String(this.#following() ? "false" : "true"));
      this.fit();
    }, { signal });
    dialog.addEventListener("close", () => this.#putBack(), { signal });
    addEventListener("resize", () => dialog.open && this.fit({ animate: false }), { signal });
  }

  open() {
    if (this.dialog.open) return;
    this.home = [this.svg.parentNode, this.svg.nextSibling, this.caption?.parentNode, this.caption?.nextSibling];
    this.stage.append(this.svg);
    if (this.caption) {
      this.stage.after(this.caption);
      this.caption.setAttribute("aria-live", "polite"); // what is lit, as it changes
    }
    this.dialog.showModal();
    this.diagram.onShow = () => this.fit();
    this.fit({ animate: false });
  }

  // Zooms to the lit parts: the named vertebrae if any, else the lit regions' drawn parts
  // (their labels and leaders aside), else the whole drawing.
  fit({ animate = true } = {}) {
    const target = this.#following() ? this.#litWindow() : FULL;
    this.#zoomTo(target ?? FULL, animate && !reducedMotion.matches);
  }

  #following() {
    return this.follow.getAttribute("aria-pressed") === "true";
  }

  // The lit shapes' window, with their labels when the screen leaves room for both.
  #litWindow() {
    const lit = [...this.svg.querySelectorAll('[data-active="true"]')];
    if (!lit.length) return null;
    const levels = lit.filter((el) => el.matches("[data-level]"));
    const named = levels.length ? levels : lit;
    const shapes = named.flatMap((el) =>
      el.matches("[data-level]") ? [el] : [...el.querySelectorAll(":scope > :not(text, .leader, .dot)")]);
    const labels = named.map((el) => el.closest("[data-region]")?.querySelector(":scope > text"));
    const bare = this.#window(shapes);
    const labelled = this.#window([...shapes, ...labels.filter(Boolean)]);
    return this.#scale(labelled) >= MIN_SCALE ? labelled : bare;
  }

  #window(elements) {
    const toDrawing = this.svg.getScreenCTM().inverse();
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const el of elements) {
      const r = el.getBoundingClientRect();
      const a = new DOMPoint(r.left, r.top).matrixTransform(toDrawing);
      const b = new DOMPoint(r.right, r.bottom).matrixTransform(toDrawing);
      [x0, y0, x1, y1] = [Math.min(x0, a.x), Math.min(y0, a.y), Math.max(x1, b.x), Math.max(y1, b.y)];
    }
    if (!(x1 > x0)) return null;
    const pad = 0.12 * Math.max(x1 - x0, y1 - y0) + 10;
    let w = Math.max(x1 - x0 + 2 * pad, MIN_WINDOW, this.stage.clientWidth / MAX_SCALE);
    let h = Math.max(y1 - y0 + 2 * pad, MIN_WINDOW, this.stage.clientHeight / MAX_SCALE);
    // The window takes the stage's shape, so the zoom fills it.
    const aspect = this.stage.clientWidth / Math.max(1, this.stage.clientHeight);
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
    const place = (centre, size, limit) =>
      size >= limit ? (limit - size) / 2 : Math.min(Math.max(centre - size / 2, 0), limit - size);
    return [place((x0 + x1) / 2, w, FULL[2]), place((y0 + y1) / 2, h, FULL[3]), w, h];
  }

  #scale(box) {
    return box ? this.stage.clientWidth / box[2] : 0;
  }

  #zoomTo(target, animate) {
    cancelAnimationFrame(this.frame);
    const from = this.box;
    const started = performance.now();
    const step = (now) => {
      const t = animate ? Math.min(1, (now - started) / 300) : 1;
      const ease = 1 - (1 - t) ** 3;
      this.box = target.map((v, i) => from[i] + (v - from[i]) * ease);
      this.svg.setAttribute("viewBox", this.box.map((v) => v.toFixed(2)).join(" "));
      if (t < 1) this.frame = requestAnimationFrame(step);
    };
    step(started);
  }

  #putBack() {
    cancelAnimationFrame(this.frame);
    this.diagram.onShow = null;
    this.box = FULL;
    this.svg.setAttribute("viewBox", FULL.join(" "));
    const [svgParent, svgNext, captionParent, captionNext] = this.home;
    svgParent.insertBefore(this.svg, svgNext);
    if (this.caption) {
      this.caption.removeAttribute("aria-live");
      captionParent.insertBefore(this.caption, captionNext);
    }
  }
}
