"""Sync under stress: 24 cues of 250 ms, at several speeds, through seeks, pauses and rate
changes. Every cue is highlighted, none early, and exactly one line at a time."""

import pytest

pytestmark = pytest.mark.browser

CUE_MS = 250  # the shortest cue: 125 ms of wall time at 2x
FIRST_MS = 500
COUNT = 24


def stamp(ms: int) -> str:
    return f"00:00:{ms // 1000:02d}.{ms % 1000:03d}"


@pytest.fixture(params=["rendered", "drawn"])
def short_cues_url(request, lesson_dirs, app, live_server):
    """The lesson with its transcript rendered by the server, and drawn by the browser as a
    long transcript is (static/js/long-transcript.js): the clock must not care."""
    if request.param == "drawn":
        app.config["FULL_TRANSCRIPT_MAX_LINES"] = 0
    captions, _ = lesson_dirs
    cues = "".join(
        f"\n{stamp(FIRST_MS + i * CUE_MS)} --> {stamp(FIRST_MS + (i + 1) * CUE_MS)}\nCue {i}\n"
        for i in range(COUNT)
    )
    (captions / "sample.vtt").write_text("WEBVTT\n" + cues)
    (captions / "sample.callouts.vtt").unlink()
    return live_server(app) + "/lessons/sample"


RECORD = """(rate) => {
  const video = document.getElementById('video');
  window.changes = [];
  window.doubles = 0;
  new MutationObserver(() => {
    const lit = document.querySelectorAll('.line[aria-current="true"]');
    if (lit.length > 1) window.doubles++;
    if (lit.length === 1) {
      const index = Number(lit[0].dataset.cueIndex);
      if (window.changes.at(-1)?.index !== index)
        window.changes.push({index, t: video.currentTime, start: Number(lit[0].dataset.start)});
    }
  }).observe(document.querySelector('.transcript'), {subtree: true, attributeFilter: ['aria-current']});
  video.muted = true;
  video.playbackRate = rate;
}"""


def start(page, url, rate):
    page.goto(url)
    page.wait_for_function("() => document.getElementById('video').readyState >= 3")
    page.evaluate(RECORD, rate)
    # Start from a settled page: the check is about the clock, not about page start-up.
    page.evaluate("() => new Promise((done) => requestIdleCallback(done, {timeout: 2000}))")


def play_until(page, seconds):
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function(
        "(t) => document.getElementById('video').currentTime >= t", arg=seconds, timeout=20000
    )


def assert_every_cue_lit_in_order_never_early(page, first=0):
    changes = page.evaluate("window.changes")
    assert [c["index"] for c in changes] == list(range(first, COUNT))
    early = [c for c in changes if c["t"] < c["start"]]
    assert early == []
    assert page.evaluate("window.doubles") == 0


@pytest.mark.parametrize("rate", [1, 1.5, 2])
def test_every_short_cue_is_highlighted_at_each_speed(page, short_cues_url, rate):
    start(page, short_cues_url, rate)
    play_until(page, (FIRST_MS + COUNT * CUE_MS) / 1000 + 0.1)
    assert_every_cue_lit_in_order_never_early(page)


def test_nothing_is_missed_after_a_seek_a_pause_and_a_rate_change_mid_cue(page, short_cues_url):
    start(page, short_cues_url, 1)
    page.evaluate("document.getElementById('video').currentTime = 0.57")  # inside cue 0
    play_until(page, 1.43)  # inside cue 3
    page.evaluate("document.getElementById('video').pause()")
    page.wait_for_timeout(300)
    play_until(page, 2.1)  # inside cue 6
    page.evaluate("document.getElementById('video').playbackRate = 2")  # mid-cue
    play_until(page, (FIRST_MS + COUNT * CUE_MS) / 1000 + 0.1)
    assert_every_cue_lit_in_order_never_early(page)
