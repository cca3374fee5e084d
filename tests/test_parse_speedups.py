"""The fast parser (segments read once, in a process pool when many are new) gives exactly what
the parser before issue 15 gave (tests/vtt_reference.py): the same cues, ids, times, text,
voices, words and lines, the same warnings with their line numbers, the same rewritten file,
and the same errors, on the WPT corpus, the repository's caption files, and generated files,
read cold, again unchanged, and after edits."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import vtt_reference
from conftest import SHARED
from test_wpt_conformance import read_test

from player import parse_pool, segment_cache, vtt
from player.regions import regions_in_text
from player.vtt import CaptionError, parse_track

ROOT = Path(__file__).resolve().parent.parent


def reference(data: bytes, name: str, **limits):
    """What the parser before issue 15 gives: its ParsedTrack, or its error."""
    try:
        track = vtt_reference.parse_track(data, name, **limits)
    except vtt_reference.CaptionError as error:
        return ("error", error.file, error.line, error.reason)
    return (track.cues, track.warnings, track.rewritten)


def fast(data: bytes, name: str, **limits):
    try:
        track = parse_track(data, name, **limits)
    except CaptionError as error:
        return ("error", error.file, error.line, error.reason)
    return (track.cues, track.warnings, track.rewritten)


def assert_same(data: bytes, name: str = "track.vtt", **limits) -> None:
    assert fast(data, name, **limits) == reference(data, name, **limits)


@pytest.fixture(autouse=True)
def empty_cache():
    segment_cache.clear()
    yield
    segment_cache.clear()


def corpus_files() -> list[Path]:
    folders = [SHARED / "wpt-webvtt", ROOT / "tests", ROOT / "captions", ROOT / "lessons"]
    found = {p for folder in folders if folder.is_dir() for p in folder.rglob("*.vtt")}
    return sorted(found)


def corpus_tests() -> list[Path]:
    folder = SHARED / "wpt-webvtt" / "test"
    return sorted(folder.glob("*.test")) if folder.is_dir() else []


# -- small files: every file of the corpus, cold and from the cache ---------------------------


def test_the_corpus_has_files_to_compare():
    assert len(corpus_files()) > 40
    assert len(corpus_tests()) > 30


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_each_corpus_file_parses_as_before(path):
    data = path.read_bytes()
    assert_same(data, path.name)


@pytest.mark.parametrize("path", corpus_tests(), ids=lambda p: p.name)
def test_each_wpt_test_payload_parses_as_before(path):
    data, _length, _fields = read_test(f"test/{path.name}")
    assert_same(data, path.name)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_each_corpus_file_parses_as_before_when_its_segments_are_cached(path):
    data = path.read_bytes()
    fast(data, path.name)
    assert_same(data, path.name)


# -- generated files: every kind of block, big enough to be cut into many segments -----------

WORDS = [
    "the",
    "spine",
    "carries",
    "weight",
    "and",
    "protects",
    "the",
    "cord",
    "while",
    "nerves",
    "leave",
    "between",
    "bones",
]


def stamp(ms: int, rng: random.Random) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours == 0 and rng.random() < 0.2:
        return f"{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def generated(count: int, seed: int = 1) -> list[str]:
    """Blocks of a WebVTT file (no header): cues with and without ids, settings, tags, voices,
    timestamp tags, references, cues out of order and of equal start, NOTE, STYLE and
    REGION blocks (ignored after the first cue), malformed timings, text with no timings,
    blocks not ended by an empty line, deep nesting, runs of empty lines."""
    rng = random.Random(seed)
    blocks, t = [], 1000
    for i in range(count):
        start, end = t, t + rng.randint(200, 3000)
        t += rng.choice((0, 300, 900, 1500))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9)))
        kind = rng.random()
        timing = f"{stamp(start, rng)} --> {stamp(end, rng)}"
        if rng.random() < 0.15:
            timing += rng.choice([" align:start", " line:0 position:20%", "\tsize:50% vertical:rl"])
        ident = [f"p{i // 10}-{i % 10}"] if rng.random() < 0.5 else []
        if kind < 0.05:
            text = f"<v.loud Dr &amp; Lee>{text}</v>"
        elif kind < 0.08:
            text = f"{text} <{stamp(start + 100, rng)}><c.x>{text}</c> &lt;3 &notit; &#x41;"
        elif kind < 0.10:
            text = f"<i>{text}</i>\n<b>{text}</b>\n  "
        elif kind < 0.11:
            text = "<c>" * 20 + text + "</c>" * 20
        elif kind < 0.12:
            blocks.append(f"NOTE {text}\nmore note")
        elif kind < 0.13:
            blocks.append("STYLE\n::cue { color: red }")
        elif kind < 0.14:
            blocks.append("REGION\nid:r1 width:40%")
        elif kind < 0.15:
            timing = f"{stamp(start, rng)} -> {stamp(end, rng)}"
        elif kind < 0.16:
            timing = f"00:00:0{i % 10}.5 --> {stamp(end, rng)}"
        elif kind < 0.17:
            blocks.append(f"just {text}")
        elif kind < 0.18:
            text = f"{text}\n{stamp(start, rng)} --> {stamp(end + 5, rng)}\nnext cue, no empty line"
        elif kind < 0.19:
            timing = f"  {timing}"
        blocks.append("\n".join([*ident, timing, text]))
        if rng.random() < 0.05:
            blocks.append("")
    return blocks


# Timing lines at the edge of the fast path (vtt_blocks.one_cue_block): what it reads must be
# what the spec's steps read, and what it does not must go to them.
EDGE_TIMINGS = [
    "00:01.000 --> 00:02.000",
    "1:00:00.000 --> 1:00:01.000",
    "123:00:00.000 --> 123:00:01.000",
    "000000005:00:00.000 --> 000000005:00:01.000",
    "9999999999:59:59.999 --> 9999999999:59:59.999",
    "99999999999:00:00.000 --> 99999999999:00:01.000",
    "00:00:01.000-->00:00:02.000",
    "00:00:01.000\t-->\f00:00:02.000",
    "\f 00:01.000 --> 00:02.000",
    "00:01.000 --> 00:02.000x",
    "00:01.000 --> 00:02.0001",
    "00:01.000 --> 00:02.000 align:start line:0",
    "00:01.000 --> 00:02.000\u000b",
    "60:00.000 --> 61:00.000",
    "00:60.000 --> 00:61.000",
    "59:59.999 --> 01:00:00.000",
    "00:01,000 --> 00:02,000",
    "00:02.000 --> 00:01.000",
]
EDGE_IDS = ["", "NOTE", "STYLE", "id with\ttab", "\u00a0", "-->x", "00:01.000"]
EDGE_PAYLOADS = ["", "text", "a\nb", "<v Ann>hi</v>", "x --> y", "NOTE", "\u00a0\u2028"]


def test_edge_timings_ids_and_payloads_parse_as_before():
    rng = random.Random(5)
    blocks = ["00:00.000 --> 00:00.500\nfirst"]
    for timing in EDGE_TIMINGS:
        for ident in EDGE_IDS:
            payload = rng.choice(EDGE_PAYLOADS)
            blocks.append("\n".join(line for line in (ident, timing, payload) if line))
    assert_same(document(blocks))


def document(blocks: list[str], header: str = "WEBVTT - generated\nKind: captions") -> bytes:
    return (header + "\n\n" + "\n\n".join(blocks) + "\n").encode()


def test_a_generated_file_with_every_kind_of_block_parses_as_before():
    data = document(generated(3000))
    track = parse_track(data, "gen.vtt")
    assert len(track.warnings) > 10 and track.rewritten is not None
    assert any(cue.words for cue in track.cues) and any(cue.voice for cue in track.cues)
    assert_same(data, "gen.vtt")


def test_a_file_whose_header_holds_style_region_and_notes_parses_as_before():
    header = "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\nNOTE hi\n\nfirst id"
    assert_same(document(generated(300), header=header))


def test_a_file_whose_first_cues_are_malformed_parses_as_before():
    header = "WEBVTT\n\nnot a cue\n\n00:01.000 -> 00:02.000\nbad\n\n00:00:01.000 --> 00:00:02.000"
    assert_same(document(generated(300), header=header))


def test_a_file_with_more_warnings_than_are_listed_parses_as_before():
    blocks = [f"stray text {i}" for i in range(150)] + generated(200)
    track = parse_track(document(blocks, header="WEBVTT\n\n00:00.000 --> 00:01.000\nx"), "w.vtt")
    assert track.warnings[-1].line is None
    assert_same(document(blocks, header="WEBVTT\n\n00:00.000 --> 00:01.000\nx"), "w.vtt")


def test_crlf_bom_and_nul_files_parse_as_before():
    data = b"\xef\xbb\xbf" + document(generated(500)).replace(b"\n", b"\r\n")
    data = data.replace(b"spine", b"sp\0ine")
    assert_same(data, "crlf.vtt")


def test_errors_are_the_same_as_before():
    assert_same(b"WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n")
    assert_same(b"")
    assert_same(document(generated(50)), max_bytes=100)
    assert_same(document(generated(50)), max_cues=10)


# -- edits: a file saved again is parsed only where it changed, with the same result ----------


def edits(blocks: list[str], rng: random.Random):
    """Versions of a file: one cue's text changed, a line added in a cue, a cue removed, a
    cue added, two cues swapped, every cue's text changed."""
    k = rng.randrange(len(blocks))
    yield "one cue's text", [*blocks[:k], blocks[k] + " edited", *blocks[k + 1 :]]
    yield "a line added", [*blocks[:k], blocks[k] + "\nanother line", *blocks[k + 1 :]]
    yield "a cue removed", blocks[:k] + blocks[k + 1 :]
    yield "a cue added", [*blocks[:k], "00:00:00.500 --> 00:00:09.000\nnew", *blocks[k:]]
    yield "two cues swapped", [*blocks[:k], *blocks[k + 1 : k + 2], blocks[k], *blocks[k + 2 :]]
    yield "every cue", [block + " v2" for block in blocks]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_edit_of_a_file_parses_as_the_edited_file_did_before(seed):
    rng = random.Random(seed)
    blocks = generated(2000, seed)
    parse_track(document(blocks), "edited.vtt")
    for what, version in edits(blocks, rng):
        data = document(version)
        assert fast(data, "edited.vtt") == reference(data, "edited.vtt"), what


