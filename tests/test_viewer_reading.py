"""A transcript you can read: chapter headings inside it, a reading view of paragraphs, options
remembered in this browser (times, auto-scroll, the word highlight), ten lines in view on a
laptop, glossary terms read inside their sentence, and "Resume auto-scroll" only when the
viewer scrolled away."""

import pytest
from conftest import sample_app, serving
from viewer_support import line, open_lesson, screenshot, search, seek, wait_active

from player import create_app

pytestmark = pytest.mark.browser

SHOWN = ".transcript:not([hidden])"
# Each heading of the transcript on show, and the line it heads (the next item that is a line).
HEADINGS = f"""() => [...document.querySelectorAll('{SHOWN} .chapter-heading')].map((li) => {{
  let next = li.nextElementSibling;
  while (next && !next.querySelector('.line')) next = next.nextElementSibling;
  return [li.querySelector('h3').textContent, next?.querySelector('.line').dataset.cueIndex ?? null];
}})"""
T = "document.getElementById('video').currentTime"


@pytest.fixture(scope="module")
def windowed_url(tmp_path_factory, clip):
    """The sample lesson drawn by the browser, as a long transcript is."""
    with serving(sample_app(tmp_path_factory, clip, FULL_TRANSCRIPT_MAX_LINES=0)) as base:
        yield base + "/lessons/sample"


@pytest.fixture(scope="module")
def builtin_url():
    with serving(create_app(test_config={"TESTING": True})) as base:
        yield base + "/"


@pytest.fixture(scope="module")
def sixty_lines_url(tmp_path_factory, clip):
    """Sixty lines of 0.1 s in three chapters: a list that scrolls."""
    app = sample_app(tmp_path_factory, clip)
    captions = app.config["CAPTIONS_DIR"]
    cues = "".join(
        f"\n00:00:{i // 10:02d}.{i % 10}00 --> 00:00:{(i + 1) // 10:02d}.{(i + 1) % 10}00\n"
        f"Line {i} {'needle' if i == 45 else 'hay'}\n"
        for i in range(60)
    )
    (captions / "sample.vtt").write_text("WEBVTT\n" + cues)
    (captions / "sample.chapters.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nOne\n\n00:02.000 --> 00:04.000\nTwo\n\n"
        "00:04.000 --> 00:06.000\nThree\n"
    )
    (captions / "sample.es.vtt").unlink()
    with serving(app) as base:
        yield base + "/lessons/sample"


def open_options(page):
    page.get_by_role("button", name="Transcript Options").click()
    page.wait_for_function("() => document.querySelector('.transcript-panel').dataset.view")


def choose(page, label: str, checked: bool | None = None):
    """Open the options and set one of them (a radio by its label, a checkbox to `checked`)."""
    open_options(page)
    control = page.get_by_label(label, exact=True)
    if checked is None or control.is_checked() != checked:
        control.click()
    page.keyboard.press("Escape")


# -- chapter headings ----------------------------------------------------------------------


def test_each_chapter_is_a_heading_before_its_first_line(page, viewer_url):
    open_lesson(page, viewer_url)
    assert page.evaluate(HEADINGS) == [["Where it spreads", "0"], ["Symptoms", "2"]]
    tree = page.locator(SHOWN).aria_snapshot()
    assert '- heading "Where it spreads" [level=3]' in tree
    assert tree.index('"Symptoms"') < tree.index('"0:03 Play from 3 seconds"')
    assert tree.index('"0:01 Play from 1 second"') < tree.index('"Symptoms"')


def test_the_built_in_lesson_has_one_heading_per_chapter(page, builtin_url):
    open_lesson(page, builtin_url)
    chapters = page.evaluate(
        "JSON.parse(document.getElementById('lesson-data').textContent).chapters"
    )
    headings = page.evaluate(HEADINGS)
    assert [title for title, _ in headings] == [c["title"] for c in chapters]
    assert len(headings) == 5
    for chapter, (_, cue) in zip(chapters, headings, strict=True):
        start = float(page.locator(line(int(cue))).get_attribute("data-start"))
        assert chapter["start"] <= start < chapter["end"]


