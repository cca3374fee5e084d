"""Figure 1: highlight lag at every cue boundary during real playback.

For each highlighter and rate: play the generated lesson from 0 to the end and take,
for each cue, the media time at which its line first turned on minus the cue's start.
A cue whose line never turned on is missed; a negative lag is an early highlight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .lessons import BenchCue
from .stats import percentile

PLAY = (Path(__file__).resolve().parent / "js" / "play.js").read_text()


@dataclass
class Pass:
    """One play-through: per cue, the lag in ms of its first highlight (None: missed)."""

    highlighter: str
    rate: float
    lags: dict[int, float | None]
    region_lags: dict[int, float | None] = field(default_factory=dict)

    @property
    def measured(self) -> list[float]:
        return [v for v in self.lags.values() if v is not None]

    @property
    def missed(self) -> int:
        return sum(v is None for v in self.lags.values())

    @property
    def early(self) -> int:
        # Media time is read in the same task that changed the DOM: below zero is early.
        return sum(v < 0 for v in self.measured)

    def p(self, q: float) -> float:
        return percentile(self.measured, q)


def line_lags(events: list[dict], cues: list[BenchCue]) -> dict[int, float | None]:
    first_on: dict[str, float] = {}
    for e in events:
        if e["kind"] == "line" and e["on"] and e["key"] not in first_on:
            first_on[e["key"]] = e["t"]
    return {
        c.index: (first_on[str(c.index)] - c.start) * 1000 if str(c.index) in first_on else None
        for c in cues
    }


def region_lags(events: list[dict], cues: list[BenchCue]) -> dict[int, float | None]:
    """The diagram: each cue lights its region, which the cue before did not light; the
    first time that region turns on after the previous cue's start belongs to this cue."""
    ons = [(e["t"], e["key"]) for e in events if e["kind"] == "region" and e["on"]]
    result: dict[int, float | None] = {}
    for k, cue in enumerate(cues):
        since = cues[k - 1].start if k else 0.0
        hit = next((t for t, key in ons if key == cue.region and t > since), None)
        result[cue.index] = None if hit is None else (hit - cue.start) * 1000
    return result


def play(page, cues: list[BenchCue], rate: float, actions=()) -> dict:
    """Play the lesson once from 0; returns the recorder's events and the action log."""
    duration = cues[-1].end_ms / 1000 + 1
    timeout_ms = (duration / min(rate, 0.75) + 15) * 1000
    return page.evaluate(PLAY, {"rate": rate, "actions": list(actions), "timeoutMs": timeout_ms})


def play_through(page, cues: list[BenchCue], highlighter: str, rate: float) -> Pass:
    events = play(page, cues, rate)["events"]
    has_regions = any(e["kind"] == "region" for e in events)
    return Pass(
        highlighter,
        rate,
        line_lags(events, cues),
        region_lags(events, cues) if has_regions else {},
    )


def measure(browser, urls: dict[str, str], cues: list[BenchCue], rates) -> list[Pass]:
    """`urls`: highlighter name -> page URL; `rates`: highlighter name -> rates to play."""
    from .browser import NOTES, new_page

    passes = []
    for name, url in urls.items():
        page = new_page(browser)
        page.goto(url, wait_until="load")
        for rate in rates[name]:
            passes.append(play_through(page, cues, name, rate))
        NOTES.extend(f"{name}: {error}" for error in page.errors)
        page.context.close()
    return passes