def test_an_edit_that_makes_the_first_cue_later_parses_as_before():
    blocks = generated(500)
    parse_track(document(blocks), "first.vtt")
    assert_same(document(["nothing timed here", *blocks]), "first.vtt")
    assert_same(document(["STYLE\n::cue {}", "00:00:00.000 --> 00:00:01.000\nx", *blocks]))


def segments_read(monkeypatch) -> list[str]:
    """The runs of lines read from now on (not taken from the cache), in order."""
    read: list[str] = []
    original = vtt.read_segments

    def recording(texts, derive=None):
        read.extend(texts)
        return original(texts, derive)

    monkeypatch.setattr(vtt, "read_segments", recording)
    return read


def test_an_unchanged_file_reads_no_segment_again(monkeypatch):
    data = document(generated(500))
    parse_track(data, "same.vtt")
    read = segments_read(monkeypatch)
    parse_track(data, "same.vtt")
    assert read == []


def test_a_one_cue_edit_reads_only_that_segment_again(monkeypatch):
    blocks = generated(500)
    parse_track(document(blocks), "one.vtt")
    read = segments_read(monkeypatch)
    parse_track(document([*blocks[:-1], blocks[-1] + " edited"]), "one.vtt")
    assert read == [blocks[-1] + " edited"]


def test_the_cache_keeps_a_bounded_number_of_segments(monkeypatch):
    monkeypatch.setattr(segment_cache, "MAX_SEGMENTS", 1000)
    for k in range(5):
        parse_track(document(generated(400, seed=k)), f"file{k}.vtt")
    kept = sum(len(segment_cache.segments_of(f"file{k}.vtt")) for k in range(5))
    assert 0 < kept <= 1000
    assert segment_cache.segments_of("file4.vtt")
    assert not segment_cache.segments_of("file0.vtt")


