// Starts Hyperaudio Lite (from npm, copied beside this file at bench time) on its page.
import { HyperaudioLite } from "./hyperaudio-lite.mjs";

window.hyperaudio = new HyperaudioLite({
  transcript: "hypertranscript",
  player: "video",
  autoScroll: true,
});
