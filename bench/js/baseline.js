// The baseline highlighters, on the same markup as our page (.transcript .line with
// data-start/data-end, aria-current on the active line):
//   ?mode=timeupdate  what most transcript players do: update on `timeupdate` only;
//   ?mode=raf         a requestAnimationFrame check alone while playing.
// Both find the active line by binary search (latest start <= t < end).
const video = document.getElementById("video");
const lines = [...document.querySelectorAll(".transcript .line")];
const starts = lines.map((line) => Number(line.dataset.start));
const ends = lines.map((line) => Number(line.dataset.end));
let active = -1;

function activeAt(t) {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && t < ends[found] ? found : -1;
}

function update() {
  const index = activeAt(video.currentTime);
  if (index === active) return;
  lines[active]?.removeAttribute("aria-current");
  lines[index]?.setAttribute("aria-current", "true");
  active = index;
}

function onFrame() {
  update();
  if (!video.paused && !video.ended) requestAnimationFrame(onFrame);
}

const mode = new URLSearchParams(location.search).get("mode") ?? "timeupdate";
if (mode === "raf") {
  video.addEventListener("play", () => requestAnimationFrame(onFrame));
  video.addEventListener("seeked", update);
} else {
  video.addEventListener("timeupdate", update);
}
document.querySelector(".transcript").addEventListener("click", (event) => {
  const line = event.target.closest(".line");
  if (!line) return;
  video.currentTime = Number(line.dataset.start);
  if (video.paused) video.play();
});
