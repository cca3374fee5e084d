"""The export never changes a publisher's words: a title, a cue, a summary or a glossary entry
that looks like a path of the site (`/lessons/plain`, `/media/rl.mp4 is...`) is exported as
written, in the JSON and in the page; only URLs, by where they stand, are made relative."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import strings_in

from player.export import export_site

TITLE = "/lessons/plain"
CUE = "/media/rl.mp4 is the file this lesson plays."


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def data_block(page: str, attributes: str):
    """The JSON in the page's <script type="application/json" ...attributes>."""
    found = re.search(rf'<script type="application/json" {attributes}>(.*?)</script>', page, re.S)
    assert found, attributes
    return json.loads(found[1])


@pytest.fixture
def chapter_title(lesson_dirs):
    captions, _ = lesson_dirs
    rewrite(captions / "sample.chapters.vtt", "Where it spreads", TITLE)


@pytest.fixture
def cue_text(lesson_dirs):
    captions, _ = lesson_dirs
    rewrite(captions / "sample.vtt", "Cancer can spread to the <b>neck</b>.", CUE)


def test_chapter_title_that_looks_like_a_site_path_is_exported_as_written(
    chapter_title, export, site
):
    export()
    lesson = json.loads((site / "api/lessons/sample.json").read_text())
    assert lesson["chapters"][0]["title"] == TITLE
    page = (site / "lessons/sample/index.html").read_text()
    assert data_block(page, 'id="lesson-data"')["chapters"][0]["title"] == TITLE
    assert f'<span class="time">0:00</span> {TITLE}</button>' in page


def test_cue_text_that_looks_like_a_media_url_is_exported_as_written(cue_text, export, site):
    export()
    lesson = json.loads((site / "api/lessons/sample.json").read_text())
    assert lesson["cues"][0]["text"] == CUE
    page = (site / "lessons/sample/index.html").read_text()
    assert f'<p class="text" id="en-cue-0">{CUE}</p>' in page


def test_cue_text_that_looks_like_a_media_url_is_exported_as_written_in_a_long_transcript(
    cue_text, export, site, monkeypatch
):
    # a transcript longer than this goes to the page as JSON lines, drawn by the browser
    monkeypatch.setenv("LESSON_PLAYER_FULL_TRANSCRIPT_MAX_LINES", "1")
    export()
    page = (site / "lessons/sample/index.html").read_text()
    lines = data_block(page, 'class="transcript-lines" data-for="en"')
    assert lines[0][2] == [CUE]
    assert CUE in strings_in(lines)


def test_lesson_title_and_summary_that_look_like_site_paths_are_exported_as_written(
    lesson_dirs, export, site
):
    captions, _ = lesson_dirs
    rewrite(captions / "sample.toml", 'title = "Sample lesson"', f'title = "{TITLE}"')
    rewrite(captions / "sample.toml", 'summary = "A seven', 'summary = "/media/summary.mp4 A seven')
    export()
    listed = json.loads((site / "api/lessons.json").read_text())["lessons"][0]
    assert (listed["title"], listed["summary"][:18]) == (TITLE, "/media/summary.mp4")
    lesson = json.loads((site / "api/lessons/sample.json").read_text())
    assert lesson["title"] == TITLE
    assert f"<title>{TITLE}</title>" in (site / "lessons/sample/index.html").read_text()
    assert f">{TITLE}</a></h2>" in (site / "lessons/index.html").read_text()


def test_a_glossary_entry_that_looks_like_a_site_path_is_exported_as_written(
    lesson_dirs, export, site
):
    captions, _ = lesson_dirs
    (captions / "sample.glossary.toml").write_text(
        '[[term]]\nterm = "Neck"\ndefinition = "/captions/neck.vtt: the top of the spine."\n'
    )
    export()
    terms = json.loads((site / "api/lessons/sample.json").read_text())["glossary"]["terms"]
    assert terms[0]["definition"] == "/captions/neck.vtt: the top of the spine."


def test_the_urls_beside_the_publishers_words_are_still_made_relative(
    chapter_title, cue_text, export, site
):
    export()
    lesson = json.loads((site / "api/lessons/sample.json").read_text())
    assert lesson["sources"] == [{"url": "../../media/sample.mp4", "type": "video/mp4"}]
    assert lesson["tracks"]["chapters"] == "../../captions/sample.chapters.vtt"


def test_an_exported_track_is_the_served_one_with_deep_nesting_unwrapped(lesson_dirs, tmp_path):
    from player.vtt import MAX_TAG_DEPTH

    captions, media = lesson_dirs
    tags = "<c.a><i><b>" * 3_334 + "deep" + "</b></i></c>" * 3_334
    (captions / "sample.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:01.000\n{tags}\n")
    export_site(tmp_path / "site", captions, media)
    exported = (tmp_path / "site" / "captions" / "sample.vtt").read_text()
    assert exported.count("<c.a>") + exported.count("<i>") + exported.count("<b>") == MAX_TAG_DEPTH
    assert "deep" in exported
