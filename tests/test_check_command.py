"""`lesson-player check`: every problem as `path:line: message` (or `path: message` when it
is about the whole file), the path relative to the current folder when it is inside it,
else absolute; exit status 1 when any lesson or glossary has a problem, 0 when all are good."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOOD_VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+))?: (?P<message>.+)$")


def check(captions: Path, media: Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "player.cli", "check"]
    command += ["--captions", str(captions), "--media", str(media)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def folders(tmp_path):
    """Empty captions and media folders; `add(slug, **files)` writes a lesson into them."""
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()

    def add(slug, vtt=GOOD_VTT, video=True, **others):
        (captions / f"{slug}.vtt").write_bytes(vtt.encode() if isinstance(vtt, str) else vtt)
        if video:
            (media / f"{slug}.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
        for suffix, text in others.items():
            (captions / f"{slug}.{suffix}").write_text(text)

    add.captions, add.media = captions, media
    return add


def problems(result) -> list[dict]:
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert all(parsed), lines
    return [m.groupdict() for m in parsed]


def test_good_lessons_pass_with_nothing_to_say(folders):
    folders("one")
    folders("two", toml='title = "Two"\n')
    result = check(folders.captions, folders.media)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == f"{folders.captions}: 2 lesson(s) checked, 0 broken.\n"


@pytest.mark.parametrize(
    ("files", "path", "line", "message"),
    [
        ({"vtt": "NOT WEBVTT\n"}, "captions/bad.vtt", "1", "not a WebVTT file"),
        ({"vtt": ""}, "captions/bad.vtt", "1", "the file is empty"),
        ({"vtt": b"\x89PNG\r\n\x1a\n\0\0binary"}, "captions/bad.vtt", "1", "not a WebVTT file"),
        ({"vtt": "WEBVTT\n"}, "captions/bad.vtt", None, "the file has no cues"),
        ({"toml": "title = \n"}, "captions/bad.toml", "1", "not valid TOML"),
        ({"toml": "title = 3\n"}, "captions/bad.toml", None, "'title' must be a string"),
        ({"chapters.vtt": "WEBVTX\n"}, "captions/bad.chapters.vtt", "1", "not a WebVTT file"),
        ({"video": False}, "media", None, "no video: add bad.mp4 or bad.webm"),
    ],
)
def test_a_broken_lesson_is_reported_where_and_why_and_fails(
    folders, tmp_path, files, path, line, message
):
    folders("good")
    folders("bad", **files)
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    reported = problems(result)
    assert any(
        (p["file"], p["line"]) == (str(tmp_path / path), line) and message in p["message"]
        for p in reported
    ), reported
    assert not any(Path(p["file"]).name.startswith("good") for p in reported)
    assert f"{folders.captions}: 2 lesson(s) checked, 1 broken." in result.stderr


def test_a_caption_file_linking_outside_the_folder_is_a_problem(folders, tmp_path):
    (tmp_path / "elsewhere.vtt").write_text(GOOD_VTT)
    folders("linked")
    (folders.captions / "linked.vtt").unlink()
    (folders.captions / "linked.vtt").symlink_to(tmp_path / "elsewhere.vtt")
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    assert problems(result) == [
        {
            "file": str(folders.captions / "linked.vtt"),
            "line": None,
            "message": "it links to a file outside its folder; copy the file in",
        }
    ]


def test_warnings_are_printed_but_do_not_fail(folders):
    folders("warned", **{"callouts.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nkidneys\n"})
    result = check(folders.captions, folders.media)
    assert result.returncode == 0
    assert problems(result) == [
        {
            "file": str(folders.captions / "warned.callouts.vtt"),
            "line": "3",
            "message": "unknown region 'kidneys' ignored (warning)",
        }
    ]


@pytest.mark.parametrize("given", ["relative", "absolute"])
def test_paths_inside_the_current_folder_are_shown_relative_to_it(folders, tmp_path, given):
    folders("bad", vtt="NOT WEBVTT\n")
    folders("nameless", video=False)
    folders("glossed", **{"glossary.toml": "[[term]]\nterm = \n"})
    captions, media = (
        (Path("captions"), Path("media"))
        if given == "relative"
        else (folders.captions, folders.media)
    )
    result = check(captions, media, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "captions/bad.vtt:1: not a WebVTT file: the first line must be 'WEBVTT', alone or "
        "followed by a space or tab; it is 'NOT WEBVTT'",
        "captions/glossed.glossary.toml:2: cannot read the glossary: "
        "not valid TOML: Invalid value (at line 2, column 8)",
        "media: no video: add nameless.mp4 or nameless.webm to the media folder",
    ]
    assert result.stderr == (
        "captions: 3 lesson(s) checked, 2 broken, 1 glossary file(s) with problems.\n"
    )


GLOSSARY = """\
# Plain words for the lesson.

[[term]]
term = "Spine"
definition = "The column of bones down the back."

[[term]]
term = "Marrow"
forms = "marrow"
definition = "The soft inside of a bone."

[[term]]
term = "spine"
definition = "Said twice."
"""


def test_glossary_problems_are_reported_on_their_term_and_fail(folders):
    folders("glossed", **{"glossary.toml": GLOSSARY})
    folders("plain")
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    path = str(folders.captions / "glossed.glossary.toml")
    assert problems(result) == [
        {"file": path, "line": "7", "message": "term #2 (Marrow): 'forms' must be a list of words"},
        {"file": path, "line": "12", "message": "term #3 (spine) is defined twice"},
    ]
    assert "2 lesson(s) checked, 0 broken, 1 glossary file(s) with problems." in result.stderr


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[term]]\nterm = "Spine"\n', "1", "term #1 (Spine) needs a 'definition'"),
        ("\n\n[[term]\n", "3", "cannot read the glossary: not valid TOML: Expected ']]'"),
        ('term = "Spine"\n', None, "use [[term]] tables"),
        (b"\xff\xfe", None, "cannot read the glossary: not UTF-8 text (invalid start byte)"),
    ],
)
def test_a_broken_glossary_is_reported_with_its_line(folders, text, line, message):
    folders("glossed")
    (folders.captions / "glossed.glossary.toml").write_bytes(
        text if isinstance(text, bytes) else text.encode()
    )
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    [reported] = problems(result)
    assert (reported["file"], reported["line"]) == (
        str(folders.captions / "glossed.glossary.toml"),
        line,
    )
    assert reported["message"].startswith(message)


def test_a_good_glossary_passes(folders):
    folders("glossed", **{"glossary.toml": GLOSSARY.split('[[term]]\nterm = "Marrow"')[0]})
    result = check(folders.captions, folders.media)
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize("captions", ["empty", "missing"])
def test_a_folder_without_lessons_fails_and_says_so(tmp_path, captions):
    (tmp_path / "empty").mkdir()
    result = check(tmp_path / captions, tmp_path)
    assert result.returncode == 1
    expected = "no lessons here (a lesson is a <slug>.vtt or <slug>.srt file)"
    assert result.stdout == f"{tmp_path / captions}: {expected}\n"


def test_the_repository_lessons_pass():
    result = check(REPO / "captions", REPO / "static" / "media")
    assert result.returncode == 0, result.stdout
