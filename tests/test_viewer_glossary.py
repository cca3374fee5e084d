"""Glossary terms in the transcript open their meaning on focus, hover or tap, close as a
viewer expects (Escape, moving away), and the glossary is listed below the lesson."""

import pytest
from viewer_support import line, open_lesson, screenshot

pytestmark = pytest.mark.browser

CARD = "() => { const c = document.getElementById('term-card'); return c.matches(':popover-open') ? c.innerText.replace(/\\s+/g, ' ').trim() : null; }"
NECK = "Neck The top part of the spine, between the head and the shoulders."


@pytest.fixture
def lesson(page, viewer_url):
    open_lesson(page, viewer_url)
    return page


def expanded(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.term[aria-expanded=\"true\"]')].map(t => t.textContent)"
    )


def test_focusing_a_term_shows_its_meaning_and_moving_on_hides_it(lesson):
    lesson.locator(line(0)).focus()
    lesson.keyboard.press("ArrowRight")
    assert lesson.evaluate(CARD) == NECK
    assert expanded(lesson) == ["neck"]
    screenshot(lesson, "glossary-open")
    lesson.keyboard.press("ArrowDown")
    assert lesson.evaluate(CARD) is None
    assert expanded(lesson) == []


def test_the_meaning_sits_next_to_its_term(lesson):
    term = lesson.locator("#en-cue-0 .term")
    term.focus()
    box, card = term.bounding_box(), lesson.locator("#term-card").bounding_box()
    below = card["y"] >= box["y"] + box["height"] - 1
    above = card["y"] + card["height"] <= box["y"] + 1
    assert below or above
    assert abs(card["x"] - box["x"]) < 2 or card["x"] + card["width"] >= box["x"] + box["width"]


def test_escape_closes_the_meaning_and_keeps_focus_on_the_term(lesson):
    lesson.locator("#en-cue-1 .term").first.focus()
    assert lesson.evaluate(CARD).startswith("Tumour A lump of cells")
    lesson.keyboard.press("Escape")
    assert lesson.evaluate(CARD) is None
    assert lesson.evaluate("document.activeElement.textContent") == "tumours"


def test_hovering_shows_the_meaning_and_the_pointer_may_move_onto_it(lesson):
    lesson.locator("#en-cue-1 .term").nth(1).hover()
    assert lesson.evaluate(CARD).startswith("Thoracic To do with the chest")
    lesson.locator("#term-card").hover()
    lesson.wait_for_timeout(450)  # longer than the close delay
    assert lesson.evaluate(CARD) is not None
    lesson.locator("h1").hover()
    lesson.wait_for_function(f"() => ({CARD})() === null")


def test_a_tap_or_click_keeps_the_meaning_open_until_tapped_again(lesson):
    term = lesson.locator("#en-cue-0 .term")
    term.click()
    lesson.locator("h1").hover()
    lesson.wait_for_timeout(450)
    assert lesson.evaluate(CARD) == NECK
    term.click()
    assert lesson.evaluate(CARD) is None


def test_a_click_elsewhere_closes_a_clicked_meaning(lesson):
    lesson.locator("#en-cue-0 .term").click()
    lesson.locator("h1").click()
    assert lesson.evaluate(CARD) is None
    assert expanded(lesson) == []


def test_a_term_on_a_phone_opens_with_a_tap(browser, viewer_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    open_lesson(page, viewer_url)
    page.locator("#en-cue-1 .term").first.tap()
    assert page.evaluate(CARD).startswith("Tumour")
    assert page.evaluate("document.getElementById('video').currentTime") == 0
    screenshot(page, "glossary-open-phone")
    context.close()


def test_selecting_text_in_the_meaning_keeps_it_open(lesson):
    lesson.locator("#en-cue-0 .term").focus()
    lesson.locator("#term-card .term-card-text").click(click_count=2)
    assert lesson.evaluate(CARD) == NECK
    lesson.locator("h1").click()
    assert lesson.evaluate(CARD) is None
