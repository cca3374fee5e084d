"""parse_track against the web-platform-tests WebVTT corpus (SHARED/wpt-webvtt, see its README).

Every data file is checked: each `test/*.test` against its own assertions, each built `vtt/*.vtt`
against the assertions of the `.test` it was built from (or, where the corpus has no `.test`, the
table below), each `vtt/signature-invalid/*.vtt` must be rejected, and each `cue-text/*.dat` case
against its expected DOM tree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED

from player.model import Word
from player.vtt import CaptionError, parse_track

CORPUS = SHARED / "wpt-webvtt"
MISSING = "corpus-missing"


def corpus_names(folder: str, pattern: str) -> list[str]:
    """File names relative to the corpus, or one placeholder that fails if it is absent."""
    if not CORPUS.is_dir():
        return [MISSING]
    return sorted(p.relative_to(CORPUS).as_posix() for p in (CORPUS / folder).glob(pattern))


def corpus_file(name: str) -> Path:
    if name == MISSING or not CORPUS.is_dir():
        pytest.fail(f"the WPT WebVTT corpus is missing: expected it at {CORPUS}")
    return CORPUS / name


def unescape(text: str) -> str:
    """The escapes of .test and .dat files (\\n, \\x00, \\ufeff, a backslash joining lines)."""
    return bytes(text, "utf-8").decode("unicode_escape")


# -- .test files: a WebVTT payload and the browser's assertions ------------------------------

_LENGTH = re.compile(r"assert_equals\(cues\.length,\s*(\d+)")
_FIELD = re.compile(
    r"assert_equals\(cues\[(\d+)\]\.(id|text|startTime|endTime),\s*"
    r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[-0-9.]+)\s*[,)]"
)


def read_test(name: str) -> tuple[bytes, int | None, dict[tuple[int, str], object]]:
    """A .test's payload bytes (as WPT's build.py writes the .vtt) and its cue assertions."""
    source = corpus_file(name).read_text(encoding="utf-8")
    assertions, separator, payload = source.partition("\n===\n")
    assert separator, f"{name} has no '===' line"
    length = _LENGTH.search(assertions)
    fields: dict[tuple[int, str], object] = {}
    for index, field, value in _FIELD.findall(assertions):
        if value[0] in "\"'":
            fields[int(index), field] = unescape(value[1:-1])
        else:  # seconds, as the browser gives them
            fields[int(index), field] = round(float(value) * 1000)
    return unescape(payload).encode("utf-8"), int(length[1]) if length else None, fields


def check_assertions(data: bytes, name: str, length, fields) -> None:
    cues = parse_track(data, name).cues
    if length is not None:
        assert len(cues) == length
    for (index, field), expected in fields.items():
        cue = cues[index]
        actual = {"id": cue.id, "text": cue.raw, "startTime": cue.start_ms, "endTime": cue.end_ms}
        assert actual[field] == expected, f"cues[{index}].{field}"


@pytest.mark.parametrize("name", corpus_names("test", "*.test"))
def test_test_payload_gives_the_asserted_cues(name):
    data, length, fields = read_test(name)
    check_assertions(data, name, length, fields)


# -- built .vtt files ------------------------------------------------------------------------

# The corpus has no .test for these files; expectations from the spec and from Chromium.
# (index, id, start_ms, end_ms, text, voice, words) for the cues listed.
WITHOUT_TEST = {
    "vtt/header-regions.vtt": (9, {0: ("", 0, 2500, '"no region"'), 7: ("", 6000, 7000, None)}),
    "vtt/header-timings.vtt": (1, {0: ("", 0, 1000, "text")}),
    "vtt/regions-edge-case.vtt": (4, {0: ("", 0, 1000, "text"), 3: ("", 0, 1000, "text")}),
    "vtt/signature-tab-no-newline.vtt": (0, {}),
    "vtt/rendering/bold_with_timestamp.vtt": (
        1,
        {0: ("", 0, 10000, "This is a test subtitle", None, (Word(0, "This is a test subtitle"),))},
    ),
    "vtt/rendering/decode_escaped_entities.vtt": (
        1,
        {0: ("", 0, 5000, "Here are the escaped entities: & < > \u200e \u200f \u00a0")},
    ),
    # the spec would give the first cue the id "STYLE"; Chromium gives "" (see player/vtt.py)
    "vtt/rendering/embedded_style_invalid_format.vtt": (
        2,
        {
            0: ("", 0, 5000, "This is a test subtitle", "Voice1"),
            1: ("", 0, 5000, "Here is a second subtitle", "Voice2"),
        },
    ),
    "vtt/rendering/test_two_voices.vtt": (
        1,
        {0: ("", 0, 5000, "This is a test subtitle, test subtitle", "foo", ())},
    ),
}


@pytest.mark.parametrize(
    "name",
    [n for n in corpus_names("vtt", "**/*.vtt") if not n.startswith("vtt/signature-invalid/")],
)
def test_built_vtt_gives_the_expected_cues(name):
    data = corpus_file(name).read_bytes()
    source = f"test/{Path(name).stem}.test"
    if (CORPUS / source).is_file():
        _, length, fields = read_test(source)
        check_assertions(data, name, length, fields)
        return
    assert name in WITHOUT_TEST, f"{name} has no .test and no expectation in WITHOUT_TEST"
    length, expected = WITHOUT_TEST[name]
    cues = parse_track(data, name).cues
    assert len(cues) == length
    for index, values in expected.items():
        cue = cues[index]
        actual = (cue.id, cue.start_ms, cue.end_ms, cue.text, cue.voice, cue.words)
        for got, want in zip(actual, values, strict=False):
            if want is not None:
                assert got == want, f"cue {index}: {actual}"


@pytest.mark.parametrize("name", corpus_names("vtt/signature-invalid", "*.vtt"))
def test_invalid_signature_is_rejected(name):
    data = corpus_file(name).read_bytes()
    with pytest.raises(CaptionError) as caught:
        parse_track(data, name)
    assert caught.value.line == 1
    assert caught.value.reason.startswith("not a WebVTT file: ")


# -- cue-text .dat files: cue text and the DOM tree a browser builds from it -----------------


def dat_cases(name: str) -> list[tuple[str, list[str]]]:
    """(data, tree lines) of each case; tree lines are the '| ' lines without indentation."""
    cases = []
    for chunk in corpus_file(name).read_text(encoding="utf-8").split("#data\n")[1:]:
        data, _, rest = chunk.partition("\n#errors\n")
        tree = rest.partition("#document-fragment\n")[2]
        cases.append((data, [line[2:].strip() for line in tree.splitlines() if line[:2] == "| "]))
    return cases


def expected_from_tree(tree: list[str], start_ms: int) -> tuple[str, tuple[Word, ...]]:
    """The tree's text (all its text nodes) and its words (text between timestamp nodes)."""
    spans = [(start_ms, "")]
    for node in tree:
        if node.startswith('"'):
            spans[-1] = (spans[-1][0], spans[-1][1] + unescape(node[1:-1]))
        elif node.startswith("<?timestamp "):
            hours, minutes, seconds = node[len("<?timestamp ") : -1].split(":")
            ms = round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)
            spans.append((ms, ""))
    words = tuple(Word(s, t) for s, t in spans if t) if len(spans) > 1 else ()
    return "".join(t for _, t in spans), words


def dat_case_ids() -> list[str]:
    names = corpus_names("cue-text", "*.dat")
    if names == [MISSING]:
        return names
    return [f"{name}:{n}" for name in names for n in range(len(dat_cases(name)))]


@pytest.mark.parametrize("case", dat_case_ids())
def test_cue_text_gives_the_text_and_words_of_the_expected_tree(case):
    if case == MISSING:
        corpus_file(case)
    name, _, number = case.rpartition(":")
    data, tree = dat_cases(name)[int(number)]
    file = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n" + unescape(data).encode("utf-8")
    (cue,) = parse_track(file, case).cues
    assert (cue.text, cue.words) == expected_from_tree(tree, cue.start_ms)
