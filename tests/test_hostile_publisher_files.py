"""Any content of any publisher file breaks at most its own lesson, with a message.

Every kind of lesson file (captions, chapters, callouts, a translation, metadata, glossary)
is given hostile content in turn (nesting 600 deep, over its size limit, binary, wrong
types, a FIFO, a symlink loop, a link out of the folder, a folder, nothing at all), beside a
good lesson. Then every page and API answer is something other than a 500, the good lesson
is untouched, the hostile one says what is wrong, and `check` and `export` finish with a
message rather than a traceback or a hang. A hypothesis test then throws arbitrary bytes at
each kind.
"""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player import create_app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
KINDS = {
    "captions": "victim.vtt",
    "chapters": "victim.chapters.vtt",
    "callouts": "victim.callouts.vtt",
    "translation": "victim.es.vtt",
    "metadata": "victim.toml",
    "glossary": "victim.glossary.toml",
}
DEEP = 600


def nested(kind: str) -> bytes:
    if kind in ("metadata", "glossary"):
        return b"a = " + b"[" * DEEP + b"]" * DEEP + b"\n"
    tags = "<c.a><i><b>" * 10_000 + "x" + "</b></i></c>" * 10_000
    return f"WEBVTT\n\n00:00.000 --> 00:01.000\n{tags}\n".encode()


def wrong_types(kind: str) -> bytes:
    if kind == "metadata":
        return b'title = 5\nsummary = ["a"]\nlanguage = {x = 1}\nrelated = "x"\nposter = 1.5\n'
    if kind == "glossary":
        return b"term = 5\n[x]\nforms = [1, 2]\n"
    return b"WEBVTT\n\nnot a time --> 00:01.000\nx\n\n00:02.000 --> garbage\ny\n"


def write_huge(path: Path) -> None:
    with path.open("wb") as file:  # sparse: 300 MB on paper, nothing on disk
        file.write(b"WEBVTT\n\n")
        file.truncate(300_000_000)


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_loop(path: Path) -> None:
    other = path.with_name(f"{path.name}.loop")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def make_link_out(path: Path) -> None:
    outside = path.parent.parent / "outside-secret.txt"
    outside.write_text(
        'WEBVTT\n\n00:00.000 --> 00:01.000\nSECRET-CANARY\ntitle = "SECRET-CANARY"\n'
    )
    path.symlink_to(outside)


def make_folder(path: Path) -> None:
    path.mkdir()


HOSTILE = {
    "nested 600 deep": lambda path, kind: path.write_bytes(nested(kind)),
    "over its size limit": lambda path, kind: write_huge(path),
    "binary": lambda path, kind: path.write_bytes(bytes(range(256)) * 64),
    "wrong types": lambda path, kind: path.write_bytes(wrong_types(kind)),
    "a FIFO": lambda path, kind: make_fifo(path),
    "a symlink loop": lambda path, kind: make_loop(path),
    "a link out of the folder": lambda path, kind: make_link_out(path),
    "a folder": lambda path, kind: make_folder(path),
    "empty": lambda path, kind: path.write_bytes(b""),
}


@pytest.fixture
def two_lessons(lesson_dirs):
    """The sample lesson, and `victim`: a copy of it, with a glossary and Spanish captions."""
    captions, media = lesson_dirs
    for path in [*(FIXTURES / "sample").iterdir(), *(FIXTURES / "viewer").iterdir()]:
        shutil.copy(path, captions / path.name.replace("sample", "victim"))
    shutil.copy(media / "sample.mp4", media / "victim.mp4")
    return captions, media


def replace_with(captions: Path, kind: str, attack: str) -> Path:
    path = captions / KINDS[kind]
    path.unlink()
    HOSTILE[attack](path, kind)
    return path


def answers(client) -> dict[str, int]:
    """Every URL a viewer could ask for, and its status, each within a time limit."""
    urls = [
        "/", "/lessons", "/api/lessons", "/lessons/victim", "/api/lessons/victim",
        "/captions/victim.vtt", "/captions/victim.chapters.vtt", "/captions/victim.es.vtt",
        "/lessons/victim/transcript.txt", "/lessons/sample", "/api/lessons/sample",
    ]  # fmt: skip
    statuses: dict[str, int] = {}

    def ask():
        for url in urls:
            statuses[url] = client.get(url, buffered=True).status_code

    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), f"a request hung; answered so far: {statuses}"
    return statuses


