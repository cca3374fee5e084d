"""Figure 2: click a line while playing -> `seeked` event, and -> that line highlighted.

Times are page clock (performance.now) from the click event (captured on window, before
the page's own handler) to the first `seeked` after it, and to the clicked line turning
on. Lines are clicked in a fixed order, each at least four lines from the playhead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stats import percentile

ORDER = [30, 5, 22, 10, 35, 2, 18, 38, 8, 26, 14, 33, 0, 20, 12]
GAP_MS = 400  # between clicks: the seek has landed and the line has been playing a while

START = """
async () => {
  const v = document.getElementById("video");
  v.muted = true;
  await v.play();
  await new Promise((r) => setTimeout(r, 300));
}
"""
COLLECT = "() => window.__bench"


@dataclass
class SeekResult:
    highlighter: str
    to_seeked: list[float]
    to_highlight: list[float]
    failed: int

    def p(self, values: list[float], q: float) -> float:
        return percentile(values, q)


def line_selector(highlighter: str, index: int) -> str:
    if highlighter == "Hyperaudio Lite":
        # Hyperaudio Lite seeks on a click on a word (its data-m), not on the paragraph.
        return f'p[data-hyper-line="{index}"] [data-m]'
    return f'.transcript .line[data-cue-index="{index}"]'


def measure_one(browser, highlighter: str, url: str, count: int) -> SeekResult:
    from .browser import NOTES, new_page

    page = new_page(browser)
    page.goto(url, wait_until="load")
    page.evaluate(START)
    order = ORDER[:count]
    for index in order:
        # A dispatched click, not a pointer click at coordinates: auto-scroll animations
        # (ours and Hyperaudio Lite's) move lines under the pointer between aim and click.
        page.locator(line_selector(highlighter, index)).first.dispatch_event("click")
        page.wait_for_timeout(GAP_MS)
    bench = page.evaluate(COLLECT)
    NOTES.extend(f"{highlighter}: {error}" for error in page.errors)
    page.context.close()

    clicks = bench["clicks"][-len(order) :]
    to_seeked, to_highlight, failed = [], [], 0
    for index, clicked in zip(order, clicks, strict=True):
        seeked = next((s["wall"] for s in bench["seeked"] if s["wall"] >= clicked), None)
        lit = next(
            (e["wall"] for e in bench["events"]
             if e["kind"] == "line" and e["on"] and e["key"] == str(index)
             and e["wall"] >= clicked),
            None,
        )  # fmt: skip
        if seeked is None or lit is None:
            failed += 1
            continue
        to_seeked.append(seeked - clicked)
        to_highlight.append(lit - clicked)
    return SeekResult(highlighter, to_seeked, to_highlight, failed)


def measure(browser, urls: dict[str, str], count: int = len(ORDER)) -> list[SeekResult]:
    return [measure_one(browser, name, url, count) for name, url in urls.items()]
