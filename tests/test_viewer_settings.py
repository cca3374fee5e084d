"""Caption size and caption colours (in the control bar's settings menu): applied to the
captions drawn in the page and to the video's own, and remembered in this browser. (Speed is
the control bar's: tests/test_viewer_controls.py.)"""

import pytest
from viewer_support import open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

STATE = """() => { const v = document.getElementById('video'), a = document.getElementById('caption-area');
  return {size: v.dataset.captionSize, style: v.dataset.captionStyle,
          drawnSize: a.dataset.captionSize, drawnStyle: a.dataset.captionStyle}; }"""
DEFAULT = {"size": "normal", "style": "normal", "drawnSize": "normal", "drawnStyle": "normal"}


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


def open_settings(page):
    page.get_by_role("button", name="Settings").click()


def test_the_caption_settings_open_from_the_control_bars_settings_button(page, lesson_url):
    open_lesson(page, lesson_url)
    size = page.get_by_label("Caption size")
    assert size.is_hidden()
    open_settings(page)
    assert size.is_visible()
    assert page.get_by_label("Caption colours").is_visible()
    assert page.locator("#caption-size option").all_inner_texts() == [
        "Normal",
        "Large",
        "Larger",
        "Largest",
    ]


def test_choices_apply_at_once_and_are_remembered(page, lesson_url):
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == DEFAULT
    open_settings(page)
    page.get_by_label("Caption size").select_option("largest")
    page.get_by_label("Caption colours").select_option("yellow")
    chosen = {"size": "largest", "style": "yellow", "drawnSize": "largest", "drawnStyle": "yellow"}
    assert page.evaluate(STATE) == chosen
    seek(page, 1.6)
    screenshot(page, "settings-large-yellow-captions")
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == chosen


def test_every_caption_choice_has_a_drawn_style_and_a_cue_style(page, lesson_url):
    open_lesson(page, lesson_url)
    rules = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.selectorText).filter(Boolean)"
    )
    cue_rules = [r for r in rules if "::cue" in r]
    for attribute, select in [
        ("data-caption-size", "caption-size"),
        ("data-caption-style", "caption-style"),
    ]:
        values = page.evaluate(
            f"[...document.querySelectorAll('#{select} option')].map(o => o.value)"
        )
        for value in values:
            if value != "normal":
                assert f'video[{attribute}="{value}"]::cue' in cue_rules
                assert any(f'.caption-area[{attribute}="{value}"]' in r for r in rules), value


def test_a_broken_saved_setting_falls_back_to_the_default(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(
        "localStorage.setItem('lesson-player:settings', JSON.stringify({captionSize: '<b>', captionStyle: 3}))"
    )
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == DEFAULT
    page.evaluate("localStorage.setItem('lesson-player:settings', '{not json')")
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == DEFAULT
    assert page.errors == []