# -- derive: a function of each cue's text, run as the cue is read -------------------------


def test_derived_values_are_one_per_cue_in_the_order_of_the_cues(monkeypatch):
    data = document(generated(800, seed=11))
    monkeypatch.setattr(vtt, "POOL_MIN_LINES", 1000)  # read in the pool too
    track = parse_track(data, "derive.vtt", derive=regions_in_text)
    assert track.derived == tuple(regions_in_text(cue.text) for cue in track.cues)
    assert any(track.derived)
    assert parse_track(data, "derive.vtt").derived == ()


DERIVED_FROM: list[str] = []


def counted_regions(text: str) -> tuple[str, ...]:
    DERIVED_FROM.append(text)
    return regions_in_text(text)


def test_derive_runs_only_on_the_cues_of_segments_that_changed():
    blocks = generated(300, seed=12)
    parse_track(document(blocks), "d.vtt", derive=counted_regions)
    DERIVED_FROM.clear()
    edited = [*blocks[:-1], "00:59:00.000 --> 00:59:01.000\nthe lumbar spine"]
    track = parse_track(document(edited), "d.vtt", derive=counted_regions)
    # the file's first cue is read before the segments, every time; then only the new one
    assert [*DERIVED_FROM] == [track.cues[0].text, "the lumbar spine"]
    assert track.derived == tuple(regions_in_text(c.text) for c in track.cues)


