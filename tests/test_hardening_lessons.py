"""Issue 13's attacks on lesson files, each by name: what a careless or hostile publisher
can put in the captions and media folders, and what the server does about it."""

import os
import pathlib
import subprocess
import sys
import threading
import time

import pytest

from player import create_app
from player.lessons import SETTLE_NS, LessonLibrary
from player.regions import REGION_TEXT_LIMIT, regions_in_text
from player.vtt import MAX_TAG_DEPTH

CUE = "{start} --> {end}\n{text}\n\n"


def vtt(*texts: str) -> str:
    cues = [
        CUE.format(start=f"00:{i // 60:02d}:{i % 60:02d}.000", end=f"00:{i // 60:02d}:{i % 60:02d}.900", text=t)
        for i, t in enumerate(texts)
    ]  # fmt: skip
    return "WEBVTT\n\n" + "".join(cues)


def settled(*paths: pathlib.Path) -> None:
    """Date the files a minute back: written long ago, as far as the server can tell."""
    past = time.time_ns() - 60 * 1_000_000_000
    for path in paths:
        os.utime(path, ns=(past, past))


@pytest.fixture
def folders(lesson_dirs):
    captions, media = lesson_dirs
    settled(*captions.iterdir(), *media.iterdir())
    return captions, media


def app_for(captions, media, **config):
    return create_app(captions, media, test_config={"TESTING": True, **config})


# --- 5: a 19 MB cue line -----------------------------------------------------------------


def test_a_huge_cue_is_read_for_regions_in_its_first_characters_only():
    assert regions_in_text("Pain in the neck. " + "w" * 10_000_000) == ("cervical",)
    assert regions_in_text("w" * REGION_TEXT_LIMIT + " neck") == ()


# --- 6: no per-lesson limit --------------------------------------------------------------


def test_translations_past_the_per_lesson_limit_are_left_out_with_a_warning(folders):
    captions, media = folders
    big = vtt(*(f"Línea número {i} de una traducción larga." for i in range(400))).encode()
    for lang in ("de", "es", "fr", "it"):
        (captions / f"sample.{lang}.vtt").write_bytes(big)
    limit = (captions / "sample.vtt").stat().st_size + 2 * len(big) + 5_000
    library = LessonLibrary(captions, media, max_caption_bytes=20_000_000, max_lesson_bytes=limit)

    lesson = library.get("sample")

    assert not lesson.broken
    assert len(lesson.translations) == 2
    left_out = [w for w in lesson.warnings if "left out" in w.message]
    assert len(left_out) == 2
    assert f"would pass {limit} bytes, the limit for one lesson" in left_out[0].message


def test_the_per_lesson_limit_is_a_setting(folders):
    captions, media = folders
    (captions / "sample.es.vtt").write_text(vtt("Hola."))
    app = app_for(captions, media, MAX_LESSON_BYTES=(captions / "sample.vtt").stat().st_size + 10)
    body = app.test_client().get("/api/lessons/sample").get_json()
    assert body["translations"] == []


# --- 7: nesting ----------------------------------------------------------------------------


