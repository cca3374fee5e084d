"""Audio description in the browser: the Descriptions button, the description of the moment
shown and spoken at its time, the video paused while it is read in extended mode, and the
descriptions in the transcript. Speech goes through a fake speechSynthesis (headless Chromium
has no voice); the text path is the real one."""

from __future__ import annotations

import pytest
from conftest import sample_app, serving
from viewer_support import open_lesson, screenshot, seek, wait_active

AREA = "#description-area"
BUTTON = "#descriptions-button"
NECK = "A drawing of the spine, the neck lit in red."

# A speechSynthesis that records what it is asked to say and "speaks" until the test says
# the utterance has ended (window.finishSpeaking), or has no voice at all (?voices=0).
FAKE_SPEECH = """
(() => {
  const voices = location.search.includes("voices=0") ? [] : [{ name: "Test", lang: "en-US" }];
  const speech = (window.speech = { spoken: [], cancelled: 0, current: null });
  const fake = {
    speak(utterance) {
      const video = document.getElementById("video");
      speech.spoken.push({ text: utterance.text, lang: utterance.lang, at: video.currentTime });
      speech.current = utterance;
    },
    cancel() {
      speech.cancelled += 1;
      const utterance = speech.current;
      speech.current = null;
      utterance?.dispatchEvent(new Event("error"));
    },
    getVoices: () => voices,
  };
  Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
  window.finishSpeaking = () => {
    const utterance = speech.current;
    speech.current = null;
    utterance?.dispatchEvent(new Event("end"));
  };
})();
"""


@pytest.fixture(scope="module")
def viewer_url(tmp_path_factory, clip):
    """The viewer's sample lesson with a descriptions track (overrides conftest's, so the
    `audit` fixture opens this lesson too)."""
    app = sample_app(tmp_path_factory, clip, extras=("viewer", "descriptions"))
    with serving(app) as base:
        yield base + "/lessons/sample"


@pytest.fixture
def described(page, viewer_url):
    """The lesson open with the fake voice, once the Descriptions button is offered."""
    page.add_init_script(FAKE_SPEECH)

    def open_it(query=""):
        open_lesson(page, viewer_url + query)
        page.wait_for_selector(BUTTON, state="visible")
        return page

    return open_it


def turn_on(page):
    page.focus(BUTTON)
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('description-area').hidden")


def choose_extended(page):
    page.click(".cb-settings")
    page.focus("#description-extended")
    page.keyboard.press("Space")
    assert page.is_checked("#description-extended")
    page.keyboard.press("Escape")


def play(page):
    page.evaluate("document.getElementById('video').play()")


def spoken(page) -> list[dict]:
    return page.evaluate("window.speech.spoken")


def area_text(page) -> str:
    return page.locator(AREA).text_content()


def test_the_button_turns_descriptions_on_and_off_by_keyboard(described):
    page = described()
    assert page.get_attribute(BUTTON, "aria-pressed") == "false"
    assert page.is_hidden(AREA)
    page.focus(BUTTON)
    page.keyboard.press("Enter")
    assert page.get_attribute(BUTTON, "aria-pressed") == "true"
    assert page.evaluate("!document.querySelector('.description-settings').hidden")
    page.keyboard.press("Space")
    assert page.get_attribute(BUTTON, "aria-pressed") == "false"
    assert page.is_hidden(AREA)
    assert page.errors == []


def test_the_area_is_a_polite_live_region(described):
    page = described()
    assert page.get_attribute(AREA, "aria-live") == "polite"
    assert page.get_attribute(AREA, "aria-atomic") == "true"


def test_a_description_is_shown_and_spoken_at_its_start(described):
    page = described()
    turn_on(page)
    seek(page, 1.8)
    play(page)
    page.wait_for_function("() => window.speech.spoken.length > 0")
    (said,) = spoken(page)
    assert said["text"] == NECK
    assert said["lang"] == "en"
    assert 2.0 <= said["at"] < 2.1
    assert area_text(page) == f"Description: {NECK}"
    assert page.evaluate("!document.getElementById('video').paused")  # not extended


def test_extended_mode_pauses_the_video_until_the_description_is_read(described):
    page = described()
    turn_on(page)
    choose_extended(page)
    seek(page, 1.8)
    play(page)
    page.wait_for_function("() => window.speech.spoken.length > 0")
    page.wait_for_function("() => document.getElementById('video').paused")
    paused_at = page.evaluate("document.getElementById('video').currentTime")
    assert 2.0 <= paused_at < 2.1
    page.wait_for_timeout(400)
    assert page.evaluate("document.getElementById('video').paused")  # still reading
    page.evaluate("window.finishSpeaking()")
    page.wait_for_function("() => !document.getElementById('video').paused")
    assert area_text(page) == f"Description: {NECK}"


