"""Caption files as publishers have them (issue 16, found on 550 real-world files): UTF-16
with a byte-order mark is read as browsers read it and served as UTF-8; `<slug>.srt` is a
lesson's captions, served as WebVTT; an SRT file named .vtt gets one problem naming its
commas; a caption file whose name is no slug is named by `check` with the name it needs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from player import create_app
from player.export import export_site
from player.vtt import CaptionError, parse_track, srt_as_webvtt

REPO = Path(__file__).resolve().parent.parent
SAMPLE_VTT = (FIXTURES / "sample" / "sample.vtt").read_text(encoding="utf-8")
BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}

SRT = """1
00:00:00,500 --> 00:00:01,500
Cancer can spread to the <i>neck</i>.

2
00:00:01,500 --> 00:00:03,250
Tumours grow in the thoracic région
of the spine --> often.

3
00:00:03,500 --> 00:00:05,000
Pain may spread to the legs & feet.
"""
SRT_TEXTS = [
    "Cancer can spread to the neck.",
    "Tumours grow in the thoracic région\nof the spine --> often.",
    "Pain may spread to the legs & feet.",
]
SRT_TIMES = [(500, 1500), (1500, 3250), (3500, 5000)]


@pytest.fixture
def folders(tmp_path, clip):
    """Empty captions and media folders, the clip at hand for `add_video(slug)`."""
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()
    return captions, media


def add_video(media: Path, clip: Path, slug: str) -> None:
    shutil.copy(clip, media / f"{slug}.mp4")


def app_for(captions: Path, media: Path):
    return create_app(captions_dir=captions, media_dir=media, test_config={"TESTING": True})


def api_lesson(client, slug: str) -> dict:
    response = client.get(f"/api/lessons/{slug}")
    assert response.status_code == 200, response.data
    return response.get_json()


def check(captions: Path, media: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "player.cli", "check"]
    command += ["--captions", str(captions), "--media", str(media)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )


def track_and_transcript(page, url: str) -> tuple[list[str], list[str]]:
    """The captions track's cues as the browser read them, and the transcript's lines, as
    plain text with spaces collapsed."""
    page.goto(url)
    page.wait_for_function(
        "() => { const t = document.getElementById('captions-track');"
        " if (t.track.mode === 'disabled') t.track.mode = 'hidden';"
        " return t.readyState === 2 && t.track.cues.length > 0; }"
    )
    cues = page.evaluate(
        "Array.from(document.getElementById('captions-track').track.cues,"
        " c => c.getCueAsHTML().textContent)"
    )
    lines = page.evaluate(
        "Array.from(document.querySelectorAll('.transcript:not([hidden]) .line-item .text'),"
        " p => p.textContent)"
    )
    return [" ".join(c.split()) for c in cues], [" ".join(t.split()) for t in lines]


# -- UTF-16 with a byte-order mark: as Chromium reads it ------------------------------------


@pytest.mark.parametrize("encoding", BOMS)
def test_chromium_plays_a_utf16_track_with_a_byte_order_mark(
    encoding, page, serve_directory, tmp_path
):
    """What the server copies: Chromium decodes a UTF-16 track by its BOM (served as
    text/vtt with no charset, as a static host does)."""
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\nHéllo wörld ✓\n"
    (tmp_path / "t.vtt").write_bytes(BOMS[encoding] + text.encode(encoding))
    (tmp_path / "index.html").write_text('<video><track src="t.vtt" id="t"></video>')
    page.goto(serve_directory(tmp_path) + "/index.html")
    page.wait_for_function(
        "() => { const t = document.getElementById('t'); t.track.mode = 'hidden';"
        " return t.readyState >= 2; }"
    )
    state = page.evaluate(
        "(() => { const t = document.getElementById('t');"
        " return [t.readyState, Array.from(t.track.cues, c => c.text)]; })()"
    )
    assert state == [2, ["Héllo wörld ✓"]]


@pytest.mark.parametrize("encoding", BOMS)
def test_chromium_rejects_a_utf16_track_without_a_byte_order_mark(
    encoding, page, serve_directory, tmp_path
):
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
    (tmp_path / "t.vtt").write_bytes(text.encode(encoding))
    (tmp_path / "index.html").write_text('<video><track src="t.vtt" id="t"></video>')
    page.goto(serve_directory(tmp_path) + "/index.html")
    page.wait_for_function(
        "() => { const t = document.getElementById('t'); t.track.mode = 'hidden';"
        " return t.readyState >= 2; }"
    )
    assert page.evaluate("document.getElementById('t').readyState") == 3  # ERROR


@pytest.fixture(params=list(BOMS))
def utf16_lesson(request, lesson_dirs):
    """The sample lesson with its captions saved as UTF-16 with a byte-order mark."""
    captions, media = lesson_dirs
    encoding = request.param
    (captions / "sample.vtt").write_bytes(BOMS[encoding] + SAMPLE_VTT.encode(encoding))
    return captions, media


def test_a_utf16_lesson_has_the_cues_of_its_utf8_original(utf16_lesson, tmp_path, clip):
    original = tmp_path / "original"
    shutil.copytree(FIXTURES / "sample", original)
    add_video(original, clip, "sample")
    expected = api_lesson(app_for(original, original).test_client(), "sample")
    lesson = api_lesson(app_for(*utf16_lesson).test_client(), "sample")
    assert lesson["cues"] == expected["cues"]
    assert len(lesson["cues"]) == 4


def test_a_utf16_lesson_is_served_to_browsers_as_utf8(utf16_lesson):
    response = app_for(*utf16_lesson).test_client().get("/captions/sample.vtt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.data.decode("utf-8").split("\n") == SAMPLE_VTT.split("\n")


def test_a_utf16_lessons_track_and_transcript_agree_in_the_browser(utf16_lesson, page, live_server):
    app = app_for(*utf16_lesson)
    texts = [
        " ".join(cue["text"].split()) for cue in api_lesson(app.test_client(), "sample")["cues"]
    ]
    cues, lines = track_and_transcript(page, live_server(app) + "/lessons/sample")
    assert cues == texts
    assert "Most tumours grow in the thoracic region." in cues
    # a line shows its cue's text, after the speaker's name when it has one ("Dr. Lee: ...")
    assert len(lines) == len(cues)
    assert all(line.endswith(cue) for line, cue in zip(lines, cues, strict=True))


def test_a_whole_utf16_file_is_not_taken_for_one_cut_short(utf16_lesson):
    lesson = app_for(*utf16_lesson).extensions["lessons"].get("sample")
    assert lesson.track_files["sample.vtt"].whole


@pytest.mark.parametrize("encoding", BOMS)
def test_utf16_without_a_byte_order_mark_is_refused_as_looking_like_utf16(encoding, lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.vtt").write_bytes(SAMPLE_VTT.encode(encoding))
    lesson = app_for(captions, media).extensions["lessons"].get("sample")
    assert [(p.file, p.line) for p in lesson.problems] == [("sample.vtt", 1)]
    assert "it looks like UTF-16 without a byte-order mark" in lesson.problems[0].message
    assert lesson.problems[0].message.endswith("save it as UTF-8")


def test_a_file_of_zero_bytes_is_not_said_to_be_utf16():
    with pytest.raises(CaptionError) as caught:
        parse_track(bytes(300), "zeros.vtt")
    assert "UTF-16" not in caught.value.reason


# -- SRT: <slug>.srt is a lesson's captions, served as WebVTT ----------------------------------


@pytest.fixture
def srt_lesson(folders, clip):
    captions, media = folders
    (captions / "from-srt.srt").write_text(SRT, encoding="utf-8")
    add_video(media, clip, "from-srt")
    return captions, media


def test_an_srt_lesson_is_in_the_catalogue_and_the_api(srt_lesson):
    client = app_for(*srt_lesson).test_client()
    listed = client.get("/api/lessons").get_json()
    assert [lesson["slug"] for lesson in listed["lessons"]] == ["from-srt"]
    lesson = api_lesson(client, "from-srt")
    assert [cue["text"] for cue in lesson["cues"]] == SRT_TEXTS
    assert [(cue["start"], cue["end"]) for cue in lesson["cues"]] == [
        (start / 1000, end / 1000) for start, end in SRT_TIMES
    ]
    assert lesson["tracks"]["captions"] == "/captions/from-srt.vtt"
    assert "from-srt" in client.get("/lessons").get_data(as_text=True)


def test_an_srt_lesson_is_served_as_webvtt_at_its_captions_url(srt_lesson):
    client = app_for(*srt_lesson).test_client()
    response = client.get("/captions/from-srt.vtt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.get_data(as_text=True) == (
        "WEBVTT\n\n"
        "00:00:00.500 --> 00:00:01.500\nCancer can spread to the <i>neck</i>.\n\n"
        "00:00:01.500 --> 00:00:03.250\nTumours grow in the thoracic région\n"
        "of the spine --&gt; often.\n\n"
        "00:00:03.500 --> 00:00:05.000\nPain may spread to the legs & feet.\n"
    )
    assert client.get("/captions/from-srt.srt").status_code == 404


def test_an_srt_lessons_page_track_loads_with_its_cues(srt_lesson, page, live_server):
    base = live_server(app_for(*srt_lesson))
    cues, lines = track_and_transcript(page, base + "/lessons/from-srt")
    assert cues == [" ".join(text.split()) for text in SRT_TEXTS]
    assert lines == cues
    times = page.evaluate(
        "Array.from(document.getElementById('captions-track').track.cues,"
        " c => [Math.round(c.startTime * 1000), Math.round(c.endTime * 1000)])"
    )
    assert times == [list(span) for span in SRT_TIMES]
    assert page.errors == []


def test_an_srt_lesson_is_exported_with_its_webvtt_conversion(srt_lesson, tmp_path):
    site = tmp_path / "out" / "site"
    summary = export_site(site, *srt_lesson)
    assert summary.exported == ["from-srt"]
    served = app_for(*srt_lesson).test_client().get("/captions/from-srt.vtt").data
    assert (site / "captions/from-srt.vtt").read_bytes() == served
    assert not (site / "captions/from-srt.srt").exists()
    page = (site / "lessons/from-srt/index.html").read_text()
    assert 'src="../../captions/from-srt.vtt"' in page
    exported = json.loads((site / "api/lessons/from-srt.json").read_text())
    assert [cue["text"] for cue in exported["cues"]] == SRT_TEXTS


def test_an_edited_srt_file_is_served_on_the_next_request(srt_lesson):
    captions, media = srt_lesson
    client = app_for(captions, media).test_client()
    assert len(api_lesson(client, "from-srt")["cues"]) == 3
    path = captions / "from-srt.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nEdited.\n", encoding="utf-8")
    later = time.time() + 5  # a new mtime, past the racy window, as a later save has
    os.utime(path, (later, later))
    assert [cue["text"] for cue in api_lesson(client, "from-srt")["cues"]] == ["Edited."]
    served = client.get("/captions/from-srt.vtt").get_data(as_text=True)
    assert served == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nEdited.\n"


def test_a_good_srt_lesson_passes_check(srt_lesson):
    result = check(*srt_lesson)
    assert (result.returncode, result.stdout) == (0, "")


def test_a_vtt_beside_an_srt_is_the_lessons_captions_and_check_warns(srt_lesson):
    captions, media = srt_lesson
    (captions / "from-srt.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nFrom VTT.\n")
    client = app_for(captions, media).test_client()
    assert [cue["text"] for cue in api_lesson(client, "from-srt")["cues"]] == ["From VTT."]
    result = check(captions, media)
    assert result.returncode == 0
    assert result.stdout == (
        f"{captions / 'from-srt.srt'}: ignored: from-srt.vtt is the lesson's captions;"
        " remove one of them (warning)\n"
    )


def test_srt_timings_that_cannot_be_read_drop_their_cue_with_a_warning_at_their_line(
    srt_lesson,
):
    captions, media = srt_lesson
    broken = SRT.replace("00:00:01,500 --> 00:00:03,250", "00:00:01,500 --> later")
    (captions / "from-srt.srt").write_text(broken, encoding="utf-8")
    result = check(captions, media)
    assert result.returncode == 0
    assert result.stdout == (
        f"{captions / 'from-srt.srt'}:6: cue dropped: timings '00:00:01,500 --> later'"
        " not read (SRT: 00:00:01,000 --> ...) (warning)\n"
    )


def test_an_srt_file_that_is_not_srt_breaks_its_lesson_with_one_problem(srt_lesson):
    captions, media = srt_lesson
    (captions / "from-srt.srt").write_text("Just some text.\n")
    result = check(captions, media)
    assert result.returncode == 1
    assert result.stdout == (
        f"{captions / 'from-srt.srt'}:1: not an SRT file: it must start with a cue number"
        " alone on its line, then the cue's times (00:00:01,000 --> 00:00:02,500), then its"
        " text\n"
    )


def test_a_utf16_srt_file_with_a_byte_order_mark_is_read(srt_lesson):
    captions, media = srt_lesson
    (captions / "from-srt.srt").write_bytes(b"\xff\xfe" + SRT.encode("utf-16-le"))
    lesson = api_lesson(app_for(captions, media).test_client(), "from-srt")
    assert [cue["text"] for cue in lesson["cues"]] == SRT_TEXTS


# -- an SRT file named .vtt: one problem naming the commas --------------------------------------


def many_srt_cues(count: int) -> str:
    return "".join(
        f"{k + 1}\n00:{k // 60:02d}:{k % 60:02d},000 --> 00:{k // 60:02d}:{k % 60:02d},900\n"
        f"Cue {k}.\n\n"
        for k in range(count)
    )


def test_an_srt_file_named_vtt_gets_one_problem_naming_the_commas(folders, clip):
    captions, media = folders
    (captions / "lecture.vtt").write_text(many_srt_cues(1167))
    add_video(media, clip, "lecture")
    result = check(captions, media)
    assert result.returncode == 1
    assert result.stdout == (
        f"{captions / 'lecture.vtt'}:1: this is an SRT file, not WebVTT: its timestamps have a"
        " comma before the milliseconds (00:00:01,000) where WebVTT has a full stop"
        " (00:00:01.000), and it has no 'WEBVTT' first line; rename it lecture.srt (the player"
        " converts SRT) or convert it to WebVTT\n"
    )


def test_an_srt_file_given_a_webvtt_line_gets_one_problem_naming_the_commas(folders, clip):
    captions, media = folders
    (captions / "lecture.vtt").write_text("WEBVTT\n\n" + many_srt_cues(1167))
    add_video(media, clip, "lecture")
    result = check(captions, media)
    assert result.returncode == 1
    assert result.stdout == (
        f"{captions / 'lecture.vtt'}:4: this is an SRT file, not WebVTT: its timestamps have a"
        " comma before the milliseconds (00:00:01,000) where WebVTT has a full stop"
        " (00:00:01.000); rename it lecture.srt (the player converts SRT) or convert it to"
        " WebVTT\n"
    )


def test_an_srt_file_named_vtt_plays_once_renamed_srt(folders, clip):
    captions, media = folders
    (captions / "lecture.vtt").write_text(many_srt_cues(3))
    add_video(media, clip, "lecture")
    (captions / "lecture.vtt").rename(captions / "lecture.srt")
    lesson = api_lesson(app_for(captions, media).test_client(), "lecture")
    assert [cue["text"] for cue in lesson["cues"]] == ["Cue 0.", "Cue 1.", "Cue 2."]


def test_an_srt_file_named_as_another_track_is_told_to_convert_it(lesson_dirs):
    captions, media = lesson_dirs
    (captions / "sample.chapters.vtt").write_text(many_srt_cues(3))
    lesson = app_for(captions, media).extensions["lessons"].get("sample")
    assert [(p.file, p.line) for p in lesson.problems] == [("sample.chapters.vtt", 1)]
    assert lesson.problems[0].message.endswith(
        "; convert it to WebVTT (only a lesson's captions, <slug>.srt, may be SRT)"
    )


# -- caption files whose names are not slugs ------------------------------------------------------


GOOD_VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n"


def test_check_names_each_caption_file_it_skipped_and_the_name_it_needs(folders, clip):
    captions, media = folders
    for name in ("My Lecture.vtt", "lecture_01.vtt", "Intro.srt", "good.vtt"):
        (captions / name).write_text(GOOD_VTT)
    (captions / "notes.txt").write_text("not a caption file")
    add_video(media, clip, "good")
    result = check(captions, media)
    reason = "skipped: a lesson's name must be lowercase letters, digits and hyphens"
    assert result.stdout.splitlines() == [
        f"{captions / 'Intro.srt'}: {reason}; rename it intro.srt (warning)",
        f"{captions / 'My Lecture.vtt'}: {reason}; rename it my-lecture.vtt (warning)",
        f"{captions / 'lecture_01.vtt'}: {reason}; rename it lecture-01.vtt (warning)",
    ]
    assert result.returncode == 0  # warnings: the good lesson is published


def test_a_skipped_files_other_tracks_are_named_with_the_lessons_new_name(folders):
    captions, media = folders
    (captions / "My Lecture.chapters.vtt").write_text(GOOD_VTT)
    result = check(captions, media)
    assert f"{captions / 'My Lecture.chapters.vtt'}: skipped:" in result.stdout
    assert "rename it my-lecture.chapters.vtt (warning)" in result.stdout


def test_a_skipped_file_whose_name_is_taken_says_so(folders, clip):
    captions, media = folders
    (captions / "sample.vtt").write_text(GOOD_VTT)
    (captions / "Sample.vtt").write_text(GOOD_VTT)
    add_video(media, clip, "sample")
    result = check(captions, media)
    assert result.stdout.endswith(
        "rename it sample.vtt (a file of that name is there already) (warning)\n"
    )


def test_a_misnamed_lesson_is_still_no_lesson(folders):
    captions, media = folders
    (captions / "My Lecture.vtt").write_text(GOOD_VTT)
    client = app_for(captions, media).test_client()
    assert client.get("/api/lessons").get_json()["lessons"] == []


# -- limits hold whatever the encoding or format ------------------------------------------------


def test_a_utf16_file_with_too_many_cues_is_refused_before_it_is_read():
    cues = "".join(f"00:00.{k:03d} --> 00:00.{k + 1:03d}\nx\n\n" for k in range(20))
    data = b"\xff\xfe" + ("WEBVTT\n\n" + cues).encode("utf-16-le")
    with pytest.raises(CaptionError) as caught:
        parse_track(data, "many.vtt", max_cues=10)
    assert caught.value.reason == "file has about 20 cues; the limit is 10 per track"


def test_an_srt_file_with_too_many_cues_is_refused_before_it_is_read():
    with pytest.raises(CaptionError) as caught:
        srt_as_webvtt(many_srt_cues(20).encode(), "many.srt", max_cues=10)
    assert caught.value.reason == "file has about 20 cues; the limit is 10 per track"
