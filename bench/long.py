"""Figure 4: long transcripts (generated lessons of 1k, 10k and 100k cues).

Server (through HTTP on our app): cold parse (first API request on a fresh app: parse,
validate, serialize), cached API response time and size; baselines: the same lesson's
raw .vtt file from the same server, and webvtt-py reading the file.
Page: time until the transcript is painted and usable (a click on its last line has
lit that line), cost per cue change, long tasks over 50 ms while loading, playing and
scrolling, JS heap and DOM nodes.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from . import lessons
from .stats import median

SIZES_QUICK = (1_000, 10_000)
SIZES_FULL = (1_000, 10_000, 100_000)


@dataclass
class ServerFigures:
    lesson: str
    cues: int
    vtt_bytes: int
    webvtt_py_ms: float
    cold_ms: float | None = None  # None: no answer within the limit
    cached_ms: float = float("nan")
    api_bytes: int = 0
    api_gzip_bytes: int = 0
    vtt_file_ms: float = float("nan")
    page_html_ms: float = float("nan")
    page_html_bytes: int = 0


@dataclass
class PageFigures:
    lesson: str
    cues: int
    response_end_ms: float = float("nan")
    first_paint_ms: float = float("nan")
    dom_ready_ms: float = float("nan")
    usable_ms: float = float("nan")
    heap_mb: float = float("nan")
    nodes: int = 0
    changes: int = 0
    per_change_ms: float = float("nan")
    longtasks: dict[str, list[float]] = field(default_factory=dict)
    gave_up_after_s: float | None = None  # not usable within the limit
    lines_parsed: int | None = None  # transcript lines in the DOM when given up


def slug(count: int, plain: bool = False) -> str:
    return f"long-{count // 1000}k" + ("-plain" if plain else "")


def make_lessons(root: Path, sizes) -> tuple[Path, Path]:
    """For each size, a lesson whose text names a region in about half its cues (so the
    server infers callouts, as for a real spine lesson) and a plain one that names none;
    one long, tiny, 1 fps video they all share (a click on the last line of 100k cues
    must be able to seek there)."""
    captions, media = root / "captions", root / "media"
    longest = 0
    for count in sizes:
        for plain in (False, True):
            cues = lessons.long_cues(count, lessons.PLAIN_WORDS if plain else lessons.WORDS)
            lessons.write_lesson(captions, slug(count, plain), cues, callouts=False)
            longest = max(longest, cues[-1].end_ms)
    video = lessons.make_still_clip(media / "long.mp4", longest / 1000 + 5)
    for count in sizes:
        for plain in (False, True):
            os.link(video, media / f"{slug(count, plain)}.mp4")
    return captions, media


@contextmanager
def app_process(captions: Path, media: Path):
    """Our app in a child process (same `player` as this one), so a request that runs
    for minutes can be abandoned by stopping the process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "bench.appserver", str(captions), str(media)],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(10)


def _get(url: str, timeout: float = 300) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, body


def server_figures(base: str, captions: Path, name: str, count: int, limit_s: float):
    import webvtt

    vtt_path = captions / f"{name}.vtt"
    start = time.perf_counter()
    webvtt.read(str(vtt_path))
    figures = ServerFigures(
        name, count, vtt_path.stat().st_size, (time.perf_counter() - start) * 1000
    )
    api = f"{base}/api/lessons/{name}"
    try:
        figures.cold_ms, body = _get(api, timeout=limit_s)  # a fresh process: nothing cached
    except TimeoutError:
        return figures
    figures.cached_ms = median([_get(api)[0] for _ in range(5)])
    figures.api_bytes, figures.api_gzip_bytes = len(body), len(gzip.compress(body, 6))
    figures.vtt_file_ms = median([_get(f"{base}/captions/{name}.vtt")[0] for _ in range(5)])
    figures.page_html_ms, page = _get(f"{base}/lessons/{name}")
    figures.page_html_bytes = len(page)
    return figures


def measure(browser, root: Path, sizes, limit_s: float, page_limit_s: float):
    """Per size: (server figures, page figures). Each lesson gets a fresh app process, so
    "cold" means nothing cached. When the lesson with region words does not load within
    `limit_s`, the page is measured on the plain lesson of the same size instead; a page
    not usable within `page_limit_s` is given up."""
    captions, media = make_lessons(root, sizes)
    results = []
    for count in sizes:
        with app_process(captions, media) as base:
            server = server_figures(base, captions, slug(count), count, limit_s)
            if server.cold_ms is not None:
                page = page_figures(browser, base, slug(count), count, page_limit_s)
                results.append((server, page))
                continue
        with app_process(captions, media) as base:
            plain = server_figures(base, captions, slug(count, True), count, limit_s)
            page = None
            if plain.cold_ms is not None:
                page = page_figures(browser, base, slug(count, True), count, page_limit_s)
            results.append((server, page))
            results.append((plain, None))
    return results


