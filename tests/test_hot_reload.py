"""Caption files change under a running server: edits and replacements show on the next
request, a half-written file never takes the lesson down for good, and huge or hostile
files are refused (or read) within bounds while the other lessons stay up."""

import json
import os
import threading
import tracemalloc
import urllib.error
import urllib.request

import pytest

from player import DEFAULTS, create_app

CUE = "{start} --> {end}\n{text}\n\n"


def vtt(*texts: str) -> str:
    """A WebVTT file with one 1-second cue per text."""
    cues = [CUE.format(start=clock(i), end=clock(i + 1), text=text) for i, text in enumerate(texts)]
    return "WEBVTT\n\n" + "".join(cues)


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def cue_texts(base: str, slug: str = "sample") -> list[str]:
    status, body = fetch(f"{base}/api/lessons/{slug}")
    assert status == 200
    return [cue["text"] for cue in json.loads(body)["cues"]]


@pytest.fixture
def base(app, live_server):
    return live_server(app)


@pytest.fixture
def captions(lesson_dirs):
    return lesson_dirs[0] / "sample.vtt"


def test_an_edited_caption_file_is_served_on_the_next_request(base, captions):
    assert len(cue_texts(base)) == 4
    captions.write_text(vtt("Edited first line.", "Edited second line."))
    assert cue_texts(base) == ["Edited first line.", "Edited second line."]
    assert fetch(f"{base}/captions/sample.vtt")[1] == captions.read_bytes()


def test_a_caption_file_replaced_by_rename_is_served_on_the_next_request(base, captions):
    cue_texts(base)
    fresh = captions.with_name("sample.vtt.tmp")
    fresh.write_text(vtt("Replaced."))
    os.replace(fresh, captions)
    assert cue_texts(base) == ["Replaced."]


@pytest.mark.parametrize("cut", [3, 12, 30, -4])
def test_a_half_written_file_breaks_the_lesson_only_until_the_write_completes(base, captions, cut):
    full = vtt("One.", "Two.", "Three.").encode()
    captions.write_bytes(full[:cut])
    status, _ = fetch(f"{base}/api/lessons/sample")
    assert status == 200
    assert fetch(f"{base}/lessons/sample")[0] == 200
    captions.write_bytes(full)
    assert cue_texts(base) == ["One.", "Two.", "Three."]


