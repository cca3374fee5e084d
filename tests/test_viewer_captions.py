"""Captions drawn in the page, under the picture (static/js/captions.js), and the control bar's
captions button: readable on a phone, styled by the settings, built from cue text as text, on
and off in step with `c` and the language menu, remembered; the video's own track is "showing"
only where the browser draws captions itself (the video alone in full screen, picture in
picture)."""

import pytest
from viewer_support import open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

BOX = "(s) => { const r = document.querySelector(s).getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height}; }"
TRACKS = "() => [...document.getElementById('video').textTracks].filter(t => t.kind === 'captions').map(t => t.language + ':' + t.mode)"
AREA = "#caption-area"
BUTTON = ".cb-captions"


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def caption_at(page, seconds: float, text: str) -> None:
    """Seek and wait until the caption area shows `text` (cuechange follows the seek)."""
    seek(page, seconds)
    page.wait_for_function(
        "(t) => document.getElementById('caption-area').textContent === t", arg=text
    )


def wait_tracks(page, modes: list[str]) -> None:
    """Wait until the caption tracks' modes are `modes` (full screen events come a frame late)."""
    page.wait_for_function(f"(m) => JSON.stringify(({TRACKS})()) === JSON.stringify(m)", arg=modes)


def pressed(page) -> str:
    return page.locator(BUTTON).get_attribute("aria-pressed")


def test_the_caption_of_the_moment_is_drawn_under_the_video_never_over_it(page, lesson_url):
    open_lesson(page, lesson_url)
    caption_at(page, 1.0, "Cancer can spread to the neck.")
    video, area = page.evaluate(BOX, ".video-frame"), page.evaluate(BOX, AREA)
    assert area["top"] >= video["bottom"] - 0.5
    assert area["left"] >= video["left"] - 0.5 and area["right"] <= video["right"] + 0.5
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]  # nothing drawn over the video
    assert page.locator(AREA).get_attribute("aria-hidden") == "true"  # the transcript says it


def test_captions_are_at_least_16_px_on_a_390_px_phone_by_default(phone, lesson_url):
    open_lesson(phone, lesson_url)
    caption_at(phone, 1.0, "Cancer can spread to the neck.")
    size = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.caption-text')).fontSize)"
    )
    assert size >= 16
    assert phone.evaluate(BOX, ".caption-text")["height"] >= 16
    video, area = phone.evaluate(BOX, ".video-frame"), phone.evaluate(BOX, AREA)
    assert area["top"] >= video["bottom"] - 0.5
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "captions-phone-390")


def test_caption_size_and_colours_follow_the_settings(page, lesson_url):
    open_lesson(page, lesson_url)
    caption_at(page, 1.0, "Cancer can spread to the neck.")
    look = "(() => { const s = getComputedStyle(document.querySelector('.caption-text')); return [parseFloat(s.fontSize), s.color, s.backgroundColor]; })()"
    normal = page.evaluate(look)
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Caption size").select_option("largest")
    page.get_by_label("Caption colours").select_option("yellow")
    size, colour, background = page.evaluate(look)
    assert size >= normal[0] * 1.6
    assert (colour, background) == ("rgb(255, 233, 77)", "rgb(0, 0, 0)")
    page.get_by_label("Caption colours").select_option("light")
    assert page.evaluate(look)[1:] == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_cue_text_is_drawn_as_text_with_its_speaker(page, lesson_url):
    open_lesson(page, lesson_url)
    caption_at(page, 2.0, "Dr. Lee: Most tumours grow in the thoracic region.")
    assert page.locator(f"{AREA} .caption-speaker").inner_text().strip() == "Dr. Lee:"
    caption_at(page, 4.2, "Pain may spread to the legs & feet.")
    caption_at(page, 5.5, "alert(1) stays text")
    tags = page.evaluate(
        "[...document.querySelectorAll('#caption-area *')].map(e => e.tagName + '.' + e.className)"
    )
    assert tags == ["SPAN.caption-text"]


def test_the_area_keeps_its_height_as_captions_come_and_go(page, lesson_url):
    open_lesson(page, lesson_url)
    caption_at(page, 1.0, "Cancer can spread to the neck.")
    with_caption = page.evaluate(BOX, ".control-bar")
    caption_at(page, 3.2, "")  # between two cues
    assert page.evaluate(BOX, ".control-bar") == with_caption


def test_the_captions_button_turns_captions_off_and_on_by_keyboard(page, lesson_url):
    open_lesson(page, lesson_url)
    caption_at(page, 1.0, "Cancer can spread to the neck.")
    button = page.locator(BUTTON)
    assert pressed(page) == "true"
    assert button.inner_text().split() == ["Captions", "EN"]
    button.focus()
    page.keyboard.press("Enter")
    assert pressed(page) == "false"
    assert page.locator(AREA).is_hidden()
    assert page.evaluate(TRACKS) == ["en:disabled", "es:disabled"]
    page.keyboard.press("Space")
    assert pressed(page) == "true"
    page.wait_for_function(
        "() => document.getElementById('caption-area').textContent === 'Cancer can spread to the neck.'"
    )
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]


