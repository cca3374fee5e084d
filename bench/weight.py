"""Figure 3: page weight on first load of the built-in lesson at `/`, and time to the
first highlight when playback starts as soon as the page's scripts have run.

Baseline: Hyperaudio Lite on the same lesson (its markup built from our API's words).
Bytes are as received (decoded); "gzip" is gzip level 6 of the same bytes, what a
compressing server or CDN would send.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from dataclasses import dataclass, field

# Plays (muted) at DOMContentLoaded: module scripts have run by then on both pages.
AUTOPLAY = """
document.addEventListener("DOMContentLoaded", () => {
  const v = document.querySelector("video");
  if (!v) return;
  v.muted = true;
  v.addEventListener("playing", () => (window.__benchPlaying ??= performance.now()));
  v.play().catch(() => {});
});
"""
FIRST_HIGHLIGHT = """
async (timeoutMs) => {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const first = window.__bench.events.find((e) => e.kind === "line" && e.on);
    if (first) return {wall: first.wall, t: first.t, playing: window.__benchPlaying ?? null};
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}
"""
KINDS = {"document": "HTML", "script": "JS", "stylesheet": "CSS"}


@dataclass
class Weight:
    page: str
    raw: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gzipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    compressed_by_server: bool = False
    first_highlight_ms: float | None = None
    playing_ms: float | None = None
    first_cue_media_s: float | None = None


def measure_one(browser, name: str, url: str) -> Weight:
    from .browser import NOTES, new_page

    weight = Weight(name)
    responses = []
    page = new_page(browser)
    page.add_init_script(AUTOPLAY)
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    hit = page.evaluate(FIRST_HIGHLIGHT, 20000)
    if hit:
        weight.first_highlight_ms, weight.first_cue_media_s = hit["wall"], hit["t"]
        weight.playing_ms = hit["playing"]
    for response in responses:
        weight.requests += 1
        kind = response.request.resource_type
        weight.by_type[kind] += 1
        label = KINDS.get(kind)
        if label is None:
            continue  # media, tracks, icons: counted as requests, not as page weight
        body = response.body()
        weight.raw[label] += len(body)
        weight.gzipped[label] += len(gzip.compress(body, 6))
        if response.headers.get("content-encoding"):
            weight.compressed_by_server = True
    NOTES.extend(f"{name} (/): {error}" for error in page.errors)
    page.context.close()
    return weight


def measure(browser, urls: dict[str, str]) -> list[Weight]:
    return [measure_one(browser, name, url) for name, url in urls.items()]