def test_a_transcript_drawn_by_the_browser_has_the_same_headings(page, windowed_url):
    open_lesson(page, windowed_url)
    assert page.locator(f"{SHOWN}[data-window]").count() == 1
    assert page.evaluate(HEADINGS) == [["Where it spreads", "0"], ["Symptoms", "2"]]
    assert page.get_by_role("heading", name="Symptoms", level=3).count() == 1
    # Their places in the list count the headings: 6 items, the line of 3.5 s the fifth.
    places = page.evaluate(
        f"[...document.querySelectorAll('{SHOWN} > li:not(.spacer)')].map(li => li.getAttribute('aria-posinset') + '/' + li.getAttribute('aria-setsize'))"
    )
    assert places == ["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"]


@pytest.mark.parametrize("mode", ["rendered", "drawn"])
def test_arrow_keys_search_and_playback_pass_over_the_headings(
    page, viewer_url, windowed_url, mode
):
    open_lesson(page, viewer_url if mode == "rendered" else windowed_url)
    page.locator(line(1)).focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.cueIndex") == "2"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.cueIndex") == "1"
    seek(page, 3.6)
    wait_active(page, 2)
    assert page.locator(f"{SHOWN} .chapter-heading.is-active").count() == 0
    search(page, "Symptoms")  # a heading's words are not a line's
    assert page.locator("#search-count").inner_text() == "No matches"
    search(page, "legs")
    assert page.locator(f"{SHOWN} mark").all_inner_texts() == ["legs"]


# -- ten lines on a laptop -----------------------------------------------------------------

FULLY_SHOWN = f"""() => {{
  const list = document.querySelector('{SHOWN}');
  const box = list.getBoundingClientRect();
  const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, innerHeight);
  return [...list.querySelectorAll('.line-item')].filter((li) => {{
    const r = li.getBoundingClientRect();
    return r.top >= top - 0.5 && r.bottom <= bottom + 0.5;
  }}).length;
}}"""


