// "Copy link to this moment": puts a link that starts the lesson at a line on the
// clipboard; where the clipboard is not available (an insecure origin, a refusal), the link
// goes into the address bar instead, to copy from there.
import { clock, linkToMoment } from "./fragment.js";

const FEEDBACK_MS = 2500;

export async function copyMoment(seconds, button, announce) {
  const href = linkToMoment(seconds);
  let message = `Link to ${clock(seconds)} copied.`;
  try {
    await navigator.clipboard.writeText(href);
  } catch {
    history.replaceState(history.state, "", new URL(href).hash);
    message = `Link to ${clock(seconds)} is in the address bar.`;
  }
  announce(message);
  button.dataset.copied = "true";
  setTimeout(() => delete button.dataset.copied, FEEDBACK_MS);
}
