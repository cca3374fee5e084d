"""The transcript as a viewer uses it: one tab stop, arrows between and along lines, seeking
by clicking anywhere on a line, and the spoken word highlighted inside the active line."""

import textwrap

import pytest
from viewer_support import (
    active_line,
    focused,
    line,
    open_lesson,
    play_until,
    screenshot,
    seek,
    wait_active,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


# -- structure -----------------------------------------------------------------------------


def test_each_line_is_a_play_button_described_by_its_text(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<button type="button" class="line" data-cue-index="2" data-start="3.5" data-end="5.0" '
        'tabindex="-1" aria-describedby="en-cue-2">'
    ) in page
    # the visible time starts the button's name (WCAG 2.5.3), then what it does
    assert (
        '<span class="time">0:03</span><span class="visually-hidden"> Play from 3 seconds</span>'
    ) in page
    assert '<p class="text" id="en-cue-2">' in page
    assert "<template" not in page, "the line template is only for a long transcript"


def test_timed_words_are_rendered_as_word_spans_with_their_start(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<p class="text" id="en-cue-2"><span class="word" data-start="3.5">Pain may spread </span>'
        '<span class="word" data-start="4.0">to the </span>'
        '<span class="word" data-start="4.5">legs &amp; feet.</span></p>'
    ) in page


# -- focus ---------------------------------------------------------------------------------


def test_tab_enters_the_transcript_once_and_the_next_tab_leaves_it(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator("#language").focus()  # the last control of the panel's head
    page.keyboard.press("Tab")
    assert focused(page)["cue"] == "0"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused(page)["cls"] == "download-text"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["cue"] == "1", "coming back lands where the viewer left"


def test_right_arrow_moves_along_a_line_to_its_terms_and_copy_button_and_back(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator(line(1)).focus()
    steps = []
    for key in ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft", "ArrowLeft"]:
        page.keyboard.press(key)
        steps.append((focused(page)["cls"], focused(page)["text"]))
    assert steps == [
        ("term", "tumours"),
        ("term", "thoracic"),
        ("copy-link", ""),
        ("term", "thoracic"),
        ("term", "tumours"),
        ("line", "0:01 Play from 1 second"),
    ]
    assert page.locator('.transcript:not([hidden]) [tabindex="0"]').count() == 1


def test_up_and_down_from_inside_a_line_go_to_the_next_lines_play_button(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator(line(1)).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert (focused(page)["cls"], focused(page)["cue"]) == ("line", "2")
    page.keyboard.press("End")
    assert focused(page)["cue"] == "3"
    page.keyboard.press("Home")
    assert focused(page)["cue"] == "0"


def test_leaving_from_a_copy_button_returns_the_tab_stop_to_its_line(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator(line(2)).focus()
    page.keyboard.press("ArrowRight")
    assert focused(page)["cls"] == "copy-link"
    page.keyboard.press("Tab")
    stop = page.locator('.transcript:not([hidden]) [tabindex="0"]')
    assert stop.get_attribute("class") == "line" and stop.get_attribute("data-cue-index") == "2"


COPY_VISIBLE = "() => [...document.querySelectorAll('.transcript:not([hidden]) .copy-link')].map(b => getComputedStyle(b).visibility === 'visible')"


def test_the_copy_button_shows_only_on_the_focused_or_hovered_line(page, lesson_url):
    open_lesson(page, lesson_url)
    assert page.evaluate(COPY_VISIBLE) == [False, False, False, False]
    page.locator(line(1)).focus()
    assert page.evaluate(COPY_VISIBLE) == [False, True, False, False]
    page.locator("#en-cue-3").hover()
    seek(page, 3.6)  # line 2 is spoken: where a pointer can hover, it does not cover the text
    assert page.evaluate(COPY_VISIBLE) == [False, True, False, True]


def test_without_a_pointer_to_hover_the_spoken_line_offers_its_copy_button(browser, lesson_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    open_lesson(page, lesson_url)
    assert page.evaluate("matchMedia('(hover: none)').matches")
    seek(page, 3.6)
    assert page.evaluate(COPY_VISIBLE) == [False, False, True, False]
    context.close()


# -- seeking -------------------------------------------------------------------------------


def test_clicking_a_lines_text_plays_from_it_but_clicking_a_term_does_not(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator("#en-cue-1 .term").first.click()
    assert page.evaluate("document.getElementById('video').currentTime") == 0
    page.locator("#en-cue-3").click()
    wait_active(page, 3)
    assert page.evaluate("document.getElementById('video').currentTime") >= 5


# -- the word being spoken -----------------------------------------------------------------

SPOKEN = "[...document.querySelectorAll('.word.is-spoken')].map(w => w.textContent).join('|')"


def test_seeking_into_a_timed_line_highlights_the_word_spoken_then(page, lesson_url):
    open_lesson(page, lesson_url)
    states = []
    for t in [3.5, 3.99, 4.0, 4.7, 5.0, 1.0]:
        seek(page, t)
        states.append((t, active_line(page), page.evaluate(SPOKEN)))
    assert states == [
        (3.5, "2", "Pain may spread "),
        (3.99, "2", "Pain may spread "),
        (4.0, "2", "to the "),
        (4.7, "2", "legs & feet."),
        (5.0, "3", ""),  # the next line has no word timings
        (1.0, "0", ""),
    ]
    seek(page, 4.2)
    screenshot(page, "transcript-word-highlight")


def test_playing_highlights_each_word_at_its_time(page, lesson_url):
    open_lesson(page, lesson_url)
    seek(page, 3.3)
    page.evaluate(
        """() => { const v = document.getElementById('video'); window.lit = [];
             new MutationObserver((records) => { for (const r of records)
               if (r.target.classList.contains('is-spoken')) window.lit.push([r.target.textContent, v.currentTime]);
             }).observe(document.querySelector('.transcript'), {subtree: true, attributeFilter: ['class']}); }"""
    )
    play_until(page, 5.1)
    lit = page.evaluate("window.lit")
    assert [word for word, _ in lit] == ["Pain may spread ", "to the ", "legs & feet."]
    for (_, t), start in zip(lit, [3.5, 4.0, 4.5], strict=True):
        assert start <= t < start + 0.1, lit
    assert page.evaluate(SPOKEN) == ""


def test_a_term_spanning_two_timed_words_leaves_each_word_its_own_highlight(
    page, viewer_app, live_server, lesson_dirs
):
    captions = lesson_dirs[0]
    (captions / "sample.vtt").write_text(
        textwrap.dedent(
            """\
            WEBVTT

            00:00:01.000 --> 00:00:03.000
            Cancer settles <00:00:01.500>in the bone <00:00:02.000>marrow, then <00:00:02.500>grows.
            """
        )
    )
    (captions / "sample.glossary.toml").write_text(
        '[[term]]\nterm = "Bone marrow"\ndefinition = "The soft inside of bones."\n'
    )
    open_lesson(page, live_server(viewer_app) + "/lessons/sample")
    assert page.locator("#en-cue-0 .term").inner_text() == "bone marrow"
    seek(page, 1.7)
    assert page.evaluate(SPOKEN) == "in the |bone "
    seek(page, 2.2)
    assert page.evaluate(SPOKEN) == "marrow|, then "
