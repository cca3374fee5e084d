"""Which anatomical regions a cue lights: the callout payload and the word vocabulary."""

import pytest

from player.regions import VOCABULARY, parse_callout_payload, regions_in_text


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("It occurs in the thoracic region of the spine", ("thoracic",)),
        ("it can also develop in the lumbar and cervical regions", ("lumbar", "cervical")),
        ("Pain in the neck", ("cervical",)),
        ("pain in the lower back", ("lumbar",)),
        ("the bone marrow of the vertebrae", ("bone-marrow",)),
        ("the lungs, breast, and liver", ("lungs", "breast", "liver")),
        ("the body's lymphatic system", ("lymphatic",)),
        ("through the bloodstream", ("bloodstream",)),
        ("radiate through the arms or legs", ("arms", "legs")),
        ("loss of bowel or bladder control", ("bowel-bladder",)),
        ("a tumour at T7 and L1", ("t7", "l1")),
        ("Legs and LEGS and legs", ("legs",)),
        ("A talk about armchairs and sacred legends", ()),
    ],
)
def test_regions_in_text_finds_the_regions_a_sentence_names(text, regions):
    assert regions_in_text(text) == regions


def test_every_inferred_region_is_in_the_vocabulary():
    text = (
        "neck lower back sacrum nerves spinal cord soft tissue lymph nodes blood vessels C7 T12 L5"
    )
    assert set(regions_in_text(text)) <= VOCABULARY
    assert regions_in_text("C8 T13 L6") == ()


def test_callout_payload_is_tokens_separated_by_spaces_or_commas_in_any_case():
    assert parse_callout_payload("Thoracic, t7\nT8  liver") == (
        ("thoracic", "t7", "t8", "liver"),
        (),
    )


def test_callout_payload_reports_unknown_words_and_keeps_the_rest():
    assert parse_callout_payload("thoracic kidney") == (("thoracic",), ("kidney",))


def test_empty_callout_payload_lights_nothing():
    assert parse_callout_payload("  \n ") == ((), ())
