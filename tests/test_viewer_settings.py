"""Playback speed and caption size and colours: applied, and remembered in this browser."""

import pytest
from viewer_support import open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

STATE = """() => { const v = document.getElementById('video');
  return {rate: v.playbackRate, size: v.dataset.captionSize, style: v.dataset.captionStyle,
          speed: document.getElementById('speed').value}; }"""


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


def open_settings(page):
    page.get_by_text("Playback and captions").click()


def test_the_settings_open_from_a_labelled_disclosure(page, lesson_url):
    open_lesson(page, lesson_url)
    speed = page.get_by_label("Speed")
    assert speed.is_hidden()
    open_settings(page)
    assert speed.is_visible()
    options = page.locator("#speed option").all_inner_texts()
    assert options == ["0.75×", "1× (normal)", "1.25×", "1.5×", "1.75×", "2×"]
    assert page.get_by_label("Caption size").is_visible()
    assert page.get_by_label("Caption colours").is_visible()


def test_choices_apply_at_once_and_are_remembered(page, lesson_url):
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == {"rate": 1, "size": "normal", "style": "normal", "speed": "1"}
    open_settings(page)
    page.get_by_label("Speed").select_option("1.5")
    page.get_by_label("Caption size").select_option("largest")
    page.get_by_label("Caption colours").select_option("yellow")
    assert page.evaluate(STATE) == {
        "rate": 1.5,
        "size": "largest",
        "style": "yellow",
        "speed": "1.5",
    }
    seek(page, 1.6)
    screenshot(page, "settings-large-yellow-captions")
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == {
        "rate": 1.5,
        "size": "largest",
        "style": "yellow",
        "speed": "1.5",
    }
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("() => document.getElementById('video').currentTime > 0.2")
    assert page.evaluate("document.getElementById('video').playbackRate") == 1.5


def test_a_speed_chosen_in_the_videos_own_menu_is_shown_and_remembered(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate("document.getElementById('video').playbackRate = 2")
    page.wait_for_function("() => document.getElementById('speed').value === '2'")
    assert page.evaluate("JSON.parse(localStorage.getItem('lesson-player:settings')).rate") == 2


def test_every_caption_choice_has_a_cue_style(page, lesson_url):
    open_lesson(page, lesson_url)
    rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => [...s.cssRules]).map(r => r.selectorText)
               .filter(s => s && s.includes('::cue'))"""
    )
    for attribute, select in [
        ("data-caption-size", "caption-size"),
        ("data-caption-style", "caption-style"),
    ]:
        values = page.evaluate(
            f"[...document.querySelectorAll('#{select} option')].map(o => o.value)"
        )
        for value in values:
            if value != "normal":
                assert f'video[{attribute}="{value}"]::cue' in rules


def test_a_broken_saved_setting_falls_back_to_the_default(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(
        "localStorage.setItem('lesson-player:settings', JSON.stringify({rate: 9, captionSize: '<b>', captionStyle: 3}))"
    )
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE) == {"rate": 1, "size": "normal", "style": "normal", "speed": "1"}
    page.evaluate("localStorage.setItem('lesson-player:settings', '{not json')")
    open_lesson(page, lesson_url)
    assert page.evaluate(STATE)["rate"] == 1
    assert page.errors == []