def test_a_cue_nested_10000_deep_is_served_unwrapped_and_check_warns(folders):
    captions, media = folders
    tags = "<c.a><i><b>" * 3_334 + "deep" + "</b></i></c>" * 3_334
    (captions / "sample.vtt").write_text(vtt("First.", tags, "Last."))
    client = app_for(captions, media).test_client()

    served = client.get("/captions/sample.vtt").get_data(as_text=True)

    assert served.count("<c.a>") + served.count("<i>") + served.count("<b>") == MAX_TAG_DEPTH
    assert "deep" in served and "First." in served and "Last." in served
    assert [c["text"] for c in client.get("/api/lessons/sample").get_json()["cues"]] == [
        "First.",
        "deep",
        "Last.",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "player.cli", "check", "--captions", str(captions), "--media", str(media)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (
        f"cue tags nest 10002 deep; past {MAX_TAG_DEPTH} they are removed (text kept) (warning)"
        in result.stdout
    )


def test_a_track_within_the_nesting_limit_is_served_byte_for_byte(folders):
    captions, media = folders
    original = "\ufeffWEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\n<v Ann><i><b>Hi</b></i></v>\r\n"
    (captions / "sample.vtt").write_bytes(original.encode())
    client = app_for(captions, media).test_client()
    assert client.get("/captions/sample.vtt").data == original.encode()


# --- 8: a FIFO -----------------------------------------------------------------------------


def within(seconds: float, work):
    """The result of `work()`, failing the test (rather than hanging it) past `seconds`."""
    result = []
    worker = threading.Thread(target=lambda: result.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still waiting after {seconds} s"
    return result[0]


def test_a_fifo_named_as_a_chapters_track_is_a_problem_and_hangs_nothing(folders):
    captions, media = folders
    (captions / "sample.chapters.vtt").unlink()
    os.mkfifo(captions / "sample.chapters.vtt")
    client = app_for(captions, media).test_client()

    body = within(10, lambda: client.get("/api/lessons/sample").get_json())

    assert {"file": "sample.chapters.vtt", "line": None, "message": "not a regular file (a FIFO, device or folder); lessons are read from plain files"} in body["problems"]  # fmt: skip
    assert within(10, lambda: client.get("/lessons").status_code) == 200
    assert within(10, lambda: client.get("/static/js/main.js", buffered=True).status_code) == 200
    assert within(10, lambda: client.get("/captions/sample.chapters.vtt").status_code) == 404


# --- 9: a symlink loop ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/captions/a.vtt", "/media/a.mp4"])
def test_a_symlink_loop_is_not_found_not_a_500(folders, url):
    captions, media = folders
    folder = {"captions": captions, "media": media}[url.split("/")[1]]
    (folder / url.rsplit("/", 1)[1]).symlink_to("b" + url[-4:])
    (folder / ("b" + url[-4:])).symlink_to(url.rsplit("/", 1)[1])
    client = app_for(captions, media).test_client()
    assert client.get(url).status_code == 404


# --- 10: 2,000 lessons ---------------------------------------------------------------------


def test_the_catalogue_lists_the_folder_once_and_checks_each_lesson_by_its_own_files(
    folders, monkeypatch
):
    captions, media = folders
    for n in range(300):
        (captions / f"lesson-{n}.vtt").write_text(vtt(f"Lesson {n}."))
        (media / f"lesson-{n}.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    settled(*captions.iterdir(), *media.iterdir(), captions, media)
    library = LessonLibrary(captions, media, max_caption_bytes=20_000_000)
    assert len(library.all()) == 301

    listings, stats = [], []
    real_scandir, real_stat = os.scandir, os.stat
    monkeypatch.setattr(os, "scandir", lambda path: listings.append(path) or real_scandir(path))
    monkeypatch.setattr(os, "stat", lambda path, **kw: stats.append(os.path.basename(path)) or real_stat(path, **kw))  # fmt: skip

    assert len(library.all()) == 301
    assert listings == []  # the folders have not changed: their listings hold
    stats.clear()
    assert library.get("lesson-7") is not None
    # each folder's own stat says its listing holds; then the lesson's two files, no other
    assert sorted(set(stats) - {"captions", "media"}) == ["lesson-7.mp4", "lesson-7.vtt"]


def test_a_lesson_added_to_a_listed_folder_appears(folders):
    captions, media = folders
    library = LessonLibrary(captions, media, max_caption_bytes=20_000_000)
    assert library.slugs() == ["sample"]
    (captions / "second.vtt").write_text(vtt("Second."))
    assert library.slugs() == ["sample", "second"]
    (captions / "second.vtt").unlink()
    assert library.get("second") is None


# --- 11: a half-written caption file -------------------------------------------------------


def test_a_caption_file_rewritten_in_place_is_never_served_torn(folders):
    captions, media = folders
    path = captions / "sample.vtt"
    versions = [
        vtt(*(f"Version A, line {i}." for i in range(300))).encode(),
        vtt(*(f"Version B, line {i}, a little longer." for i in range(200))).encode(),
    ]
    path.write_bytes(versions[0])
    settled(path)
    client = app_for(captions, media).test_client()
    assert len(client.get("/api/lessons/sample").get_json()["cues"]) == 300
    answers, writing = [], threading.Event()

    def read_while_written():
        while writing.is_set():
            answers.append(("api", len(client.get("/api/lessons/sample").get_json()["cues"])))
            answers.append(("vtt", client.get("/captions/sample.vtt").data))

    writing.set()
    readers = [threading.Thread(target=read_while_written) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        for round_ in range(20):
            data = versions[round_ % 2 == 0]
            with open(path, "r+b") as file:  # truncate, then write in pieces, in place
                file.truncate(0)
                for i in range(0, len(data), 4096):
                    file.write(data[i : i + 4096])
                    file.flush()
                    time.sleep(0.002)
    finally:
        writing.clear()
        for reader in readers:
            reader.join()

    assert len(answers) > 40
    assert {count for kind, count in answers if kind == "api"} <= {300, 200}
    assert {body for kind, body in answers if kind == "vtt"} <= set(versions)


def test_a_broken_file_is_reported_once_it_has_settled(folders, monkeypatch):
    monkeypatch.setattr("player.lessons.SETTLE_NS", 300_000_000)
    captions, media = folders
    client = app_for(captions, media).test_client()
    assert client.get("/api/lessons/sample").get_json()["problems"] == []
    path = captions / "sample.vtt"
    path.write_text("WEBVTT is not here")  # a second line lost in a crash, say: for good
    assert client.get("/api/lessons/sample").get_json()["problems"] == []  # maybe mid-write
    time.sleep(0.35)
    problems = client.get("/api/lessons/sample").get_json()["problems"]
    assert [p["file"] for p in problems] == ["sample.vtt"]
    assert SETTLE_NS <= 60 * 1_000_000_000


def test_a_half_copied_file_dated_in_the_past_waits_to_settle_too(folders, monkeypatch):
    # `cp -p` writes the bytes, then dates the file to its source's mtime; a stat racing a
    # truncate can give the new size with the old mtime. Either way the mtime says "long
    # ago" of a file still being written: the library's own clock decides.
    monkeypatch.setattr("player.lessons.SETTLE_NS", 300_000_000)
    captions, media = folders
    client = app_for(captions, media).test_client()
    whole = len(client.get("/api/lessons/sample").get_json()["cues"])
    path = captions / "sample.vtt"
    path.write_bytes(path.read_bytes()[:60])  # cut short mid-cue...
    settled(path)  # ...and dated a minute back
    answer = client.get("/api/lessons/sample").get_json()
    assert (len(answer["cues"]), answer["problems"]) == (whole, [])
    time.sleep(0.35)
    answer = client.get("/api/lessons/sample").get_json()
    assert len(answer["cues"]) < whole


def test_a_first_load_of_a_broken_file_reports_it_at_once(folders):
    captions, media = folders
    (captions / "sample.vtt").write_text("not captions")
    client = app_for(captions, media).test_client()
    assert client.get("/api/lessons/sample").get_json()["broken"] is True


# --- 13: language tags ---------------------------------------------------------------------


@pytest.mark.parametrize("tag", ['en"] x', "english", "en_US", "", "e" * 100])
def test_a_language_that_is_not_a_bcp47_tag_is_a_warning_and_english_is_used(folders, tag):
    captions, media = folders
    (captions / "sample.toml").write_text(f"title = 'Sample'\nlanguage = '{tag}'\n")
    lesson = LessonLibrary(captions, media, max_caption_bytes=20_000_000).get("sample")
    assert lesson.language == "en" and not lesson.broken
    assert any("is not a BCP 47 tag such as 'en' or 'pt-BR'" in w.message for w in lesson.warnings)


@pytest.mark.parametrize("tag", ["en", "pt-BR", "zh-Hant-TW", "es-419", "sr-Latn", "x-clinic"])
def test_a_bcp47_language_tag_is_kept(folders, tag):
    captions, media = folders
    (captions / "sample.toml").write_text(f"language = '{tag}'\n")
    lesson = LessonLibrary(captions, media, max_caption_bytes=20_000_000).get("sample")
    assert lesson.language == tag and lesson.warnings == ()


def test_a_translation_file_whose_language_is_not_a_tag_is_not_a_translation(folders):
    captions, media = folders
    (captions / 'sample.en"] x.vtt').write_text(vtt("Hostile."))
    (captions / "sample.pt-BR.vtt").write_text(vtt("Olá."))
    lesson = LessonLibrary(captions, media, max_caption_bytes=20_000_000).get("sample")
    assert list(lesson.translations) == ["pt-BR"]