def test_a_seek_while_reading_stops_the_voice_and_leaves_the_video_paused(described):
    page = described()
    turn_on(page)
    choose_extended(page)
    seek(page, 1.8)
    play(page)
    page.wait_for_function("() => window.speech.spoken.length > 0")
    page.wait_for_function("() => document.getElementById('video').paused")
    assert page.evaluate("document.getElementById('video').currentTime") < 2.1  # held
    cancelled = page.evaluate("window.speech.cancelled")
    seek(page, 0.6)
    assert page.evaluate("window.speech.cancelled") > cancelled
    assert page.evaluate("window.speech.current") is None
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('video').paused")
    assert area_text(page) == ""


def test_the_viewers_own_pause_stops_the_voice(described):
    page = described()
    turn_on(page)
    seek(page, 1.8)
    play(page)
    page.wait_for_function("() => window.speech.spoken.length > 0")
    page.evaluate("document.getElementById('video').pause()")
    assert page.evaluate("window.speech.current") is None
    page.evaluate("window.finishSpeaking()")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('video').paused")


def test_when_off_nothing_is_shown_or_spoken(described):
    page = described()
    seek(page, 1.8)
    play(page)
    page.wait_for_function("() => document.getElementById('video').currentTime >= 2.3")
    assert spoken(page) == []
    assert page.is_hidden(AREA)
    assert area_text(page) == ""


def test_with_no_voice_the_text_is_shown_and_the_video_not_held(described):
    page = described("?voices=0")
    turn_on(page)
    choose_extended(page)
    seek(page, 1.8)
    play(page)
    page.wait_for_function(
        "(t) => document.getElementById('description-area').textContent.includes(t)", arg=NECK
    )
    assert spoken(page) == []
    page.wait_for_function("() => document.getElementById('video').currentTime >= 2.3")


def test_descriptions_and_extended_mode_are_remembered(described):
    page = described()
    turn_on(page)
    choose_extended(page)
    page.reload()
    page.wait_for_selector(BUTTON, state="visible")
    assert page.get_attribute(BUTTON, "aria-pressed") == "true"
    assert page.is_checked("#description-extended")


def test_descriptions_stand_between_the_transcript_lines_but_are_not_lines(described):
    page = described()
    items = page.locator(".transcript:not([hidden]) .description-item")
    assert items.all_text_contents() == [
        "Description: Title card: Sample lesson.",
        f"Description: {NECK}",
        "Description: Arrows run down to the legs & feet.",
    ]
    order = page.evaluate(
        """[...document.querySelector('.transcript').children].map((li) =>
             li.className.split(' ')[0] + (li.querySelector('.line')?.dataset.cueIndex ?? ''))"""
    )
    assert order == [
        "chapter-heading", "description-item", "line-item0", "line-item1",
        "description-item",  # 2.0 s: after line 1 (1.5 s), before the chapter at 3.5 s
        "chapter-heading", "description-item", "line-item2", "line-item3",
    ]  # fmt: skip
    seek(page, 2.2)  # inside the description, on line 1: the line timeline is not shifted
    wait_active(page, 1)


def test_the_transcripts_description_items_show_while_descriptions_are_on(described):
    page = described()
    items = page.locator(".transcript:not([hidden]) .description-item")
    assert not any(item.is_visible() for item in items.all()), "off: narration only"
    turn_on(page)
    assert all(item.is_visible() for item in items.all())


def test_d_turns_descriptions_on_and_off_from_anywhere(described):
    page = described()
    page.locator("#video").focus()
    page.keyboard.press("d")
    assert page.get_attribute(BUTTON, "aria-pressed") == "true"
    page.keyboard.press("d")
    assert page.get_attribute(BUTTON, "aria-pressed") == "false"
    page.keyboard.press("?")
    assert "Descriptions on or off" in page.locator("#shortcuts").inner_text()


def test_with_the_browsers_voice_turned_off_the_text_is_shown_but_not_spoken(described):
    """For a screen reader's user: the live region reads it, once."""
    page = described()
    turn_on(page)
    page.click(".cb-settings")
    page.uncheck("#description-voice")
    page.keyboard.press("Escape")
    seek(page, 1.8)
    play(page)
    page.wait_for_function(
        "(t) => document.getElementById('description-area').textContent.includes(t)", arg=NECK
    )
    assert spoken(page) == []
    page.reload()
    page.wait_for_selector(BUTTON, state="visible")
    assert not page.is_checked("#description-voice"), "remembered"


def test_no_axe_violations_with_a_description_showing(audit):
    open_page, check = audit
    for width, height, scheme in ((1366, 768, "light"), (1366, 768, "dark"), (390, 844, "light")):
        page = open_page(width=width, height=height, color_scheme=scheme)
        page.wait_for_selector(BUTTON, state="visible")
        page.click(BUTTON)
        seek(page, 2.2)
        page.wait_for_function("() => document.getElementById('description-area').textContent")
        check(page, f"descriptions-{width}-{scheme}")


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_screenshot_with_a_description_showing(browser, viewer_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    open_lesson(page, viewer_url)
    page.wait_for_selector(BUTTON, state="visible")
    page.click(BUTTON)
    seek(page, 2.2)
    page.wait_for_function("() => document.getElementById('description-area').textContent")
    page.locator(AREA).scroll_into_view_if_needed()
    assert screenshot(page, f"descriptions-{width}x{height}").exists()
    context.close()
