"""The built-in lesson's script and the text tracks generated from it.

The narration must be the seed transcript word for word; captions, chapters and callouts must
be laid out and timed as a player and a reader need them.
"""

from __future__ import annotations

import re
import textwrap
import tomllib

import pytest
from studio_fixtures.vtt import CAPTIONS, REPO, SLUG, read_vtt, seed_parts

from player.studio.errors import LessonScriptError
from player.studio.layout import CueTooLong, wrap_cue
from player.studio.script import REGIONS, load, parse
from player.vtt import format_timestamp as timestamp

SCRIPT = REPO / "lessons" / f"{SLUG}.toml"


@pytest.fixture(scope="module")
def script():
    return load(SCRIPT)


@pytest.fixture(scope="module")
def captions():
    return read_vtt(CAPTIONS / f"{SLUG}.vtt")


@pytest.fixture(scope="module")
def chapters():
    return read_vtt(CAPTIONS / f"{SLUG}.chapters.vtt")


@pytest.fixture(scope="module")
def callouts():
    return read_vtt(CAPTIONS / f"{SLUG}.callouts.vtt")


def test_narration_is_the_seed_transcript(script):
    assert list(script.paragraphs) == seed_parts()[1]
    assert len(script.paragraphs) == 9


def test_metadata_has_title_and_seed_summary():
    meta = tomllib.loads((CAPTIONS / f"{SLUG}.toml").read_text(encoding="utf-8"))
    assert meta == {
        "title": "Metastatic Spinal Cancer",
        "summary": seed_parts()[0],
        "language": "en",
        "poster": f"{SLUG}.jpg",
    }


def test_caption_text_joined_is_the_transcript(captions):
    assert " ".join(cue.plain for cue in captions) == " ".join(seed_parts()[1])


def test_cue_ids_number_the_phrases_of_each_paragraph(captions):
    ids = [cue.id for cue in captions]
    expected, counts = [], {}
    for cue_id in ids:
        paragraph = int(re.fullmatch(r"p(\d)-(\d+)", cue_id).group(1))
        counts[paragraph] = counts.get(paragraph, 0) + 1
        expected.append(f"p{paragraph}-{counts[paragraph]}")
    assert ids == expected
    assert sorted(counts) == list(range(1, 10))


def test_cues_join_back_into_their_paragraphs(captions):
    paragraphs = seed_parts()[1]
    for p, text in enumerate(paragraphs, start=1):
        own = [cue.plain for cue in captions if cue.id.startswith(f"p{p}-")]
        assert " ".join(own) == text


def test_captions_file_explains_itself():
    head = (CAPTIONS / f"{SLUG}.vtt").read_text(encoding="utf-8").split("\n\n")[1]
    assert head.startswith("NOTE")
    assert "p{paragraph}-{n}" in head
    assert f"python -m player.studio lessons/{SLUG}.toml" in head


def test_cues_have_at_most_two_lines_of_42_characters(captions):
    for cue in captions:
        plain_lines = [re.sub(r"<[^>]*>", "", line) for line in cue.lines]
        assert 1 <= len(plain_lines) <= 2, cue.id
        assert all(len(line) <= 42 for line in plain_lines), (cue.id, plain_lines)


def test_cues_last_one_to_seven_seconds(captions):
    for cue in captions:
        assert 1000 <= cue.end - cue.start <= 7000, (cue.id, cue.end - cue.start)


def test_cues_are_in_order_without_overlap_and_inside_the_media(captions, chapters):
    duration = chapters[-1].end
    assert captions[0].start > 0
    for before, after in zip(captions, captions[1:], strict=False):
        # phrases spoken in one breath meet: one ends where the next begins
        assert before.end <= after.start, (before.id, after.id)
    assert captions[-1].end <= duration


def test_word_timestamps_rise_inside_their_cue(captions):
    timed = [cue for cue in captions if cue.word_times]
    assert len(timed) == len(captions)  # the aligner timed every phrase's words
    for cue in timed:
        times = [cue.start, *cue.word_times, cue.end]
        assert times == sorted(set(times)), cue.id
        assert len(cue.word_times) == len(cue.plain.split(" ")) - 1, cue.id


