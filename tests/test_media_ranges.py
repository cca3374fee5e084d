"""The production server's shortcut for a video's byte ranges (player/media_ranges.py):
what it answers is what the app answers, and what it does not answer goes to the app."""

from __future__ import annotations

import os

import pytest
from waitress.adjustments import Adjustments
from waitress.parser import HTTPRequestParser

from player import create_app
from player.media_ranges import FileSpan, MediaRanges

VIDEO = bytes(range(256)) * 4096  # 1 MiB, every offset telling


@pytest.fixture
def folders(tmp_path):
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()
    (captions / "clip.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nClip\n")
    (media / "clip.mp4").write_bytes(VIDEO)
    return captions, media


def parsed(*lines: str, version: str = "1.1") -> HTTPRequestParser:
    """A request as waitress hands it to the server: parsed from its bytes."""
    request = HTTPRequestParser(Adjustments())
    head = "\r\n".join([lines[0] + f" HTTP/{version}", "Host: localhost", *lines[1:]])
    request.received((head + "\r\n\r\n").encode("latin-1"))
    assert request.completed
    return request


def shortcut(media, prefix: str = "") -> MediaRanges:
    return MediaRanges(media, prefix, "lesson-player")


def fields(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return dict(line.split(": ", 1) for line in lines if line)


def body_of(span: FileSpan) -> bytes:
    return span.get(-1)


UNTIMED = {"Date", "Expires"}  # the clock's, in either answer


@pytest.mark.parametrize("range_", ["bytes=0-", "bytes=1-3", "bytes=1048570-", "bytes=-10",
                                    "bytes=100-99999999", "bytes=0-0", "bytes=5-9 ,"])  # fmt: skip
def test_a_range_is_answered_as_the_app_answers_it(folders, range_):
    captions, media = folders
    app = create_app(captions, media, {"TESTING": True})
    expected = app.test_client().get("/media/clip.mp4", headers={"Range": range_})
    answer = shortcut(app.config["MEDIA_DIR"]).answer(
        parsed("GET /media/clip.mp4", f"Range: {range_}")
    )
    assert answer is not None, range_
    head, file, offset, length = answer
    assert head.startswith(b"HTTP/1.1 206 Partial Content\r\n")
    got = {k: v for k, v in fields(head).items() if k not in UNTIMED | {"Server"}}
    assert got == {k: v for k, v in expected.headers.items() if k not in UNTIMED}
    assert fields(head)["Server"] == "lesson-player"
    assert body_of(FileSpan(file, offset, length)) == expected.data


def test_the_path_under_a_prefix_and_without_it_are_both_the_file(folders):
    ranges = shortcut(folders[1], "/education")
    for path in ("/education/media/clip.mp4", "/media/clip.mp4"):
        assert ranges.answer(parsed(f"GET {path}", "Range: bytes=0-9")) is not None
    assert ranges.answer(parsed("GET /elsewhere/media/clip.mp4", "Range: bytes=0-9")) is None


def test_a_prefix_is_taken_off_before_the_path_is_read_as_the_app_does(folders):
    # Under the prefix /media, /media/clip.mp4 is the app's /clip.mp4: not a media path.
    ranges = shortcut(folders[1], "/media")
    assert ranges.answer(parsed("GET /media/media/clip.mp4", "Range: bytes=0-9")) is not None
    assert ranges.answer(parsed("GET /media/clip.mp4", "Range: bytes=0-9")) is None


NOT_PLAIN = {
    "head": ("HEAD /media/clip.mp4", "Range: bytes=0-9"),
    "no range": ("GET /media/clip.mp4",),
    "unsatisfiable": ("GET /media/clip.mp4", "Range: bytes=2000000-"),
    "several ranges": ("GET /media/clip.mp4", "Range: bytes=0-1,5-6"),
    "another unit": ("GET /media/clip.mp4", "Range: items=0-9"),
    "if-range": ("GET /media/clip.mp4", "Range: bytes=0-9", 'If-Range: "x"'),
    "if-none-match": ("GET /media/clip.mp4", "Range: bytes=0-9", 'If-None-Match: "x"'),
    "if-modified-since": (
        "GET /media/clip.mp4",
        "Range: bytes=0-9",
        "If-Modified-Since: Thu, 01 Jan 2037 00:00:00 GMT",
    ),  # fmt: skip
    "closing": ("GET /media/clip.mp4", "Range: bytes=0-9", "Connection: close"),
    "missing file": ("GET /media/none.mp4", "Range: bytes=0-9"),
    "unserved type": ("GET /media/clip.txt", "Range: bytes=0-9"),
    "dotfile": ("GET /media/.clip.mp4", "Range: bytes=0-9"),
    "a path": ("GET /media/sub/clip.mp4", "Range: bytes=0-9"),
    "a folder": ("GET /media/folder.mp4", "Range: bytes=0-9"),
    "a link": ("GET /media/link.mp4", "Range: bytes=0-9"),
}


@pytest.mark.parametrize("case", NOT_PLAIN)
def test_any_other_request_goes_to_the_app(folders, case):
    media = folders[1]
    (media / "clip.txt").write_text("text")
    (media / ".clip.mp4").write_bytes(VIDEO)
    (media / "folder.mp4").mkdir()
    (media / "sub").mkdir()
    (media / "sub" / "clip.mp4").write_bytes(VIDEO)
    os.symlink(media / "clip.mp4", media / "link.mp4")
    assert shortcut(media).answer(parsed(*NOT_PLAIN[case])) is None


def test_an_http_1_0_request_goes_to_the_app(folders):
    request = parsed("GET /media/clip.mp4", "Range: bytes=0-9", version="1.0")
    assert shortcut(folders[1]).answer(request) is None


def test_a_file_rewritten_since_is_answered_from_its_new_bytes_and_etag(folders):
    ranges, video = shortcut(folders[1]), folders[1] / "clip.mp4"
    request = parsed("GET /media/clip.mp4", "Range: bytes=0-3")
    head, file, offset, length = ranges.answer(request)
    video.write_bytes(b"NEW!" + VIDEO[4:])
    os.utime(video, ns=(1, 1))  # a clock tick apart, whatever the file system's resolution
    new_head, new_file, *_ = ranges.answer(request)
    assert body_of(FileSpan(new_file, 0, 4)) == b"NEW!"
    assert fields(new_head)["ETag"] != fields(head)["ETag"]


def test_a_file_replaced_by_another_is_answered_from_the_new_one(folders):
    ranges, media = shortcut(folders[1]), folders[1]
    request = parsed("GET /media/clip.mp4", "Range: bytes=0-3")
    ranges.answer(request)
    (media / "other.mp4").write_bytes(b"MOVE" + VIDEO[4:])
    os.replace(media / "other.mp4", media / "clip.mp4")
    _, file, offset, length = ranges.answer(request)
    assert body_of(FileSpan(file, offset, length)) == b"MOVE"
