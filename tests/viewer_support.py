"""Helpers for the viewer's browser tests: open a lesson, wait, and save screenshots."""

from __future__ import annotations

from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIDEO = "document.getElementById('video')"


def open_lesson(page, url: str) -> None:
    """Open a lesson page and wait until its video knows its duration; the video is muted."""
    page.goto(url)
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.evaluate("document.getElementById('video').muted = true")


def search(page, text: str) -> None:
    """Type a query in the transcript search and wait until it has run (the search code
    loads when its field is first used, so the first query runs a moment later)."""
    page.locator("#transcript-search").fill(text)
    page.wait_for_function(
        "(q) => window.lessonPlayer.search"
        " && document.getElementById('transcript-search').value === q"
        " && (q.trim() === '') === (document.getElementById('search-count').textContent === '')",
        arg=text,
    )


def seek(page, seconds: float) -> None:
    """Seek and wait for `seeked`: by then the page's own seeked listeners have run."""
    page.evaluate(
        """(t) => new Promise((resolve) => {
             const v = document.getElementById('video');
             v.addEventListener('seeked', resolve, { once: true });
             v.currentTime = t;
           })""",
        seconds,
    )


def play_until(page, seconds: float) -> None:
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function(
        "(t) => document.getElementById('video').currentTime >= t", arg=seconds, timeout=15000
    )
    page.evaluate("document.getElementById('video').pause()")


def line(n: int) -> str:
    """The selector of line n's play button in the transcript on show."""
    return f'.transcript:not([hidden]) .line[data-cue-index="{n}"]'


def wait_active(page, n: int) -> None:
    """Wait until line n of the transcript on show is the active one (and the only one)."""
    page.wait_for_function(
        """(n) => { const lit = document.querySelectorAll('.transcript:not([hidden]) .line[aria-current="true"]');
                    return lit.length === 1 && lit[0].dataset.cueIndex === String(n); }""",
        arg=n,
    )


def active_line(page) -> str | None:
    return page.evaluate(
        "document.querySelector('.transcript:not([hidden]) .line[aria-current=\"true\"]')?.dataset.cueIndex ?? null"
    )


def focused(page) -> dict:
    """What has focus: its class and, for a line, its cue index."""
    return page.evaluate(
        "({cls: document.activeElement.className, cue: document.activeElement.dataset.cueIndex ?? null,"
        " text: document.activeElement.textContent.trim()})"
    )


def screenshot(page, name: str, **options) -> Path:
    """Save a screenshot into tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, **options)
    return path
