// Keyboard shortcuts for the whole page, and the dialog that lists them.
//
// A shortcut never takes a key from a field being typed in or from the video's own
// controls. Space and the arrow keys are also left to whatever control has focus (buttons,
// links, menus, the transcript), so they act only when focus is on the page itself.

const OWN_KEYS = "input, textarea, select, [contenteditable]:not([contenteditable=false]), video";
const CONTROLS = "a[href], button, summary, audio, [role=button], [role=slider]";

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
    "/": actions.focusSearch,
    "?": () => dialog.showModal(),
  };
  const needsPageFocus = new Set([" ", "ArrowLeft", "ArrowRight"]);

  document.addEventListener("keydown", (event) => {
    const action = keys[event.key];
    if (!action || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (dialog.open || target.closest(OWN_KEYS)) return;
    if (needsPageFocus.has(event.key) && target.closest(CONTROLS)) return;
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