def test_a_rewrite_within_one_tick_of_the_file_clock_is_not_missed(base, captions):
    """Same size, same mtime (a coarse file-system clock): the signature cannot tell."""
    captions.write_text(vtt("Draft AAAA."))
    assert cue_texts(base) == ["Draft AAAA."]
    stamp = captions.stat()
    captions.write_text(vtt("Final BBBB."))
    os.utime(captions, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert captions.stat().st_size == stamp.st_size
    assert cue_texts(base) == ["Final BBBB."]


def test_requests_during_a_slow_write_all_answer_and_the_end_is_whole(base, captions):
    full = vtt(*(f"Line {i} of a long lesson." for i in range(300))).encode()
    statuses = []
    writing = threading.Event()

    def read_while_written():
        while writing.is_set():
            statuses.append(fetch(f"{base}/api/lessons/sample")[0])
            statuses.append(fetch(f"{base}/lessons/sample")[0])

    writing.set()
    reader = threading.Thread(target=read_while_written)
    reader.start()
    try:
        with open(captions, "wb") as file:
            for i in range(0, len(full), 97):
                file.write(full[i : i + 97])
                file.flush()
    finally:
        writing.clear()
        reader.join()
    assert statuses and set(statuses) == {200}
    assert len(cue_texts(base)) == 300


def test_a_lesson_changed_under_many_viewers_is_parsed_once(
    base, captions, lesson_dirs, monkeypatch
):
    import player.lessons

    loads = []
    real_load = player.lessons.load_lesson

    def counted(files, **kwargs):
        loads.append(files.slug)
        return real_load(files, **kwargs)

    monkeypatch.setattr(player.lessons, "load_lesson", counted)
    captions.write_text(vtt(*(f"Cue {i}." for i in range(2_000))))
    for path in [*captions.parent.iterdir(), *lesson_dirs[1].iterdir()]:
        os.utime(path, ns=(0, 0))  # long settled, so one load is surely enough
    answers = []
    viewers = [
        threading.Thread(target=lambda: answers.append(fetch(f"{base}/lessons/sample")[0]))
        for _ in range(8)
    ]
    for viewer in viewers:
        viewer.start()
    for viewer in viewers:
        viewer.join()
    assert answers == [200] * 8
    assert loads == ["sample"]


# --- huge and hostile files ----------------------------------------------------------


def million_cues() -> bytes:
    lines = [b"WEBVTT\n\n"]
    lines += [b"00:00:%02d.%03d --> 00:00:59.999\nx\n\n" % divmod(i % 60000, 1000) for i in range(1_000_000)]  # fmt: skip
    return b"".join(lines)


HOSTILE = {
    # name: (bytes, what the lesson's API says about it)
    "tens of MB": (lambda: b"WEBVTT\n\n" + b"a" * 30_000_000, "limit"),
    "a million cues": (million_cues, "limit"),
    "binary data": (lambda: os.urandom(5_000_000), "not a WebVTT file"),
    "a 5 MB line": (lambda: vtt("w" * 5_000_000).encode(), "cue"),
    "not UTF-8": (lambda: vtt("caf\xe9 cr\xe8me").encode("latin-1"), "cue"),
    "NUL bytes": (lambda: vtt("a\0b").encode(), "cue"),
}


@pytest.fixture
def hostile(lesson_dirs, request):
    """A second lesson, `hostile`, whose captions are the file named by the test's param."""
    captions, media = lesson_dirs
    make, expected = HOSTILE[request.param]
    (captions / "hostile.vtt").write_bytes(make())
    (media / "hostile.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    return expected


@pytest.mark.parametrize("hostile", list(HOSTILE), indirect=True)
def test_a_huge_or_hostile_file_is_handled_within_bounds_and_others_stay_up(client, hostile):
    tracemalloc.start()
    try:
        response = client.get("/api/lessons/hostile")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    body = response.get_json()
    if hostile == "cue":
        assert len(body["cues"]) == 1 and body["problems"] == []
        assert peak < 20 * 5_000_000
    else:
        assert body["broken"] is True
        assert any(hostile in problem["message"] for problem in body["problems"])
        assert peak < 20 * 5_000_000  # memory in proportion to the file, never unbounded
    assert client.get("/lessons/hostile").status_code == 200
    assert client.get("/api/lessons/sample").get_json()["problems"] == []
    assert client.get("/lessons/sample").status_code == 200


@pytest.mark.parametrize("hostile", ["not UTF-8"], indirect=True)
def test_bytes_that_are_not_utf8_become_replacement_characters_as_in_a_browser(client, hostile):
    assert (
        client.get("/api/lessons/hostile").get_json()["cues"][0]["text"] == "caf\ufffd cr\ufffdme"
    )


@pytest.mark.parametrize("hostile", ["tens of MB", "a million cues"], indirect=True)
def test_a_file_over_the_limit_is_refused_unread_with_its_size_and_the_limit(
    client, hostile, lesson_dirs
):
    size = (lesson_dirs[0] / "hostile.vtt").stat().st_size
    tracemalloc.start()
    try:
        problems = client.get("/api/lessons/hostile").get_json()["problems"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    limit = DEFAULTS["MAX_CAPTION_BYTES"]
    assert {"file": "hostile.vtt", "line": None, "message": f"file is {size} bytes; the limit is {limit}"} in problems  # fmt: skip
    assert peak < 2_000_000  # not read at all


def test_the_size_limit_is_configurable(lesson_dirs):
    captions, media = lesson_dirs
    app = create_app(captions, media, test_config={"TESTING": True, "MAX_CAPTION_BYTES": 100})
    size = (captions / "sample.vtt").stat().st_size
    with app.test_client() as client:
        body = client.get("/api/lessons/sample").get_json()
    assert body["problems"][0]["message"] == f"file is {size} bytes; the limit is 100"
