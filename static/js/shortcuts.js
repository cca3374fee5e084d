// Keyboard shortcuts for the whole page (the video and the control bar included), and the
// dialog that lists them.
//
// A shortcut never takes a key from a field being typed in. Space and the arrow keys are
// also left to whatever control uses them (buttons, links, sliders, radios, the transcript),
// so they act when focus is on the page, the video or a button of the control bar.

const TEXT_FIELDS =
  "input:not([type=range], [type=radio], [type=checkbox], [type=button]), textarea, select, " +
  "[contenteditable]:not([contenteditable=false])";
const USES_SPACE = "a[href], button, summary, input, [role=button], [role=slider], .transcript";
const USES_ARROWS = USES_SPACE.replace("button,", "button:not(.control-bar button),");

export function installShortcuts(actions, { dialog, opener, signal }) {
  const keys = {
    k: actions.togglePlay,
    " ": actions.togglePlay,
    j: () => actions.seekBy(-5),
    ArrowLeft: () => actions.seekBy(-5),
    l: () => actions.seekBy(5),
    ArrowRight: () => actions.seekBy(5),
    p: () => actions.stepLine(-1),
    n: () => actions.stepLine(1),
    c: actions.toggleCaptions,
    d: actions.toggleDescriptions,
    m: actions.toggleMute,
    f: actions.toggleFullscreen,
    t: actions.toggleTheatre,
    ">": () => actions.stepRate(1),
    "<": () => actions.stepRate(-1),
    "/": actions.focusSearch,
    "?": () => dialog.showModal(),
  };
  // On a button of the control bar Space still presses it; arrows seek.
  const usedBy = { " ": USES_SPACE, ArrowLeft: USES_ARROWS, ArrowRight: USES_ARROWS };

  document.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    if (!action || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (dialog.open || target.closest(TEXT_FIELDS)) return;
    if (usedBy[event.key] && target.closest(usedBy[event.key])) return;
    event.preventDefault();
    action();
  }, { signal });
  opener?.addEventListener("click", () => dialog.showModal(), { signal });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener("click", (event) => {
    const box = dialog.getBoundingClientRect();
    const inside = event.clientY >= box.top && event.clientY <= box.bottom &&
      event.clientX >= box.left && event.clientX <= box.right;
    if (event.target === dialog && !inside) dialog.close();
  }, { signal });
}