def what_the_victim_says(client, kind: str) -> list[str]:
    body = client.get("/api/lessons/victim").get_json()
    said = [p["message"] for p in body["problems"]]
    said += [p["message"] for p in body["glossary"]["problems"]]
    return said


def lessons_check(captions: Path, media: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "player.cli", "check", "--captions", str(captions)]
    command += ["--media", str(media)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("attack", list(HOSTILE))
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_hostile_file_breaks_at_most_its_own_lesson_with_a_message(two_lessons, kind, attack):
    captions, media = two_lessons
    replace_with(captions, kind, attack)
    client = create_app(captions, media, test_config={"TESTING": True}).test_client()

    statuses = answers(client)

    assert 500 not in statuses.values(), statuses
    for url in ("/", "/lessons", "/api/lessons", "/lessons/sample", "/api/lessons/sample"):
        assert statuses[url] == 200, (url, statuses)
    sample = client.get("/api/lessons/sample").get_json()
    assert sample["problems"] == [] and sample["glossary"]["problems"] == []
    catalogue = client.get("/api/lessons").get_json()["lessons"]
    assert {lesson["slug"] for lesson in catalogue} == {"sample", "victim"}
    page = client.get("/lessons/victim")
    assert b"SECRET-CANARY" not in page.data
    assert b"SECRET-CANARY" not in client.get("/api/lessons/victim").data
    toml = kind in ("metadata", "glossary")
    if not (attack == "wrong types" and not toml or attack == "empty" and toml):
        # the file is refused, or its bad values are: the lesson says so (an empty TOML
        # file is a valid one; cues with bad timings are dropped as a browser drops them)
        said = what_the_victim_says(client, kind)
        warned = client.application.extensions["lessons"].get("victim").warnings
        assert said or warned, (kind, attack)


# The tail of the matrix above, run through the command-line tools: a slower path (a
# process each), so one hostile file of each kind, of the attacks that crashed them.
@pytest.mark.parametrize("attack", ["nested 600 deep", "a symlink loop", "a FIFO"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_check_reports_a_hostile_file_without_a_traceback(two_lessons, kind, attack):
    captions, media = two_lessons
    path = replace_with(captions, kind, attack)

    result = lessons_check(captions, media)

    assert "Traceback" not in result.stderr + result.stdout
    assert path.name in result.stdout
    assert "2 lesson(s) checked" in result.stderr
    if attack == "nested 600 deep" and path.suffix == ".vtt":
        # cue tags nested that deep are unwrapped in the served track: a warning
        assert result.returncode == 0 and "(warning)" in result.stdout, result.stdout
        assert "nest 30000 deep; past 16 they are removed" in result.stdout
    else:
        assert result.returncode == 1, result.stdout + result.stderr


@pytest.mark.parametrize("kind", list(KINDS))
def test_export_of_a_folder_with_a_toml_bomb_or_loop_exports_the_good_lesson(
    two_lessons, tmp_path, kind
):
    captions, media = two_lessons
    replace_with(captions, kind, "nested 600 deep")
    replace_with(captions, "chapters" if kind != "chapters" else "callouts", "a symlink loop")
    command = [sys.executable, "-m", "player.cli", "export", str(tmp_path / "site")]
    command += ["--captions", str(captions), "--media", str(media)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}

    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    assert (tmp_path / "site" / "lessons" / "sample" / "index.html").is_file()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(list(KINDS)), content=st.binary(max_size=2048))
def test_arbitrary_bytes_in_any_file_break_at_most_that_lesson(two_lessons, kind, content):
    captions, media = two_lessons
    path = captions / KINDS[kind]
    original = path.read_bytes() if path.is_file() else None
    path.write_bytes(content)
    try:
        client = create_app(captions, media, test_config={"TESTING": True}).test_client()
        statuses = answers(client)
        assert 500 not in statuses.values(), statuses
        assert client.get("/api/lessons/sample").get_json()["problems"] == []
    finally:
        if original is not None:
            path.write_bytes(original)