# -- the pool: many new segments are read on every core, with the same result -----------------


def test_a_big_new_file_is_read_in_the_pool_with_the_same_result(monkeypatch):
    monkeypatch.setattr(vtt, "POOL_MIN_LINES", 1000)
    jobs = []
    original = parse_pool.run
    monkeypatch.setattr(parse_pool, "run", lambda f, js: jobs.extend(js) or original(f, js))
    data = document(generated(4000, seed=7))
    assert_same(data, "pooled.vtt")
    assert len(jobs) >= parse_pool.WORKERS + 1  # a share for every process


def test_the_pool_gives_results_in_the_order_of_the_jobs():
    assert parse_pool.run(sorted, [[3, 1], [2], [9, 8, 7]] * 20) == [[1, 3], [2], [7, 8, 9]] * 20


def test_a_job_the_pool_fails_is_done_in_this_process(monkeypatch):
    class Broken:
        def submit(self, *args):
            raise OSError("no pool")

    monkeypatch.setattr(parse_pool, "_pool", lambda: Broken())
    monkeypatch.setattr(parse_pool, "_give_up", lambda: None)
    assert parse_pool.run(len, ["ab", "c", "def"] * 10) == [2, 1, 3] * 10


# -- the lesson: regions per cue taken from the cues' own when no callout reaches another ----


def _library(tmp_path, cues: list[tuple[str, str, str]]):
    from player.lessons import LessonLibrary

    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "l.mp4").write_bytes(b"\0")
    body = "".join(f"\n{start} --> {end}\n{text}\n" for start, end, text in cues)
    (tmp_path / "l.vtt").write_text("WEBVTT\n" + body)
    return LessonLibrary(tmp_path, tmp_path / "media", max_caption_bytes=10**6)


@pytest.mark.parametrize(
    "cues",
    [
        [("00:01.000", "00:02.000", "the neck"), ("00:02.000", "00:03.000", "lower back")],
        [("00:01.000", "00:04.000", "the neck"), ("00:02.000", "00:03.000", "lower back")],
        [("00:01.000", "00:01.000", "the neck"), ("00:01.000", "00:03.000", "lungs")],
    ],
    ids=["apart", "overlapping", "empty cue"],
)
def test_each_cue_lights_the_regions_of_every_callout_that_overlaps_it(tmp_path, cues):
    from player.lesson_loading import _regions_per_cue

    lesson = _library(tmp_path, cues).get("l")
    assert lesson.regions == _regions_per_cue(lesson.cues, lesson.callouts)
    assert lesson.regions[0]
