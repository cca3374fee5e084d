"""A lesson made by `lesson-player import` from a clip and its plain transcript plays in the
page with its words lit as they are spoken (issue 16), with the real aligner."""

from __future__ import annotations

import pytest
from test_import import FIRST_PARAGRAPH, _truth_word_starts, spoken_clip
from viewer_support import open_lesson

from player import cli, create_app


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The built-in lesson's first 17.5 s, spoken by Festival (whose word times are known),
    imported with its first paragraph as a plain-text transcript."""
    root = tmp_path_factory.mktemp("imported")
    clip, transcript = root / "clip.mp4", root / "spine-talk.txt"
    spoken_clip(clip)
    transcript.write_text(FIRST_PARAGRAPH + "\n", encoding="utf-8")
    captions, media = root / "captions", root / "media"
    status = cli.main(
        ["import", str(clip), str(transcript), "--captions", str(captions), "--media", str(media)]
    )
    assert status == 0
    return create_app(captions, media, test_config={"TESTING": True})


def spoken_word_at(page, seconds: float) -> dict:
    """Seek (paused), then the word the page lights and its start in seconds."""
    page.evaluate(
        """(t) => new Promise((resolve) => {
             const v = document.getElementById('video');
             v.addEventListener('seeked', () => requestAnimationFrame(() => resolve()), { once: true });
             v.currentTime = t;
           })""",
        seconds,
    )
    page.wait_for_function("() => document.querySelector('.word.is-spoken') !== null")
    return page.evaluate(
        """() => { const w = document.querySelector('.word.is-spoken');
                   return { text: w.textContent.trim(), start: Number(w.dataset.start) }; }"""
    )


def test_an_imported_clip_lights_each_word_as_it_is_spoken(page, live_server, imported):
    open_lesson(page, live_server(imported) + "/lessons/spine-talk")
    words = FIRST_PARAGRAPH.split()
    truth = [ms / 1000 for ms in _truth_word_starts()]
    assert len(truth) == len(words)
    # Just after each of a few words starts in the audio (times from the synthesizer that
    # spoke it), that word, and no other, is the lit one, and its start is within 50 ms.
    for k in (0, 5, 12, 20, len(words) - 1):
        lit = spoken_word_at(page, truth[k] + 0.06)
        assert lit["text"].strip(",.") == words[k].strip(",."), (k, lit)
        assert abs(lit["start"] - truth[k]) <= 0.05, (k, lit, truth[k])
    assert page.errors == []
