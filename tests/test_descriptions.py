"""Audio description on the server: a lesson's `<slug>.descriptions.vtt` is found, parsed,
served, checked and exported; its descriptions stand in the transcript and the .txt download.
And the studio: a lesson script's descriptions, and the built-in lesson's track made from them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURES, REPO
from studio_fixtures.vtt import CAPTIONS, SLUG, read_vtt

from player.lessons import LessonLibrary
from player.model import Description
from player.studio.errors import LessonScriptError
from player.studio.narration import Narration, TimedPhrase
from player.studio.script import load, parse
from player.studio.tracks import descriptions_vtt, write_tracks

TRACK = FIXTURES / "descriptions" / "sample.descriptions.vtt"
NECK = "A drawing of the spine, the neck lit in red."
NOT_WEBVTT = (
    "not a WebVTT file: the first line must be 'WEBVTT', alone or followed by a space or tab;"
    " it is 'WEBVTX'"
)


@pytest.fixture
def described(lesson_dirs):
    captions, _ = lesson_dirs
    shutil.copy(TRACK, captions / TRACK.name)
    return lesson_dirs


@pytest.fixture
def described_client(described):
    from player import create_app

    app = create_app(*described, test_config={"TESTING": True})
    return app.test_client()


def lesson_in(captions, media):
    return LessonLibrary(captions, media, max_caption_bytes=1_000_000).get("sample")


# --- the publisher's file ----------------------------------------------------------------


def test_a_descriptions_track_is_read_into_plain_text_descriptions(described):
    lesson = lesson_in(*described)
    assert lesson.descriptions == (
        Description(200, 450, "Title card: Sample lesson."),
        Description(2000, 3000, NECK),
        Description(3500, 4500, "Arrows run down to the legs & feet."),
    )
    assert lesson.tracks["descriptions"] == "sample.descriptions.vtt"
    assert not lesson.problems and not lesson.warnings


def test_a_lesson_without_the_file_has_no_descriptions(lesson_dirs):
    lesson = lesson_in(*lesson_dirs)
    assert lesson.descriptions == ()
    assert "descriptions" not in lesson.tracks


def test_a_descriptions_file_added_later_is_found(lesson_dirs):
    captions, media = lesson_dirs
    library = LessonLibrary(captions, media, max_caption_bytes=1_000_000)
    assert library.get("sample").descriptions == ()
    shutil.copy(TRACK, captions / TRACK.name)
    assert len(library.get("sample").descriptions) == 3


def test_the_api_lists_the_track(described_client):
    tracks = described_client.get("/api/lessons/sample").get_json()["tracks"]
    assert tracks["descriptions"] == "/captions/sample.descriptions.vtt"


def test_the_track_is_served_as_webvtt(described_client):
    response = described_client.get("/captions/sample.descriptions.vtt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.data == TRACK.read_bytes()


def test_a_malformed_file_is_a_problem_of_its_lesson_not_a_500(described):
    captions, media = described
    (captions / TRACK.name).write_text("WEBVTX\n\n00:01.000 --> 00:02.000\nA drawing.\n")
    from player import create_app

    client = create_app(captions, media, test_config={"TESTING": True}).test_client()
    page = client.get("/lessons/sample")
    assert page.status_code == 200
    assert "sample.descriptions.vtt" in page.get_data(as_text=True)  # the problem, shown
    body = client.get("/api/lessons/sample").get_json()
    assert body["problems"] == [
        {
            "file": "sample.descriptions.vtt",
            "line": 1,
            "message": NOT_WEBVTT,
        }  # fmt: skip
    ]
    assert len(body["cues"]) == 4  # the rest of the lesson still loads
    assert "descriptions" not in body["tracks"]


def test_a_file_without_cues_is_a_warning_and_offers_no_track(described):
    captions, media = described
    (captions / TRACK.name).write_text("WEBVTT\n")
    lesson = lesson_in(captions, media)
    assert not lesson.problems
    assert [w.message for w in lesson.warnings] == [
        "the file has no cues: no description is offered"
    ]
    assert "descriptions" not in lesson.tracks


def test_check_reports_a_malformed_descriptions_file(described, tmp_path):
    captions, media = described
    (captions / TRACK.name).write_text("WEBVTX\n")
    result = subprocess.run(
        [sys.executable, "-m", "player.cli", "check", "--captions", str(captions),
         "--media", str(media)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == f"captions/{TRACK.name}:1: {NOT_WEBVTT}\n"  # from the cwd


def test_check_passes_a_good_descriptions_file(described, tmp_path):
    captions, media = described
    result = subprocess.run(
        [sys.executable, "-m", "player.cli", "check", "--captions", str(captions),
         "--media", str(media)],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "")


def test_the_export_copies_the_track(described, tmp_path):
    from player.export import export_site

    site = tmp_path / "out" / "site"
    export_site(site, *described)
    assert (site / "captions" / TRACK.name).read_bytes() == TRACK.read_bytes()
    page = (site / "lessons" / "sample" / "index.html").read_text()
    assert 'src="../../captions/sample.descriptions.vtt"' in page
    assert 'href="../../static/css/descriptions.css"' in page
    assert (site / "static" / "js" / "descriptions.js").is_file()


# --- the page, the transcript, the download ------------------------------------------------


def test_the_page_has_the_track_and_the_descriptions_stylesheet(described_client):
    page = described_client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<track id="descriptions-track" kind="descriptions" label="Descriptions" srclang="en"'
        ' src="/captions/sample.descriptions.vtt">'
    ) in page
    assert '<link rel="stylesheet" href="/static/css/descriptions.css">' in page


def test_a_page_without_descriptions_has_neither(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert "descriptions-track" not in page
    assert "descriptions.css" not in page
    assert "description-item" not in page


def test_the_transcript_marks_each_description(described_client):
    page = described_client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<li class="description-item" data-start="2.0"><p><span class="description-label">'
        f"Description:</span> {NECK}</p></li>"
    ) in page
    assert page.count('class="description-item"') == 3  # none in the Spanish transcript


def test_the_text_download_has_each_description_at_its_time(described_client):
    text = described_client.get("/lessons/sample/transcript.txt").get_data(as_text=True)
    assert text == (
        "Sample lesson\n=============\n\n"
        "Where it spreads (0:00)\n\n"
        "[0:00] [Description: Title card: Sample lesson.]\n\n"
        "[0:00] Cancer can spread to the neck.\n"
        "[0:01] Dr. Lee: Most tumours grow in the thoracic region.\n\n"
        f"[0:02] [Description: {NECK}]\n\n"
        "Symptoms (0:03)\n\n"
        "[0:03] [Description: Arrows run down to the legs & feet.]\n\n"
        "[0:03] Pain may spread to the legs & feet.\n"
        "[0:05] alert(1) stays text\n"
    )


def test_a_translations_download_has_no_descriptions(described, tmp_path):
    captions, media = described
    shutil.copy(FIXTURES / "viewer" / "sample.es.vtt", captions)
    from player import create_app

    client = create_app(captions, media, test_config={"TESTING": True}).test_client()
    assert "Description" not in client.get("/lessons/sample/transcript.es.txt").text


# --- the studio ------------------------------------------------------------------------------


def script_with(descriptions: dict[int, str], title: str | None = None):
    """A two-phrase script; `descriptions` maps phrase numbers (1, 2) to their description."""
    phrases = [
        {"text": "Most tumors start in the thoracic region,", "scene": {"kind": "regions"}},
        {"text": "and they can weaken the bone."},
    ]
    for n, text in descriptions.items():
        phrases[n - 1]["description"] = text
    data = {
        "slug": "two",
        "title": "Two",
        "summary": "Two phrases.",
        "chapters": [{"title": "One", "paragraph": 1}],
        "paragraphs": [{"text": " ".join(p["text"] for p in phrases), "phrases": phrases}],
    }
    if title:
        data["title_description"] = title
    return parse(data, "two.toml")


def narration_for(script, *spans: tuple[int, int], duration_ms: int) -> Narration:
    timed = tuple(
        TimedPhrase(p, s, e, None) for p, (s, e) in zip(script.phrases, spans, strict=True)
    )
    return Narration(1000, np.zeros(duration_ms, dtype=np.int16), timed)


def test_a_phrase_and_the_title_card_can_carry_a_description():
    script = script_with({1: "A side view of the spine."}, title="Title card: Two.")
    assert script.phrases[0].description == "A side view of the spine."
    assert script.phrases[1].description is None
    assert script.title_description == "Title card: Two."


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "must be a non-empty string"),
        (" A spine.", "stray or doubled whitespace"),
        ("A\nspine.", "stray or doubled whitespace"),
        ("word " * 40 + "end", "41 words: keep it to 40"),
    ],
)
def test_a_bad_description_is_refused_with_its_place(text, message):
    with pytest.raises(LessonScriptError) as error:
        script_with({1: text})
    assert "paragraphs[1].phrases[1].description" in str(error.value)
    assert message in str(error.value)


def test_the_last_phrase_cannot_be_described():
    with pytest.raises(LessonScriptError, match=r"phrases\[2\].description: the video ends"):
        script_with({2: "The bone."})


def test_descriptions_start_after_their_phrase_and_last_as_long_as_a_reading(tmp_path):
    script = script_with({1: "A side view of the spine, its middle lit."}, title="Title: Two.")
    narration = narration_for(script, (2500, 5000), (5300, 7000), duration_ms=7060)
    track = tmp_path / "two.descriptions.vtt"
    track.write_text(descriptions_vtt(script, narration), encoding="utf-8")
    cues = [(c.id, c.start, c.end, c.plain) for c in read_vtt(track)]
    # the title's at 1 s, for 2 s at least; the phrase's 8 words x 400 ms, cut by the end
    assert cues == [
        ("title", 1000, 3000, "Title: Two."),
        ("after-p1-1", 5000, 7060, "A side view of the spine, its middle lit."),
    ]


def test_a_script_without_descriptions_writes_no_descriptions_file(tmp_path):
    script = script_with({})
    narration = narration_for(script, (2500, 5000), (5300, 7000), duration_ms=7060)
    files = write_tracks(script, narration, tmp_path)
    assert files.descriptions is None
    assert not (tmp_path / "two.descriptions.vtt").exists()


def test_the_built_in_lesson_describes_every_scene():
    script = load(REPO / "lessons" / f"{SLUG}.toml")
    scenes: list[list[str | None]] = []  # per scene, its phrases' descriptions
    for phrase in script.phrases:
        if phrase.scene:
            scenes.append([])
        scenes[-1].append(phrase.description)
    assert len(scenes) == 10
    assert [kind for kind in scenes if not any(kind)] == []
    assert script.title_description


def test_the_committed_descriptions_are_what_the_script_makes(monkeypatch):
    """Timed as the committed captions say each phrase is (the studio's narration, without
    running Festival; tests/test_studio_render.py checks the same through a real render)."""
    monkeypatch.chdir(REPO)  # the track names the script by its path from the repository
    script = load(Path("lessons") / f"{SLUG}.toml")
    spans = {cue.id: (cue.start, cue.end) for cue in read_vtt(CAPTIONS / f"{SLUG}.vtt")}
    duration = read_vtt(CAPTIONS / f"{SLUG}.chapters.vtt")[-1].end  # chapters end with it
    narration = narration_for(script, *(spans[p.id] for p in script.phrases), duration_ms=duration)
    committed = (CAPTIONS / f"{SLUG}.descriptions.vtt").read_text(encoding="utf-8")
    assert descriptions_vtt(script, narration) == committed
