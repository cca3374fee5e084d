"""Links to a moment (copied from a line, opened with #t=) and resuming where a viewer left."""

import pytest
from viewer_support import line, open_lesson, play_until, screenshot, seek, wait_active

pytestmark = pytest.mark.browser

RESUME = ".tools .resume"


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_puts_a_link_to_the_lines_start_on_the_clipboard(clipboard_page, lesson_url):
    page = clipboard_page
    open_lesson(page, lesson_url)
    page.locator(line(2)).focus()
    page.keyboard.press("ArrowRight")
    button = page.get_by_role("button", name="Copy link to 0:03").first
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Copy link to 0:03"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('announcer').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == lesson_url + "#t=3.5"
    assert page.locator("#announcer").inner_text() == "Link to 0:03 copied."
    assert button.get_attribute("data-copied") == "true"
    assert page.evaluate("document.getElementById('video').currentTime") == 0, (
        "copying is not seeking"
    )
    screenshot(page, "copy-link-copied")


def test_without_clipboard_access_the_link_goes_to_the_address_bar(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page.locator(line(1)).hover()
    page.locator("#en-cue-1 ~ .copy-link").click()
    page.wait_for_function("() => document.getElementById('announcer').textContent !== ''")
    assert page.evaluate("location.hash") == "#t=1.5"
    assert page.locator("#announcer").inner_text() == "Link to 0:01 is in the address bar."


def test_a_link_to_a_moment_opens_there_with_its_line_lit(page, lesson_url):
    open_lesson(page, lesson_url + "#t=3.5")
    wait_active(page, 2)
    assert page.evaluate("document.getElementById('video').currentTime") == 3.5


def test_the_last_position_is_offered_when_the_lesson_is_opened_again(page, lesson_url):
    open_lesson(page, lesson_url)
    assert page.locator(RESUME).is_hidden()
    seek(page, 3.2)
    play_until(page, 3.6)
    page.wait_for_function(
        "() => Number(localStorage.getItem('lesson-player:position:sample')) >= 3.6"
    )
    saved = page.evaluate("Number(localStorage.getItem('lesson-player:position:sample'))")
    open_lesson(page, lesson_url)
    assert page.locator(RESUME).inner_text() == "Resume from 0:03"
    screenshot(page, "resume-offered")
    page.locator(RESUME).click()
    wait_active(page, 2)
    assert page.evaluate("document.getElementById('video').currentTime") >= saved
    assert page.locator(RESUME).is_hidden()


def test_positions_near_the_start_or_the_end_are_not_offered(page, lesson_url):
    open_lesson(page, lesson_url)
    for saved in ["1.5", "6.5"]:
        page.evaluate(f"localStorage.setItem('lesson-player:position:sample', '{saved}')")
        open_lesson(page, lesson_url)
        assert page.locator(RESUME).is_hidden(), saved


def test_a_link_to_a_moment_wins_over_resuming(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate("localStorage.setItem('lesson-player:position:sample', '3.6')")
    open_lesson(page, lesson_url + "#t=1")
    assert page.locator(RESUME).is_hidden()


def test_each_lesson_remembers_its_own_position(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate("localStorage.setItem('lesson-player:position:another', '3.6')")
    open_lesson(page, lesson_url)
    assert page.locator(RESUME).is_hidden()
