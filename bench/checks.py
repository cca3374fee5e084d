"""Figure 1, continued: nothing missed after a pause/resume, a seek or a rate change
mid-cue; a seek to a line's exact start lights that line; idle is idle.

Every action lands 100 ms into a 250 ms cue. Cues a seek jumps over are not expected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .lag import line_lags, play
from .lessons import BenchCue
from .stats import percentile

MID = 0.1  # seconds into a cue at which an action lands


@dataclass(frozen=True)
class Scenario:
    name: str
    rate: float
    actions: list[dict]
    skipped: frozenset[int]  # cues a seek jumps over
    targets: frozenset[int]  # cues a seek lands in (their lag is not a boundary lag)
    exact: frozenset[int]  # cues a seek lands on exactly at their start


def scenarios(cues: list[BenchCue]) -> list[Scenario]:
    at = {c.index: c.start for c in cues}
    pauses = [{"type": "pause", "at": at[i] + MID, "ms": 300} for i in (3, 9, 15, 21, 27, 33)]
    seeks = [(4, 12, MID), (16, 25, 0.0), (28, 36, 0.0)]  # (from cue, to cue, offset)
    rates = [(5, 2.0), (14, 0.75), (22, 1.5), (30, 2.0)]
    return [
        Scenario("pause 300 ms and resume mid-cue, 6 times (2x)", 2.0, pauses,
                 frozenset(), frozenset(), frozenset()),
        Scenario("seek forward mid-cue and to exact starts, 3 times (1.5x)", 1.5,
                 [{"type": "seek", "at": at[a] + MID, "to": at[b] + off} for a, b, off in seeks],
                 frozenset(i for a, b, _ in seeks for i in range(a + 1, b)),
                 frozenset(b for _, b, _ in seeks),
                 frozenset(b for _, b, off in seeks if off == 0)),
        Scenario("rate change mid-cue 1x→2x→0.75x→1.5x→2x", 1.0,
                 [{"type": "rate", "at": at[i] + MID, "rate": r} for i, r in rates],
                 frozenset(), frozenset(), frozenset()),
    ]  # fmt: skip


@dataclass
class Outcome:
    highlighter: str
    scenario: str
    expected: int
    missed: int
    early: int
    lag_p95: float
    exact_wrong: int
    exact_total: int


def first_line_after(events: list[dict], wall: float) -> str | None:
    return next(
        (e["key"] for e in events if e["kind"] == "line" and e["on"] and e["wall"] >= wall), None
    )


def run(page, cues: list[BenchCue], highlighter: str, scenario: Scenario) -> Outcome:
    result = play(page, cues, scenario.rate, scenario.actions)
    events, log = result["events"], result["log"]
    lags = line_lags(events, cues)
    expected = [c.index for c in cues if c.index not in scenario.skipped]
    boundary = [lags[i] for i in expected if i not in scenario.targets and lags[i] is not None]
    exact_wrong = 0
    for action in log:
        if action["type"] == "seek":
            target = next(c for c in cues if c.start_ms <= action["to"] * 1000 < c.end_ms)
            if target.index in scenario.exact:
                exact_wrong += first_line_after(events, action["wall"]) != str(target.index)
    return Outcome(
        highlighter,
        scenario.name,
        expected=len(expected),
        missed=sum(lags[i] is None for i in expected),
        early=sum(v < 0 for v in boundary),
        lag_p95=percentile(boundary, 95),
        exact_wrong=exact_wrong,
        exact_total=len(scenario.exact),
    )


def measure(browser, urls: dict[str, str], cues: list[BenchCue]) -> list[Outcome]:
    from .browser import NOTES, new_page

    outcomes = []
    for name, url in urls.items():
        page = new_page(browser)
        page.goto(url, wait_until="load")
        for scenario in scenarios(cues):
            outcomes.append(run(page, cues, name, scenario))
        NOTES.extend(f"{name}: {error}" for error in page.errors)
        page.context.close()
    return outcomes


# The page is paused (then ended) by these snippets; the 2 s windows themselves are
# waited in Python, so no bench timer runs in the page while its callbacks are counted.
PAUSE_MID_LESSON = """
async () => {
  const v = document.getElementById("video");
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  v.muted = true;
  await v.play();
  await sleep(1500);
  v.pause();
  await sleep(300);
  return window.__benchCallbacks.length;
}
"""
PLAY_TO_END = """
async () => {
  const v = document.getElementById("video");
  const ended = new Promise((r) => v.addEventListener("ended", r, {once: true}));
  v.currentTime = v.duration - 0.3;
  await v.play();
  await ended;
  await new Promise((r) => setTimeout(r, 300));
  return window.__benchCallbacks.length;
}
"""
CALLBACKS_SINCE = "(n) => window.__benchCallbacks.slice(n).map((c) => c.kind)"
IDLE_WINDOW_S = 2.0


def idle_callbacks(browser, url: str) -> dict[str, list[str]]:
    """Timer and animation-frame callbacks (js/idle.js) the page ran in 2 s paused
    mid-lesson and in 2 s after the clip ended."""
    from .browser import new_page

    page = new_page(browser, idle_probe=True)
    page.goto(url, wait_until="load")
    result = {}
    for state, snippet in (("paused", PAUSE_MID_LESSON), ("ended", PLAY_TO_END)):
        start = page.evaluate(snippet)
        time.sleep(IDLE_WINDOW_S)
        result[state] = page.evaluate(CALLBACKS_SINCE, start)
    page.context.close()
    return result