def test_at_1366_by_768_ten_lines_are_in_full_view(browser, builtin_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    open_lesson(page, builtin_url)
    shown = page.evaluate(FULLY_SHOWN)
    screenshot(page, "reading-lines-1366")
    context.close()
    assert shown >= 10


# -- the reading view ----------------------------------------------------------------------


def test_paragraphs_flow_as_prose(page, viewer_url):
    open_lesson(page, viewer_url)
    choose(page, "Paragraphs")
    assert (
        page.evaluate(f"getComputedStyle(document.querySelector('{SHOWN} .line-item')).display")
        == "inline"
    )
    # Lines 0 and 1 (one paragraph) share a row; line 2 opens the next paragraph below.
    rows = page.evaluate(
        f"""[0, 1, 2].map(i => {{ const rects = document.querySelector('{SHOWN} .line[data-cue-index="' + i + '"]').closest('li').getClientRects();
             return [rects[0].top, rects[rects.length - 1].top]; }})"""
    )
    assert abs(rows[0][1] - rows[1][0]) < 2
    assert rows[2][0] > rows[1][1] + 10
    assert page.locator(f"{SHOWN} .copy-link:visible").count() == 0


def test_reading_still_lights_the_line_and_word_and_a_word_plays_from_itself(page, viewer_url):
    open_lesson(page, viewer_url)
    choose(page, "Paragraphs")
    seek(page, 4.2)
    wait_active(page, 2)
    spoken = page.locator(f"{SHOWN} .word.is-spoken")
    assert spoken.text_content() == "to the "
    assert spoken.evaluate("w => getComputedStyle(w).backgroundColor") == "rgb(255, 212, 92)"
    item = page.locator(f"{SHOWN} .line-item.is-active")
    assert item.evaluate("li => getComputedStyle(li).backgroundColor") == "rgb(255, 242, 196)"
    page.evaluate("document.getElementById('video').play = () => Promise.resolve()")
    page.locator(f"{SHOWN} .word").filter(has_text="legs").click()
    page.wait_for_function(f"() => {T} === 4.5")
    page.locator("#en-cue-0").click(position={"x": 5, "y": 5})
    page.wait_for_function(f"() => {T} === 0.5")
    screenshot(page, "reading-paragraphs-sample")


# -- options, remembered -------------------------------------------------------------------


def test_the_options_are_a_keyboard_friendly_disclosure_of_44px_choices(page, viewer_url):
    open_lesson(page, viewer_url)
    button = page.get_by_role("button", name="Transcript Options")
    button.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("group", name="Transcript options")
    assert menu.is_visible()
    page.wait_for_function(
        "() => document.querySelector('.options-button').ariaExpanded === 'true'"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "lines"
    for label in menu.locator("label").all():
        assert label.bounding_box()["height"] >= 44
    page.keyboard.press("Escape")
    assert menu.is_hidden()
    assert page.evaluate("document.activeElement.className").startswith("options-button")
    assert button.get_attribute("aria-expanded") == "false"


def test_hiding_the_times_is_remembered(page, viewer_url):
    open_lesson(page, viewer_url)
    seek_button = page.locator(line(0))
    assert seek_button.bounding_box()["width"] >= 44
    choose(page, "Show times", checked=False)
    assert seek_button.bounding_box()["width"] <= 1
    page.locator(line(1)).focus()  # still the list's stop, named for where it plays from
    ring = page.evaluate("getComputedStyle(document.activeElement.closest('li')).outlineStyle")
    assert ring == "solid"
    open_lesson(page, viewer_url)
    page.wait_for_function(
        "() => document.querySelector('.transcript-panel').dataset.times === 'off'"
    )
    assert seek_button.bounding_box()["width"] <= 1


def test_turning_the_word_highlight_off_is_remembered(page, viewer_url):
    open_lesson(page, viewer_url)
    choose(page, "Light up each word", checked=False)
    seek(page, 4.2)
    word = page.locator(f"{SHOWN} .word.is-spoken")
    assert word.evaluate("w => getComputedStyle(w).backgroundColor") == "rgba(0, 0, 0, 0)"
    open_lesson(page, viewer_url)
    page.wait_for_function(
        "() => document.querySelector('.transcript-panel').dataset.words === 'off'"
    )
    seek(page, 4.2)
    assert word.evaluate("w => getComputedStyle(w).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_the_reading_view_is_remembered(page, viewer_url):
    open_lesson(page, viewer_url)
    choose(page, "Paragraphs")
    open_lesson(page, viewer_url)
    page.wait_for_function(
        f"() => getComputedStyle(document.querySelector('{SHOWN} .line-item')).display === 'inline'"
    )
    open_options(page)
    assert page.get_by_label("Paragraphs", exact=True).is_checked()


def test_with_auto_scroll_off_the_list_stays_and_that_is_remembered(page, sixty_lines_url):
    open_lesson(page, sixty_lines_url)
    list_top = f"document.querySelector('{SHOWN}').scrollTop"
    choose(page, "Scroll with the video", checked=False)
    seek(page, 5.05)
    wait_active(page, 50)
    page.wait_for_timeout(300)
    assert page.evaluate(list_top) == 0
    assert page.locator(".resume-scroll").is_hidden()
    open_lesson(page, sixty_lines_url)
    page.wait_for_function("() => window.lessonPlayer.transcript.follow === false")
    seek(page, 5.05)
    wait_active(page, 50)
    page.wait_for_timeout(300)
    assert page.evaluate(list_top) == 0
    choose(page, "Scroll with the video", checked=True)
    page.wait_for_function(f"() => {list_top} > 0")


# -- glossary terms ------------------------------------------------------------------------


def test_a_term_reads_as_a_link_inside_its_sentence_and_opens_its_meaning(page, viewer_url):
    open_lesson(page, viewer_url)
    sentence = page.locator("#en-cue-0").aria_snapshot()
    assert sentence.splitlines() == [
        "- paragraph:",
        "  - text: Cancer can spread to the",
        '  - link "neck":',
        '    - /url: "#gloss-neck"',
        "  - text: .",
    ]
    page.locator(line(0)).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    card = page.locator("#term-card")
    assert card.evaluate("c => c.matches(':popover-open')")
    assert page.evaluate("location.hash") == ""
    assert page.evaluate(T) == 0
    page.keyboard.press("Escape")
    page.keyboard.press("Space")
    assert card.evaluate("c => c.matches(':popover-open')")


def test_without_javascript_a_term_leads_to_its_glossary_entry(browser, viewer_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(viewer_url)
    page.locator("#en-cue-0 .term").click()
    assert page.evaluate("location.hash") == "#gloss-neck"
    entry = page.locator("#gloss-neck").bounding_box()
    assert 0 <= entry["y"] < page.viewport_size["height"]
    context.close()


# -- auto-scroll and its "Resume" ----------------------------------------------------------


def test_a_search_while_paused_moves_to_the_match_without_offering_to_resume(page, sixty_lines_url):
    open_lesson(page, sixty_lines_url)
    search(page, "needle")
    page.wait_for_function(f"() => document.querySelector('{SHOWN}').scrollTop > 0")
    page.wait_for_timeout(300)
    assert page.locator(".resume-scroll").is_hidden()
    search(page, "")
    assert page.locator(".resume-scroll").is_hidden()


def test_resume_is_offered_only_once_the_active_line_is_out_of_sight(page, sixty_lines_url):
    open_lesson(page, sixty_lines_url)
    seek(page, 0.55)
    wait_active(page, 5)
    page.locator(SHOWN).hover()
    page.mouse.wheel(0, 40)  # a nudge: line 5 still in sight
    page.wait_for_timeout(400)
    assert page.locator(".resume-scroll").is_hidden()
    page.mouse.wheel(0, 800)
    page.locator(".resume-scroll").wait_for(state="visible")
    page.locator(".resume-scroll").click()
    assert page.locator(".resume-scroll").is_hidden()


# -- rough edges ---------------------------------------------------------------------------


def test_print_is_a_44px_button_and_prints_the_headings_without_the_options(page, viewer_url):
    open_lesson(page, viewer_url)
    assert page.locator(".print").bounding_box()["height"] >= 44
    page.emulate_media(media="print")
    assert page.locator(f"{SHOWN} .chapter-heading h3").first.is_visible()
    assert page.locator(".options-button").is_hidden()
    assert page.locator(".transcript-foot").is_hidden()


def test_a_touch_screen_is_not_told_about_arrow_keys(browser, viewer_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    open_lesson(page, viewer_url)
    assert page.locator("#transcript-hint").inner_text() == "Select a line to play it."
    context.close()
    context = browser.new_context()
    page = context.new_page()
    open_lesson(page, viewer_url)
    assert "Arrow keys" in page.locator("#transcript-hint").inner_text()
    context.close()


# -- accessibility and what it looks like --------------------------------------------------


@pytest.mark.parametrize(
    ("state", "size", "scheme"),
    [
        ("reading", (1366, 768), "light"),
        ("options-open", (1366, 768), "light"),
        ("times-hidden", (1366, 768), "light"),
        ("reading-dark", (1366, 768), "dark"),
        ("options-open-dark", (1366, 768), "dark"),
        ("reading-phone", (390, 844), "light"),
        ("options-open-phone", (390, 844), "dark"),
    ],
)
def test_axe_finds_nothing_in_the_reading_states(audit, state, size, scheme):
    open_page, check = audit
    page = open_page(width=size[0], height=size[1], color_scheme=scheme)
    seek(page, 4.2)
    if state.startswith("reading"):
        choose(page, "Paragraphs")
    elif state == "times-hidden":
        choose(page, "Show times", checked=False)
        page.locator(line(1)).focus()
    else:
        open_options(page)
    check(page, f"transcript-{state}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_screenshots_of_both_views(browser, builtin_url, scheme, size):
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
    )
    page = context.new_page()
    open_lesson(page, builtin_url)
    seek(page, 14.2)
    name = f"{size[0]}-{scheme}"
    if size[0] < 960:
        page.locator(".transcript-panel").scroll_into_view_if_needed()
    screenshot(page, f"transcript-lines-{name}")
    choose(page, "Paragraphs")
    seek(page, 14.3)
    screenshot(page, f"transcript-reading-{name}")
    context.close()
