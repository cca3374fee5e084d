"""Searching the transcript: matches marked with <mark>, counted, stepped through, and
played from with Enter."""

import pytest
from viewer_support import open_lesson, screenshot, search, wait_active

pytestmark = pytest.mark.browser

MARKS = "[...document.querySelectorAll('.transcript:not([hidden]) mark')].map(m => (m.classList.contains('is-current') ? '*' : '') + m.textContent)"


@pytest.fixture
def lesson(page, viewer_url):
    open_lesson(page, viewer_url)
    return page


def test_the_search_field_is_labelled_and_is_a_search_landmark(lesson):
    field = lesson.get_by_role("searchbox", name="Search the transcript")
    assert field.get_attribute("type") == "search"
    assert lesson.get_by_role("search", name="Transcript").count() == 1


def test_every_match_is_marked_and_counted_and_the_first_is_current(lesson):
    search(lesson, "spread")
    assert lesson.evaluate(MARKS) == ["*spread", "spread"]
    assert lesson.locator("#search-count").inner_text() == "1 of 2 matches"
    assert lesson.locator("#en-cue-0 mark").count() == 1
    screenshot(lesson, "search-with-hits")


def test_next_and_previous_step_through_the_matches_and_wrap_around(lesson):
    search(lesson, "the")
    assert lesson.evaluate(MARKS) == ["*the", "the", "the"]
    lesson.get_by_role("button", name="Next match").click()
    assert lesson.evaluate(MARKS) == ["the", "*the", "the"]
    assert lesson.locator("#search-count").inner_text() == "2 of 3 matches"
    lesson.get_by_role("button", name="Previous match").click()
    lesson.get_by_role("button", name="Previous match").click()
    assert lesson.evaluate(MARKS) == ["the", "the", "*the"]
    lesson.locator("#transcript-search").press("ArrowDown")
    assert lesson.evaluate(MARKS) == ["*the", "the", "the"]


def test_enter_plays_from_the_line_of_the_current_match(lesson):
    search(lesson, "legs")
    lesson.locator("#transcript-search").press("Enter")
    wait_active(lesson, 2)
    assert lesson.evaluate("document.getElementById('video').paused") is False


def test_a_phrase_matches_across_timed_words_with_one_mark_per_word(lesson):
    search(lesson, "spread to  the legs")
    assert lesson.locator("#search-count").inner_text() == "1 of 1 match"
    assert lesson.evaluate(MARKS) == ["*spread ", "*to the ", "*legs"]
    assert lesson.locator("#en-cue-2 .word mark").count() == 3


def test_a_match_inside_a_glossary_term_is_marked_inside_the_button(lesson):
    search(lesson, "tum")
    assert lesson.evaluate("document.querySelector('mark').parentElement.className") == "term"
    assert lesson.locator(".term mark").inner_text() == "tum"


def test_the_query_is_text_not_a_pattern_or_markup(lesson):
    search(lesson, ".*")
    assert lesson.locator("#search-count").inner_text() == "No matches"
    search(lesson, "alert(1)")
    assert lesson.evaluate(MARKS) == ["*alert(1)"]
    search(lesson, "<b>neck</b>")
    assert lesson.evaluate(MARKS) == []
    assert lesson.locator(".transcript b").count() == 0


def test_clearing_the_search_puts_the_lines_back_exactly(lesson):
    before = lesson.evaluate("document.querySelector('.transcript').innerHTML")
    search(lesson, "e")
    assert lesson.locator(".transcript mark").count() > 10
    lesson.locator("#transcript-search").press("Escape")
    assert lesson.locator("#transcript-search").input_value() == ""
    assert lesson.locator("#search-count").inner_text() == ""
    assert lesson.evaluate("document.querySelector('.transcript').innerHTML") == before


def test_a_search_holds_the_list_without_offering_to_resume_auto_scroll(lesson):
    search(lesson, "neck")
    assert lesson.evaluate("window.lessonPlayer.transcript.heldBy") == "search"
    assert lesson.locator(".resume-scroll").is_hidden()  # the viewer did not scroll away
    search(lesson, "")
    assert lesson.evaluate("window.lessonPlayer.transcript.autoScroll") is True
    assert lesson.locator(".resume-scroll").is_hidden()


def test_a_50000_character_word_finds_nothing_and_throws_nothing(lesson):
    search(lesson, "spread")
    assert lesson.locator("#search-count").inner_text() == "1 of 2 matches"
    # Pasted, or set by a script: maxlength stops typing, not every way a value arrives.
    lesson.evaluate(
        """() => { const field = document.getElementById('transcript-search');
                   field.value = 'x'.repeat(50000);
                   field.dispatchEvent(new Event('input', { bubbles: true })); }"""
    )
    lesson.wait_for_function(
        "() => document.getElementById('search-count').textContent !== '1 of 2 matches'"
    )
    assert lesson.locator("#search-count").inner_text() == "No matches"
    assert lesson.evaluate(MARKS) == []
    assert lesson.locator("#transcript-search").get_attribute("maxlength") == "200"
    assert lesson.errors == []
