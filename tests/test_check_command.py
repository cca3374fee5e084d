"""`lesson-player check`: every problem as `file:line: message` (or `file: message` when it
is about the whole file), exit status 1 when any lesson is broken, 0 when all are good."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOOD_VTT = "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+)(?::(?P<line>\d+))?: (?P<message>.+)$")


def check(captions: Path, media: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "player.cli", "check"]
    command += ["--captions", str(captions), "--media", str(media)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60)


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
    assert "2 lesson(s) checked, 0 broken." in result.stderr


@pytest.mark.parametrize(
    ("files", "file", "line", "message"),
    [
        ({"vtt": "NOT WEBVTT\n"}, "bad.vtt", "1", "not a WebVTT file"),
        ({"vtt": ""}, "bad.vtt", "1", "the file is empty"),
        ({"vtt": b"\x89PNG\r\n\x1a\n\0\0binary"}, "bad.vtt", "1", "not a WebVTT file"),
        ({"vtt": "WEBVTT\n"}, "bad.vtt", None, "the file has no cues"),
        ({"toml": "title = \n"}, "bad.toml", "1", "not valid TOML"),
        ({"toml": "title = 3\n"}, "bad.toml", None, "'title' must be a string"),
        ({"chapters.vtt": "WEBVTX\n"}, "bad.chapters.vtt", "1", "not a WebVTT file"),
        ({"video": False}, "bad", None, "no video: add bad.mp4 or bad.webm"),
    ],
)
def test_a_broken_lesson_is_reported_where_and_why_and_fails(folders, files, file, line, message):
    folders("good")
    folders("bad", **files)
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    reported = problems(result)
    assert any(
        (p["file"], p["line"]) == (file, line) and message in p["message"] for p in reported
    ), reported
    assert not any(p["file"].startswith("good") for p in reported)
    assert "2 lesson(s) checked, 1 broken." in result.stderr


def test_a_caption_file_linking_outside_the_folder_is_a_problem(folders, tmp_path):
    (tmp_path / "elsewhere.vtt").write_text(GOOD_VTT)
    folders("linked")
    (folders.captions / "linked.vtt").unlink()
    (folders.captions / "linked.vtt").symlink_to(tmp_path / "elsewhere.vtt")
    result = check(folders.captions, folders.media)
    assert result.returncode == 1
    assert problems(result) == [
        {
            "file": "linked.vtt",
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
            "file": "warned.callouts.vtt",
            "line": "3",
            "message": "unknown region 'kidneys' ignored (warning)",
        }
    ]


@pytest.mark.parametrize("captions", ["empty", "missing"])
def test_a_folder_without_lessons_fails_and_says_so(tmp_path, captions):
    (tmp_path / "empty").mkdir()
    result = check(tmp_path / captions, tmp_path)
    assert result.returncode == 1
    assert (
        result.stdout == f"{tmp_path / captions}: no lessons here (a lesson is a <slug>.vtt file)\n"
    )


def test_the_repository_lessons_pass():
    result = check(REPO / "captions", REPO / "static" / "media")
    assert result.returncode == 0, result.stdout