def test_five_chapters_cover_the_media_and_start_at_their_first_phrase(captions, chapters):
    assert [c.plain for c in chapters] == [
        "What metastatic spine cancer is",
        "Where in the spine it occurs",
        "How it spreads and weakens bone",
        "Nerve symptoms",
        "When to see a doctor",
    ]
    assert chapters[0].start == 0
    for before, after in zip(chapters, chapters[1:], strict=False):
        assert before.end == after.start
    first_cue = {cue.id: cue.start for cue in captions}
    assert [c.start for c in chapters[1:]] == [first_cue[f"p{p}-1"] for p in (3, 5, 7, 9)]
    assert chapters[-1].end >= captions[-1].end


def test_callouts_use_only_the_diagram_vocabulary(callouts):
    assert callouts
    for cue in callouts:
        tokens = cue.plain.split(" ")
        assert tokens and set(tokens) <= REGIONS, cue.id
        assert all(t == t.lower() for t in tokens)


def test_callouts_share_the_times_of_their_phrase(captions, callouts):
    by_id = {cue.id: (cue.start, cue.end) for cue in captions}
    for cue in callouts:
        assert by_id[cue.id] == (cue.start, cue.end)


@pytest.mark.parametrize(
    ("phrase", "regions"),
    [
        ("in the thoracic region of the spine,", "thoracic"),
        ("but it can also develop in the lumbar and cervical regions.", "lumbar cervical"),
        ("such as the lungs, breast, and liver,", "lungs breast liver"),
        ("that can radiate through the arms or legs,", "arms legs"),
        ("loss of bowel or bladder control", "bowel-bladder"),
    ],
)
def test_phrases_light_the_regions_they_name(captions, callouts, phrase, regions):
    cue_id = next(cue.id for cue in captions if cue.plain == phrase)
    assert {c.id: c.plain for c in callouts}[cue_id] == regions


def test_timestamps_are_exact_milliseconds():
    assert timestamp(500) == "00:00:00.500"
    assert timestamp(3_723_004) == "01:02:03.004"


def test_wrap_balances_two_lines():
    lines = wrap_cue("and settle into the bone marrow of the vertebrae, forming tumors.")
    assert [" ".join(line) for line in lines] == [
        "and settle into the bone marrow",
        "of the vertebrae, forming tumors.",
    ]


def test_wrap_refuses_a_phrase_longer_than_two_lines():
    with pytest.raises(CueTooLong):
        wrap_cue("word " * 30)


def _script(body: str) -> dict:
    head = 'slug = "x"\ntitle = "X"\nsummary = "S"\n'
    return tomllib.loads(head + textwrap.dedent(body))


GOOD_PARAGRAPH = """
    [[paragraphs]]
    text = "One two, three four."
    [[paragraphs.phrases]]
    text = "One two,"
    scene = { kind = "regions" }
    [[paragraphs.phrases]]
    text = "three four."
"""


def test_a_valid_script_parses():
    script = parse(_script(GOOD_PARAGRAPH))
    assert [p.id for p in script.phrases] == ["p1-1", "p1-2"]
    assert script.phrases[1].ends_sentence and script.phrases[1].ends_paragraph


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'text = "three four."',
            'text = "three five."',
            "phrases joined differ from text at character 16",
        ),
        (
            'text = "three four."',
            'text = "three four."\n    lights = { neck = "four" }',
            "lights.neck: unknown region",
        ),
        (
            'scene = { kind = "regions" }',
            'scene = { kind = "regions" }\n    colour = "red"',
            "unknown keys ['colour']",
        ),
        ('text = "One two,"', 'text = "One  two,"', "stray or doubled whitespace"),
    ],
)
def test_invalid_scripts_are_refused_with_the_place_and_reason(old, new, message):
    body = GOOD_PARAGRAPH.replace(old, new)
    with pytest.raises(LessonScriptError, match=re.escape(message)) as caught:
        parse(_script(body), "lesson.toml")
    assert str(caught.value).startswith("lesson.toml: paragraphs[1]")


def test_a_missing_script_names_the_file(tmp_path):
    with pytest.raises(LessonScriptError, match="no such file"):
        load(tmp_path / "nope.toml")
