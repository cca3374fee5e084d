// The spine diagram: lights the regions the narration is about.
//
// Every element with data-region or data-level matching an active token gets
// data-active="true"; only elements whose state changes are touched. A text line
// under the diagram names what is lit, so colour is never the only signal. `onShow` lets the
// larger view (diagram-zoom.js) follow each change.

export const REGION_NAMES = {
  cervical: "the cervical spine (neck, C1–C7)",
  thoracic: "the thoracic spine (upper and middle back, T1–T12)",
  lumbar: "the lumbar spine (lower back, L1–L5)",
  sacral: "the sacrum and tailbone",
  "bone-marrow": "the bone marrow inside the vertebrae",
  "soft-tissue": "the soft tissue around the spine",
  "spinal-cord": "the spinal cord",
  nerves: "the nerves",
  lungs: "the lungs",
  breast: "the breast",
  liver: "the liver",
  "bowel-bladder": "the bowel and bladder",
  arms: "the arms",
  legs: "the legs",
  bloodstream: "the blood vessels",
  lymphatic: "the lymphatic system",
};

function describe(tokens) {
  const names = [];
  const levels = [];
  for (const token of tokens) {
    if (REGION_NAMES[token]) names.push(REGION_NAMES[token]);
    else levels.push(token.toUpperCase());
  }
  if (levels.length) names.push(`vertebra${levels.length > 1 ? "e" : ""} ${levels.join(", ")}`);
  if (!names.length) return "";
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  return `Highlighted: ${list}.`;
}

export class SpineDiagram {
  constructor(svg, caption) {
    this.svg = svg;
    this.caption = caption;
    this.onShow = null;
    this.idleText = caption?.textContent ?? "";
    this.elements = new Map();
    for (const el of svg?.querySelectorAll("[data-region], [data-level]") ?? []) {
      const token = el.dataset.region ?? el.dataset.level;
      if (!this.elements.has(token)) this.elements.set(token, []);
      this.elements.get(token).push(el);
    }
    this.lit = new Set();
  }

  show(tokens) {
    const wanted = new Set(tokens);
    for (const token of this.lit) {
      if (!wanted.has(token)) this.#set(token, false);
    }
    for (const token of wanted) {
      if (!this.lit.has(token)) this.#set(token, true);
    }
    this.lit = wanted;
    if (this.caption) this.caption.textContent = describe(tokens) || this.idleText;
    this.onShow?.();
  }

  #set(token, on) {
    for (const el of this.elements.get(token) ?? []) {
      if (on) el.dataset.active = "true";
      else delete el.dataset.active;
    }
  }
}
