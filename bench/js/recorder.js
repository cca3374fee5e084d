// Injected before any page script (Playwright add_init_script): records every change of
// "highlighted" state on the page and the media time at which it happened.
//
// Only the stable hooks are read: `.transcript .line[data-cue-index]` with
// aria-current="true", diagram elements `[data-region]`/`[data-level]` with
// data-active="true", and, on the Hyperaudio Lite page, `<p data-hyper-line>` with its
// `active` class. The MutationObserver callback runs in the microtask checkpoint right
// after the task that changed the DOM, so `video.currentTime` read there is the media
// time that task saw.
(() => {
  const bench = { events: [], longtasks: [], clicks: [], seeked: [] };
  window.__bench = bench;
  const state = new WeakMap();
  let video = null;

  function describe(el) {
    if (el.matches(".transcript .line[data-cue-index]")) {
      return ["line", el.dataset.cueIndex, el.getAttribute("aria-current") === "true"];
    }
    if (el.matches("[data-hyper-line]")) {
      return ["line", el.dataset.hyperLine, el.classList.contains("active")];
    }
    if (el.matches("[data-region], [data-level]")) {
      return ["region", el.dataset.region ?? el.dataset.level, el.dataset.active === "true"];
    }
    return null;
  }

  new MutationObserver((records) => {
    video ??= document.getElementById("video") ?? document.querySelector("video");
    const t = video ? video.currentTime : NaN;
    const wall = performance.now();
    for (const record of records) {
      if (record.target.nodeType !== 1) continue;
      // A long transcript draws a line when it comes into view, already lit if it is the
      // active one: that is a change of state too.
      for (const node of record.addedNodes ?? []) {
        if (node.nodeType !== 1) continue;
        for (const el of node.querySelectorAll(".line[data-cue-index][aria-current='true']")) {
          if (state.get(el)) continue;
          state.set(el, true);
          bench.events.push({ kind: "line", key: el.dataset.cueIndex, on: true, t, wall });
        }
      }
      const found = describe(record.target);
      if (!found) continue;
      const [kind, key, on] = found;
      // classList.add of a class already there still queues a record: keep transitions.
      if ((state.get(record.target) ?? false) === on) continue;
      state.set(record.target, on);
      bench.events.push({ kind, key, on, t, wall });
    }
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-current", "class", "data-active"],
  });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        bench.longtasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {
    bench.longtasks = null; // not supported: reported as such, never as zero
  }

  // Capture phase on window: runs before the page's own click handler.
  window.addEventListener("click", () => bench.clicks.push(performance.now()), true);
  document.addEventListener(
    "seeked",
    (e) => bench.seeked.push({ wall: performance.now(), t: e.target.currentTime }),
    true,
  );
})();
