// The words a search of all lessons found, lit in the lesson's transcript when its result
// link opens the page (static/js/fragment.js loads this only for such a link).
import { startTimeFromHash } from "./fragment.js";

/** Lights the words a search result links to (#t=83&hit=metastatic+bone%20pain) in the
 * transcript line starting at that time: with the CSS Highlight API, which leaves the line's
 * markup alone and reads the words as text only. */
export function lightSearchHit(hash) {
  const t = startTimeFromHash(hash);
  const hit = /&hit=([^&]*)/.exec(hash);
  if (t === null || !hit || !globalThis.Highlight) return;
  const line = [...document.querySelectorAll(".transcript:not([hidden]) .line")]
    .find((button) => Math.abs(button.dataset.start - t) < 0.001);
  const text = line?.parentNode.querySelector(".text");
  if (!text) return; // a long transcript's line not drawn yet
  const nodes = [];
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const whole = nodes.map((node) => node.data).join("").toLowerCase();
  const range = (from, to) => {
    const r = new Range();
    for (const node of nodes) {
      if (from >= 0 && from <= node.length) r.setStart(node, from);
      if (to >= 0 && to <= node.length) return r.setEnd(node, to), r;
      from -= node.length;
      to -= node.length;
    }
  };
  const ranges = [];
  try {
    for (const word of hit[1].split("+").map(decodeURIComponent)) {
      const w = word.toLowerCase();
      for (let i = whole.indexOf(w); w && i >= 0; i = whole.indexOf(w, i + w.length)) {
        ranges.push(range(i, i + w.length));
      }
    }
  } catch {
    return; // a hand-made link with a malformed escape lights nothing
  }
  CSS.highlights.set("search-hit", new Highlight(...ranges.filter(Boolean)));
}
