"""The diagram says only what the narration says.

Every region the built-in lesson lights is named, at that moment, by the words of its caption
(the lesson script says which words, the loader refuses a region without them); a vertebra a
scene shows only to illustrate is labelled "for example" on screen; the video's scene titles
are the page's chapters; nothing drawn runs off the frame; the page's arm is an arm.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from studio_fixtures.vtt import CAPTIONS, REPO, SLUG, read_vtt

from player.regions import LEVELS
from player.studio import storyboard
from player.studio.draw import HEIGHT, WIDTH
from player.studio.errors import LessonScriptError
from player.studio.script import load

SCRIPT = REPO / "lessons" / f"{SLUG}.toml"
SVG = REPO / "player" / "templates" / "spine.svg"


@pytest.fixture(scope="module")
def script():
    return load(SCRIPT)


@pytest.fixture(scope="module")
def captions():
    return {cue.id: cue for cue in read_vtt(CAPTIONS / f"{SLUG}.vtt")}


@pytest.fixture(scope="module")
def callouts():
    return {cue.id: cue.plain.split(" ") for cue in read_vtt(CAPTIONS / f"{SLUG}.callouts.vtt")}


def says(caption: str, words: str) -> bool:
    """`words` are in `caption` as whole words, in any case (written apart from the loader's)."""
    caption_words = re.findall(r"[\w']+", caption.lower())
    wanted = re.findall(r"[\w']+", words.lower())
    return any(
        caption_words[i : i + len(wanted)] == wanted for i in range(len(caption_words))
    ) and bool(wanted)


# --- the committed tracks ----------------------------------------------------------------------


def test_every_callout_cue_is_justified_by_its_captions_words(script, captions, callouts):
    phrases = {phrase.id: phrase for phrase in script.phrases}
    assert callouts
    for cue_id, regions in callouts.items():
        because = phrases[cue_id].because
        assert regions == list(because), f"{cue_id}: the track and the script disagree"
        for region in regions:
            assert says(captions[cue_id].plain, because[region]), (cue_id, region)


def test_a_phrase_without_justified_regions_has_no_callout_cue(script, callouts):
    unjustified = [p.id for p in script.phrases if not p.because]
    assert unjustified  # most phrases name no region
    assert not set(unjustified) & set(callouts)


def test_a_lit_vertebra_is_named_by_its_caption(captions, callouts):
    for cue_id, regions in callouts.items():
        for level in set(regions) & set(LEVELS):
            assert says(captions[cue_id].plain, level), (cue_id, level)


@pytest.mark.parametrize(
    ("cue_id", "region", "why"),
    [
        ("p1-2", "lungs", "'cells that developed elsewhere in the body' names no organ"),
        ("p1-5", "t7", "'the vertebrae' names no level"),
        ("p4-1", "t8", "'almost always involves just the bone' names no level"),
        ("p5-2", "t6", "'more than one vertebra' names no level"),
        ("p6-1", "t8", "'within the vertebrae' names no level"),
        ("p7-4", "nerves", "'radiate through the arms or legs' names limbs, not nerves"),
        ("p8-1", "t10", "'the location and size of the tumor' names no level"),
        ("p8-4", "legs", "'the portion of the body below the tumor' is not the legs"),
    ],
)
def test_regions_the_narration_does_not_name_are_not_lit(callouts, cue_id, region, why):
    assert region not in callouts.get(cue_id, []), why


# --- the rule, enforced by the loader -----------------------------------------------------------

PHRASE = "where cancerous cells that developed elsewhere in the body"


def _script_file(tmp_path, lights: str):
    """A one-paragraph script whose second phrase (its header on line 12) carries `lights`."""
    path = tmp_path / "lesson.toml"
    path.write_text(
        'slug = "x"\ntitle = "X"\nsummary = "S"\n\n'
        "[[paragraphs]]\n"
        f'text = "Metastatic spine cancer is a condition {PHRASE}"\n\n'
        "[[paragraphs.phrases]]\n"
        'text = "Metastatic spine cancer is a condition"\n'
        'scene = { kind = "spread" }\n\n'
        "[[paragraphs.phrases]]\n"
        f'text = "{PHRASE}"\n'
        f"{lights}\n",
        encoding="utf-8",
    )
    return path


def _refusal(tmp_path, lights: str) -> str:
    path = _script_file(tmp_path, lights)
    with pytest.raises(LessonScriptError) as caught:
        load(path)
    return str(caught.value)


def test_a_region_with_justifying_words_loads_in_the_order_written(tmp_path):
    path = _script_file(tmp_path, 'lights = { bloodstream = "the body", lungs = "BODY" }')
    phrase = load(path).phrases[1]
    assert phrase.regions == ("bloodstream", "lungs")
    assert phrase.because == {"bloodstream": "the body", "lungs": "BODY"}


def test_a_region_the_caption_does_not_say_is_refused_with_its_line_and_phrase(tmp_path):
    message = _refusal(tmp_path, 'lights = { lungs = "lungs" }')
    assert message.startswith(
        f"{tmp_path / 'lesson.toml'}:12: paragraphs[1].phrases[2].lights.lungs"
    )
    assert f"'lungs' is not in the words of phrase p1-2 '{PHRASE}'" in message


def test_a_region_without_words_is_refused(tmp_path):
    message = _refusal(tmp_path, 'lights = { lungs = " " }')
    assert "paragraphs[1].phrases[2].lights.lungs" in message
    assert "no words justify lighting lungs" in message


def test_part_of_a_word_does_not_justify_a_region(tmp_path):
    message = _refusal(tmp_path, 'lights = { lymphatic = "cell" }')
    assert "'cell' is not in the words of phrase p1-2" in message


def test_a_vertebra_is_lit_only_by_words_that_name_it(tmp_path):
    message = _refusal(tmp_path, 'lights = { t8 = "elsewhere in the body" }')
    assert "lights.t8" in message
    assert "does not name vertebra T8" in message


def test_an_unknown_region_is_refused(tmp_path):
    message = _refusal(tmp_path, 'lights = { neck = "body" }')
    assert "lights.neck: unknown region" in message


def test_a_list_of_regions_without_reasons_is_refused(tmp_path):
    message = _refusal(tmp_path, 'regions = ["lungs"]')
    assert "paragraphs[1].phrases[2].regions" in message
    assert 'lights = { REGION = "words of the phrase" }' in message


# --- the video's scenes -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(script, captions):
    """The video's scenes, timed as the committed captions are (no speech synthesis)."""
    duration = read_vtt(CAPTIONS / f"{SLUG}.chapters.vtt")[-1].end
    spans = ((p, captions[p.id].start, captions[p.id].end) for p in script.phrases)
    return storyboard.plan_spans(script, spans, duration)


@pytest.fixture(scope="module")
def drawn(runs):
    """Per scene (the title card too): the text boxes of its first and its last frame."""
    renderer = storyboard.Renderer(runs)
    frames = []
    for run in runs:
        first, last = storyboard.first_and_last_frames(run)
        assert first < last, run.kind
        frames.append((run, renderer.text_boxes(first), renderer.text_boxes(last)))
    return frames


def test_nothing_drawn_in_a_scenes_first_or_last_frame_runs_off_the_frame(drawn):
    checked = 0
    for run, *frames in drawn:
        for boxes in frames:
            for box in boxes:
                inside = 0 <= box.left < box.right <= WIDTH and 0 <= box.top < box.bottom <= HEIGHT
                assert inside, f"{run.kind}: {box.words!r} ({box.kind}) is clipped: {box}"
                checked += 1
    assert checked > 100


def test_the_most_common_label_is_drawn_whole(drawn):
    last = next(boxes for run, _, boxes in drawn if run.kind == "regions")
    chips = [box for box in last if box.words == "Most common" and box.kind == "label"]
    assert chips and chips[0].right <= WIDTH


def test_scene_titles_are_the_chapter_titles_in_order(script, drawn):
    titles = []
    for run, _first, last in drawn[1:]:  # the title card shows the lesson's title instead
        headings = [box.words for box in last if box.kind == "heading"]
        assert len(headings) == 1, run.kind
        if not titles or titles[-1] != headings[0]:
            titles.append(headings[0])
    assert titles == [chapter.title for chapter in script.chapters]


def test_each_scene_is_titled_with_the_chapter_it_plays_in(drawn):
    chapters = read_vtt(CAPTIONS / f"{SLUG}.chapters.vtt")
    for run, _first, last in drawn[1:]:
        begins = run.beats[0] * 1000
        chapter = next(c for c in chapters if c.start <= begins < c.end)
        assert [b.words for b in last if b.kind == "heading"] == [chapter.plain], run.kind


def _levels_shown(params) -> list[str]:
    named = []
    for key in ("vertebra", "vertebrae", "target", "sites"):
        value = params.get(key, [])
        named += [value] if isinstance(value, str) else list(value)
    return [level for level in named if level in LEVELS]


def test_a_vertebra_shown_for_illustration_is_labelled_as_an_example(drawn):
    illustrated = 0
    for run, _first, last in drawn:
        for level in _levels_shown(run.params):
            notes = [b.words for b in last if b.words.startswith("for example, ")]
            assert any(level.upper() in note for note in notes), (run.kind, level, notes)
            illustrated += 1
    assert illustrated >= 7  # T7, T8, T6-T8, T8, T8, C6 and L4, T10


# --- the page's diagram -----------------------------------------------------------------------


def _path_points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _group(root, region):
    return next(
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-region") == region
    )


def test_the_pages_arm_hangs_from_the_shoulder_to_the_hip():
    root = ET.parse(SVG).getroot()
    arm = _group(root, "arms")
    limbs = [e for e in arm if "limb" in (e.get("class") or "").split()]
    assert len(limbs) == 1, "one outline: no cut-off stump"
    ys = [y for _, y in _path_points(limbs[0].get("d"))]
    c7 = next(g for g in root.iter() if g.get("data-level") == "c7")
    l5 = next(g for g in root.iter() if g.get("data-level") == "l5")
    level_y = {
        name: float(re.search(r"translate\([\d.]+ ([\d.]+)\)", g.get("transform")).group(1))
        for name, g in (("c7", c7), ("l5", l5))
    }
    assert min(ys) <= level_y["c7"] + 10, "the arm starts at the shoulder"
    assert max(ys) >= level_y["l5"] + 50, "the hand reaches the hip, below the lower back"
