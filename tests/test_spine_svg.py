"""The spine diagram (player/templates/spine.svg) and its stylesheet (static/css/spine.css).

The SVG is included verbatim into the lesson page, whose JavaScript lights a part by setting
data-active="true" on the element whose data-region or data-level names it. These tests pin that
vocabulary and the page's constraints (CSP: no inline style, no script, no external reference;
unique ids; accessible name and description) without a browser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from player import regions

REPO = Path(__file__).resolve().parent.parent
SVG_PATH = REPO / "player" / "templates" / "spine.svg"
CSS_PATH = REPO / "static" / "css" / "spine.css"
NS = "{http://www.w3.org/2000/svg}"

LEVELS = list(regions.LEVELS)  # the callouts' vocabulary: the drawing must have each one
SPINE_REGIONS = {"c": "cervical", "t": "thoracic", "l": "lumbar"}
REGIONS = {
    # region -> words its visible label must contain
    "cervical": ("Cervical", "C1–C7"),
    "thoracic": ("Thoracic", "T1–T12"),
    "lumbar": ("Lumbar", "L1–L5"),
    "sacral": ("Sacral",),
    "bone-marrow": ("Bone", "marrow"),
    "spinal-cord": ("Spinal", "cord"),
    "nerves": ("Nerves",),
    "soft-tissue": ("Soft", "tissue"),
    "lungs": ("Lungs",),
    "breast": ("Breast",),
    "liver": ("Liver",),
    "bowel-bladder": ("Bowel", "bladder"),
    "arms": ("Arm",),
    "legs": ("Leg",),
    "bloodstream": ("Blood", "vessels"),
    "lymphatic": ("Lymph", "nodes"),
}


@pytest.fixture(scope="module")
def svg_text() -> str:
    return SVG_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def root(svg_text) -> ET.Element:
    return ET.fromstring(svg_text)


@pytest.fixture(scope="module")
def css_text() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def local(tag: str) -> str:
    return tag.removeprefix(NS)


def text_of(element: ET.Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def region_group(root: ET.Element, region: str) -> ET.Element:
    (group,) = root.iterfind(f".//{NS}g[@data-region='{region}']")
    return group


def test_is_well_formed_svg_sized_by_a_view_box(root):
    assert local(root.tag) == "svg"
    assert root.get("viewBox") == "0 0 360 640"
    assert root.get("width") is None and root.get("height") is None


def test_root_is_an_accessible_image(root):
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "spine-title spine-desc"
    assert root.get("focusable") == "false"
    assert "spine" in root.get("class", "").split()
    title, desc = root[0], root[1]
    assert (local(title.tag), title.get("id")) == ("title", "spine-title")
    assert (local(desc.tag), desc.get("id")) == ("desc", "spine-desc")
    assert "spine" in title.text.lower()
    assert len(desc.text) > 80


def test_only_ids_are_title_and_desc(root):
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    assert ids == ["spine-title", "spine-desc"]


@pytest.mark.parametrize("level", LEVELS)
def test_each_vertebra_is_drawn_once_inside_its_region(root, level):
    found = root.findall(f".//{NS}g[@data-region='{SPINE_REGIONS[level[0]]}']/*[@data-level]")
    matches = [el for el in root.iter() if el.get("data-level") == level]
    assert len(matches) == 1
    assert matches[0] in found
    assert list(matches[0]), f"{level} has no shape"


def test_no_levels_beyond_c1_to_l5(root):
    levels = [el.get("data-level") for el in root.iter() if el.get("data-level") is not None]
    assert levels == LEVELS


def test_vertebrae_grow_from_neck_to_lower_back(root):
    def body_height(level: str) -> float:
        (group,) = [el for el in root.iter() if el.get("data-level") == level]
        return float(group.find(f"{NS}rect").get("height"))

    assert body_height("c4") < body_height("t6") < body_height("l3")


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_each_region_is_one_labelled_group(root, region):
    group = region_group(root, region)
    assert group.get("aria-hidden") is None
    labels = group.findall(f"{NS}text")
    assert len(labels) == 1
    label = text_of(labels[0])
    for word in REGIONS[region]:
        assert word in label
    assert group.find(f"{NS}path[@class='leader']") is not None
    shapes = [el for el in group.iter() if local(el.tag) in {"path", "rect", "ellipse", "circle"}]
    assert len(shapes) >= 3  # a leader, its dot, and at least one drawn part


def test_no_unexpected_regions(root):
    regions = [el.get("data-region") for el in root.iter() if el.get("data-region")]
    assert sorted(regions) == sorted(REGIONS)


def test_sacral_group_holds_sacrum_and_coccyx(root):
    bones = region_group(root, "sacral").findall(f"{NS}*[@class='vb']")
    assert len(bones) >= 4  # the sacrum and coccygeal segments


def test_marrow_sits_in_every_vertebral_body_but_the_atlas(root):
    marrow = region_group(root, "bone-marrow").findall(f"{NS}*[@class='marrow']")
    # every vertebral body but the atlas (C1 has none), plus the sacrum
    assert len(marrow) == len(LEVELS)


def test_no_inline_style_script_or_external_reference(root, svg_text):
    for el in root.iter():
        assert local(el.tag) not in {"style", "script", "foreignObject", "image", "use", "a"}
        for name in el.attrib:
            plain = name.rsplit("}", 1)[-1]
            assert plain != "style", f"style attribute on <{local(el.tag)}>"
            assert plain != "href", f"href on <{local(el.tag)}>"
            assert not plain.startswith("on"), f"event handler {plain}"
    assert "url(" not in svg_text
    assert "@import" not in svg_text and "@font-face" not in svg_text


def test_is_safe_to_include_from_jinja(svg_text):
    assert not re.search(r"\{[{%#]", svg_text)
    assert not svg_text.lstrip().startswith("<?xml")


def test_is_small(svg_text):
    assert len(svg_text.encode("utf-8")) < 25_000


def test_every_class_used_is_styled(root, css_text):
    classes = {c for el in root.iter() for c in el.get("class", "").split()}
    missing = {c for c in classes if not re.search(rf"\.{re.escape(c)}\b", css_text)}
    assert not missing


def test_css_lights_active_parts_without_colour_alone(css_text):
    assert '[data-active="true"]' in css_text
    lit = css_text[css_text.index('.spine [data-active="true"] :is(') :]
    lit = lit[: lit.index("}")]
    assert "stroke-width" in lit  # a thicker outline, not only a new colour
    assert "font-weight" in css_text[css_text.index(":has([data-active") :]


def test_lit_state_never_animates_repaint_heavy_properties(css_text):
    transitions = re.findall(r"transition:([^;]*);", css_text)
    assert transitions
    for value in transitions:
        assert "filter" not in value and "stroke-width" not in value
    assert not re.search(r"filter:\s*drop-shadow", css_text)


def test_css_respects_reduced_motion_and_dark_theme(css_text):
    assert "transition:" in css_text and "200ms" in css_text
    reduced = css_text[css_text.index("@media (prefers-reduced-motion: reduce)") :]
    assert "transition: none" in reduced
    assert "@media (prefers-color-scheme: dark)" in css_text


def theme_colours(css_text: str) -> dict[str, dict[str, str]]:
    dark_at = css_text.index("@media (prefers-color-scheme: dark)")
    themes = {"light": css_text[:dark_at], "dark": css_text[dark_at:]}
    out = {}
    for theme, block in themes.items():
        body = block[block.index(".spine {") :]
        body = body[: body.index("}")]
        out[theme] = dict(re.findall(r"(--spine-[\w-]+):\s*(#[0-9a-fA-F]{6})\b", body))
    return out


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("ink", ["--spine-ink", "--spine-ink-soft"])
def test_label_text_meets_wcag_aa_on_the_panel(css_text, theme, ink):
    colours = theme_colours(css_text)[theme]
    assert contrast(colours[ink], colours["--spine-bg"]) >= 4.5


def test_labels_sit_on_the_panel_not_on_the_body(root):
    # labels live in the margins: left column right-aligned before x=72, right column from x=270
    for text in root.iter(f"{NS}text"):
        x = float(text.get("x"))
        if "end" in text.get("class", "").split():
            assert x <= 72
        else:
            assert x >= 270