def test_the_c_shortcut_and_the_button_stay_in_step(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator("h1").click()
    page.keyboard.press("c")
    assert pressed(page) == "false"
    assert page.locator(AREA).is_hidden()
    page.locator(BUTTON).click()
    assert pressed(page) == "true"
    assert page.locator(AREA).is_visible()
    page.locator("h1").click()
    page.keyboard.press("c")
    assert pressed(page) == "false"


def test_the_button_and_the_area_follow_the_language_menu(page, lesson_url):
    open_lesson(page, lesson_url)
    page.get_by_label("Language").select_option("es")
    assert page.locator(f"{BUTTON} .cb-lang").inner_text() == "ES"
    assert page.locator(AREA).get_attribute("lang") == "es"
    caption_at(page, 4.2, "El dolor puede extenderse a las piernas y los pies.")
    page.locator(BUTTON).click()  # off, then a language chosen while off stays off
    page.get_by_label("Language").select_option("en")
    assert pressed(page) == "false"
    assert page.locator(f"{BUTTON} .cb-lang").inner_text() == "EN"
    assert page.evaluate(TRACKS) == ["en:disabled", "es:disabled"]


def test_captions_off_is_remembered(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator(BUTTON).click()
    open_lesson(page, lesson_url)
    assert pressed(page) == "false"
    assert page.locator(AREA).is_hidden()
    assert page.evaluate(TRACKS) == ["en:disabled", "es:disabled"]
    page.locator(BUTTON).click()
    open_lesson(page, lesson_url)
    assert pressed(page) == "true"


# Full screen needs a user's gesture: a real key press, through a listener the test adds.
FULLSCREEN_ON_F8 = """(selector) => document.addEventListener('keydown', (e) => {
  if (e.key === 'F8') document.querySelector(selector).requestFullscreen(); })"""


def test_the_native_track_shows_only_while_the_video_itself_is_full_screen(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(FULLSCREEN_ON_F8, "#video")
    page.keyboard.press("F8")
    wait_tracks(page, ["en:showing", "es:disabled"])
    assert page.evaluate("document.fullscreenElement.id") == "video"
    page.evaluate("document.exitFullscreen()")
    wait_tracks(page, ["en:hidden", "es:disabled"])


def test_the_stage_in_full_screen_keeps_the_captions_drawn_in_the_page(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(FULLSCREEN_ON_F8, ".stage")
    page.keyboard.press("F8")
    page.wait_for_function("() => document.fullscreenElement?.classList.contains('stage')")
    caption_at(page, 1.0, "Cancer can spread to the neck.")
    assert page.locator(AREA).is_visible()
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]


def test_captions_turned_off_in_the_browsers_own_menu_in_full_screen_are_off(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(FULLSCREEN_ON_F8, "#video")
    page.keyboard.press("F8")
    wait_tracks(page, ["en:showing", "es:disabled"])
    page.evaluate("[...document.getElementById('video').textTracks][0].mode = 'disabled'")
    page.wait_for_function("() => document.querySelector('.cb-captions').ariaPressed === 'false'")
    page.evaluate("document.exitFullscreen()")
    page.wait_for_function("() => !document.fullscreenElement")
    wait_tracks(page, ["en:disabled", "es:disabled"])
    assert page.locator(AREA).is_hidden()


def test_picture_in_picture_shows_the_native_track(page, lesson_url):
    # Headless Chromium has no picture-in-picture window: its events stand in for one.
    open_lesson(page, lesson_url)
    page.evaluate(
        "document.getElementById('video').dispatchEvent(new Event('enterpictureinpicture'))"
    )
    assert page.evaluate(TRACKS) == ["en:showing", "es:disabled"]
    page.evaluate(
        "document.getElementById('video').dispatchEvent(new Event('leavepictureinpicture'))"
    )
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]


def test_iphone_full_screen_shows_the_native_track(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(
        "document.getElementById('video').dispatchEvent(new Event('webkitbeginfullscreen'))"
    )
    assert page.evaluate(TRACKS) == ["en:showing", "es:disabled"]
    page.evaluate(
        "document.getElementById('video').dispatchEvent(new Event('webkitendfullscreen'))"
    )
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]


def test_no_accessibility_violations_with_captions_on_a_dark_phone(audit):
    open_page, check = audit
    page = open_page(width=390, height=844, color_scheme="dark")
    caption_at(page, 2.0, "Dr. Lee: Most tumours grow in the thoracic region.")
    check(page, "dark-390-captions-on")