# After DOMContentLoaded: scroll the transcript to its end, as a drag of its scrollbar
# does, click the last line once it is there (a long transcript draws it when it comes
# into view) and wait until it is lit.
CLICK_LAST = """
async (timeoutMs) => {
  const list = document.querySelector(".transcript");
  if (!list) return null;
  const until = performance.now() + timeoutMs;
  const sleep = () => new Promise((r) => setTimeout(r, 5));
  let last = null;
  while (!last && performance.now() < until) {
    list.scrollTop = list.scrollHeight;
    const items = list.querySelectorAll(".line-item");
    const item = items[items.length - 1];
    const whole = list.dataset.window;  // a long transcript: its line count
    if (item && (!whole || item.getAttribute("aria-posinset") === whole)) {
      last = item.querySelector(".line");
    } else {
      await sleep();
    }
  }
  if (!last) return null;
  const key = last.dataset.cueIndex;
  last.click();
  while (performance.now() < until) {
    const hit = window.__bench.events.find((e) => e.kind === "line" && e.on && e.key === key);
    if (hit) return hit.wall;
    await sleep();
  }
  return null;
}
"""
TIMINGS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {responseEnd: nav.responseEnd, domReady: nav.domContentLoadedEventEnd,
          firstPaint: paint ? paint.startTime : null};
}
"""
REWIND = """
async () => {
  const v = document.getElementById("video");
  v.muted = true;
  v.pause();
  const seeked = new Promise((r) => v.addEventListener("seeked", r, {once: true}));
  v.currentTime = 0;
  await seeked;
  await new Promise((r) => setTimeout(r, 300));
  window.__bench.events.length = 0;
  return window.__bench.longtasks ? window.__bench.longtasks.length : 0;
}
"""
PLAY_FOR = """
async ({rate, ms}) => {
  const v = document.getElementById("video");
  v.playbackRate = rate;
  await v.play();
  await new Promise((r) => setTimeout(r, ms));
  v.pause();
  return window.__bench.events.filter((e) => e.kind === "line" && e.on).length;
}
"""
LONGTASKS_SINCE = "(n) => (window.__bench.longtasks || []).slice(n).map((t) => t.duration)"
PLAY_RATE, PLAY_MS = 2.0, 6000  # crosses ~45 boundaries of 250 ms cues


def _metrics(cdp) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def _busy(metrics: dict[str, float]) -> float:
    return metrics["ScriptDuration"] + metrics["LayoutDuration"] + metrics["RecalcStyleDuration"]


def page_figures(browser, base: str, name: str, count: int, limit_s: float) -> PageFigures:
    from .browser import NOTES, new_page

    figures = PageFigures(name, count)
    page = new_page(browser)
    page.set_default_timeout(limit_s * 1000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    deadline = time.monotonic() + limit_s
    try:
        page.goto(f"{base}/lessons/{name}", wait_until="domcontentloaded")
    except PlaywrightTimeout:
        return _given_up(page, figures, limit_s)
    left_ms = max(1000, (deadline - time.monotonic()) * 1000)
    usable = page.evaluate(CLICK_LAST, left_ms)
    if usable is None:
        return _given_up(page, figures, limit_s)
    timings = page.evaluate(TIMINGS)
    figures.response_end_ms = timings["responseEnd"]
    figures.dom_ready_ms = timings["domReady"]
    figures.first_paint_ms = timings["firstPaint"] or float("nan")
    figures.usable_ms = usable if usable is not None else float("nan")

    mark = page.evaluate(REWIND)
    figures.longtasks["load"] = page.evaluate(LONGTASKS_SINCE, 0)
    cdp.send("HeapProfiler.collectGarbage")
    before = _metrics(cdp)
    figures.heap_mb = before["JSHeapUsedSize"] / 1e6
    figures.nodes = int(before["Nodes"])

    figures.changes = page.evaluate(PLAY_FOR, {"rate": PLAY_RATE, "ms": PLAY_MS})
    after = _metrics(cdp)
    if figures.changes:
        figures.per_change_ms = (_busy(after) - _busy(before)) * 1000 / figures.changes
    figures.longtasks["playing"] = page.evaluate(LONGTASKS_SINCE, mark)

    mark = page.evaluate("() => (window.__bench.longtasks || []).length")
    _scroll(page)
    figures.longtasks["scrolling"] = page.evaluate(LONGTASKS_SINCE, mark)
    NOTES.extend(f"{name}: {error}" for error in page.errors)
    page.context.close()
    return figures


# What a page that is still loading can tell: its long tasks so far, its first paint, and
# how many transcript lines it has parsed.
SO_FAR = """
() => ({
  longtasks: (window.__bench.longtasks || []).map((t) => t.duration),
  firstPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
  lines: document.querySelectorAll(".transcript .line[data-cue-index]").length,
})
"""


def _given_up(page, figures: PageFigures, limit_s: float) -> PageFigures:
    """Not usable within the limit: keep what the page can still tell (it may be busy in
    one long task for seconds), then close it, which stops its renderer."""
    figures.gave_up_after_s = limit_s
    try:
        so_far = page.wait_for_function(SO_FAR, polling=200, timeout=20_000).json_value()
        figures.longtasks["load"] = so_far["longtasks"]
        figures.first_paint_ms = so_far["firstPaint"] or float("nan")
        figures.lines_parsed = so_far["lines"]
    except PlaywrightTimeout:
        figures.longtasks["load"] = None
    page.context.close()
    return figures


def _scroll(page) -> None:
    """Wheel through the transcript, then jump to its middle and its end (a scrollbar drag)."""
    box = page.locator(".transcript").bounding_box()
    if box is None:
        return
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(15):
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(50)
    for fraction in (0.5, 1.0):
        page.evaluate(
            "(f) => { const l = document.querySelector('.transcript');"
            " l.scrollTop = l.scrollHeight * f; }",
            fraction,
        )
        page.wait_for_timeout(400)
