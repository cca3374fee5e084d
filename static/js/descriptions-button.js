// The Descriptions button of a lesson that has a descriptions track: offered at once, while
// the code that reads descriptions out (descriptions.js) loads when they are first turned on,
// or with the page if they were left on. Presses made while it loads are kept, in order.
import { recall } from "./storage.js";

export function installDescriptionsButton(video, button, choices, { signal }) {
  let loading = null;
  const describer = () =>
    (loading ??= import("./descriptions.js")
      .then((m) => m.installDescriptions(video, { signal }))
      .then((installed) => installed ?? ((button.hidden = true), null)));
  const toggle = () => {
    if (button.hidden) return;
    // Said at once; the module, a moment later, does the rest.
    button.setAttribute("aria-pressed", String(button.getAttribute("aria-pressed") !== "true"));
    describer().then((d) => d?.toggle());
  };
  button.hidden = choices.hidden = false;
  button.addEventListener("click", toggle, { signal });
  choices.addEventListener("focusin", describer, { once: true, signal });
  // What was chosen before is shown at once; the module, once loaded, acts on it.
  const saved = recall("descriptions") ?? {};
  choices.querySelector("#description-extended").checked = Boolean(saved.extended);
  choices.querySelector("#description-voice").checked = saved.voiced ?? true;
  if (saved.on) {
    button.setAttribute("aria-pressed", "true");
    describer();
  }
  return toggle;
}
