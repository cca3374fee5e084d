"""A long transcript in the browser: only the lines near the viewport have elements, and
the viewer cannot tell: every line can be scrolled to, clicked, reached by keyboard, found
by search and lit by playback, and each is drawn exactly as the server renders it."""

import shutil

import pytest
from conftest import FIXTURES, serving
from viewer_support import open_lesson, screenshot, search, seek, wait_active

from player import create_app

pytestmark = pytest.mark.browser

COUNT = 3000  # over the default FULL_TRANSCRIPT_MAX_LINES (2000)
MARKED = range(7, COUNT, 100)  # the lines that say "beacon": 30 of them


def long_vtt(count: int) -> str:
    """Lines of 2 ms from 0.5 s, so all 3000 fit in the 7 s test clip and a seek can reach
    any of them; each line's text says its number."""
    cues = ["WEBVTT", ""]
    for i in range(count):
        start = 500 + 2 * i
        beacon = " beacon" if i in MARKED else ""
        cues += [f"00:00:{start // 1000:02d}.{start % 1000:03d} --> "
                 f"00:00:{(start + 2) // 1000:02d}.{(start + 2) % 1000:03d}",
                 f"Line {i} of the long lesson{beacon}.", ""]  # fmt: skip
    return "\n".join(cues)


@pytest.fixture(scope="module")
def long_url(tmp_path_factory, clip):
    root = tmp_path_factory.mktemp("long")
    (root / "captions").mkdir()
    (root / "media").mkdir()
    (root / "captions" / "long.vtt").write_text(long_vtt(COUNT), encoding="utf-8")
    (root / "captions" / "long.glossary.toml").write_text(
        '[[term]]\nterm = "Beacon"\ndefinition = "A signal fire."\n', encoding="utf-8"
    )
    shutil.copy(clip, root / "media" / "long.mp4")
    app = create_app(root / "captions", root / "media", test_config={"TESTING": True})
    with serving(app) as base:
        yield base + "/lessons/long"


@pytest.fixture
def lesson(page, long_url):
    open_lesson(page, long_url)
    # The lines are drawn once parsed, a few tasks after the page's scripts start.
    page.wait_for_selector(".transcript .line-item")
    # A click on a line seeks there and plays; lines of 2 ms would be left at once, so the
    # video stays paused where the line starts.
    page.evaluate("document.getElementById('video').play = () => Promise.resolve()")
    yield page
    assert page.errors == []


DRAWN = """() => [...document.querySelectorAll('.transcript .line-item')]
  .map((li) => Number(li.getAttribute('aria-posinset')))"""
LIST = "document.querySelector('.transcript')"


def drawn(page) -> list[int]:
    return page.evaluate(DRAWN)


def visible(page) -> list[int]:
    """Positions (1-based) of the lines at least partly inside the list's viewport."""
    return page.evaluate(
        """() => { const list = document.querySelector('.transcript').getBoundingClientRect();
             return [...document.querySelectorAll('.transcript .line-item')].filter((li) => {
               const r = li.getBoundingClientRect(); return r.bottom > list.top && r.top < list.bottom;
             }).map((li) => Number(li.getAttribute('aria-posinset'))); }"""
    )


def scroll_list_to(page, fraction: float) -> None:
    page.evaluate(f"(f) => {{ const l = {LIST}; l.scrollTop = (l.scrollHeight - l.clientHeight) * f; }}", fraction)  # fmt: skip
    page.wait_for_timeout(150)


def test_only_the_lines_near_the_viewport_have_elements_and_say_where_they_are(lesson):
    lines = drawn(lesson)
    assert lines[0] == 1 and 5 <= len(lines) <= 80
    assert lines == list(range(1, len(lines) + 1))
    assert lesson.locator(".transcript .line-item").first.get_attribute("aria-setsize") == str(
        COUNT
    )
    # The list scrolls as far as all the lines would take.
    height = lesson.evaluate(f"{LIST}.scrollHeight")
    line_height = lesson.evaluate("document.querySelector('.transcript .line-item').offsetHeight")
    assert height > COUNT * line_height * 0.9
    assert lesson.locator(".no-js").count() == 0


def test_scrolling_anywhere_draws_the_lines_there_and_the_last_line_plays(lesson):
    scroll_list_to(lesson, 0.5)
    middle = visible(lesson)
    assert middle and abs(middle[0] - COUNT // 2) < COUNT * 0.05
    scroll_list_to(lesson, 1.0)
    assert visible(lesson)[-1] == COUNT
    lesson.locator(f'.transcript .line[data-cue-index="{COUNT - 1}"]').click()
    wait_active(lesson, COUNT - 1)
    screenshot(lesson, "long-transcript-end")


def test_the_place_on_screen_holds_while_lines_are_measured(lesson):
    scroll_list_to(lesson, 0.37)
    top_line = visible(lesson)[1]
    where = f"() => document.querySelector('.line-item[aria-posinset=\"{top_line}\"]').getBoundingClientRect().top"  # fmt: skip
    before = lesson.evaluate(where)
    for delta in (300, 300, -300, -300):
        lesson.evaluate(f"{LIST}.scrollBy(0, {delta})")
        lesson.wait_for_timeout(100)
    assert abs(lesson.evaluate(where) - before) <= 2


def test_playback_far_down_lights_the_line_and_brings_it_into_view(lesson):
    seek(lesson, (500 + 2 * 2500 + 1) / 1000)
    wait_active(lesson, 2500)
    lesson.wait_for_function(
        """() => { const a = document.querySelector('.transcript .is-active');
             if (!a) return false;
             const l = document.querySelector('.transcript').getBoundingClientRect(), r = a.getBoundingClientRect();
             return r.top >= l.top && r.bottom <= l.bottom; }"""
    )
    assert lesson.locator(".transcript .is-active").count() == 1


def test_the_keyboard_reaches_every_line_and_the_list_keeps_one_tab_stop(lesson):
    first = lesson.locator('.transcript .line[data-cue-index="0"]')
    first.focus()
    lesson.keyboard.press("End")
    assert lesson.evaluate("document.activeElement.dataset.cueIndex") == str(COUNT - 1)
    lesson.keyboard.press("ArrowUp")
    assert lesson.evaluate("document.activeElement.dataset.cueIndex") == str(COUNT - 2)
    lesson.keyboard.press("Home")
    assert lesson.evaluate("document.activeElement.dataset.cueIndex") == "0"
    lesson.keyboard.press("ArrowDown")
    assert lesson.evaluate("document.activeElement.dataset.cueIndex") == "1"
    # Scrolled far away, the focused line's element goes, and focus stays in the list.
    scroll_list_to(lesson, 0.8)
    assert lesson.evaluate(f"document.activeElement === {LIST}")
    stops = f"{LIST}.querySelectorAll('[tabindex=\"0\"]').length"
    assert lesson.evaluate(stops) == 1
    lesson.keyboard.press("ArrowDown")  # back onto a line, one in view
    assert lesson.evaluate("Number(document.activeElement.dataset.cueIndex)") + 1 in visible(lesson)
    assert lesson.evaluate(stops) == 1


def test_search_counts_matches_in_lines_not_drawn_and_steps_to_them(lesson):
    search(lesson, "beacon")
    assert lesson.locator("#search-count").inner_text() == f"1 of {len(MARKED)} matches"
    lesson.locator("#transcript-search").press("ArrowUp")  # wraps to the last match
    assert lesson.locator("#search-count").inner_text() == f"{len(MARKED)} of {len(MARKED)} matches"
    current = lesson.locator(".transcript mark.is-current")
    assert current.count() == 1 and current.inner_text() == "beacon"
    line = current.locator("xpath=ancestor::li").get_attribute("aria-posinset")
    assert int(line) == MARKED[-1] + 1 and int(line) in visible(lesson)
    lesson.locator("#transcript-search").press("Enter")
    wait_active(lesson, MARKED[-1])


def test_a_words_meaning_closes_when_its_line_is_scrolled_away(lesson):
    term = lesson.locator('.transcript .term[data-term="beacon"]').first
    term.click()
    card = lesson.locator("#term-card")
    assert card.is_visible() and "signal fire" in card.inner_text()
    scroll_list_to(lesson, 0.6)  # the line is dropped, and the card with it
    assert not card.is_visible()
    assert lesson.locator('.transcript .term[aria-expanded="true"]').count() == 0


def test_a_narrow_screen_re_measures_the_lines_and_keeps_the_active_one_in_view(lesson):
    seek(lesson, (500 + 2 * 1200 + 1) / 1000)
    wait_active(lesson, 1200)
    lesson.set_viewport_size({"width": 390, "height": 844})
    lesson.wait_for_timeout(300)
    seek(lesson, (500 + 2 * 1210 + 1) / 1000)
    wait_active(lesson, 1210)
    lesson.wait_for_timeout(600)
    assert 1211 in visible(lesson)
    screenshot(lesson, "long-transcript-phone")


# --- drawn exactly as the server renders -------------------------------------------------

NORMALIZED = """(lang) => {
  const skip = new Set(["aria-posinset", "aria-setsize", "tabindex"]);
  const norm = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    const attrs = {};
    for (const a of node.attributes) {
      if (skip.has(a.name)) continue;
      attrs[a.name] = a.name === "data-start" || a.name === "data-end" ? Number(a.value) : a.value;
    }
    const children = [...node.childNodes].filter(
      (c) => !(node.matches("li") && c.nodeType === Node.TEXT_NODE && !c.data.trim()));
    return [node.tagName, attrs, children.map(norm)];
  };
  return [...document.querySelectorAll(`.transcript[lang="${lang}"] .line-item`)].map((li) => {
    const copy = li.cloneNode(true);
    copy.normalize();
    return norm(copy);
  });
}"""


def test_a_drawn_line_is_the_element_the_server_renders(browser, viewer_app, live_server):
    """The sample lesson (voices, timed words, glossary terms, markup as text, a Spanish
    translation) with every transcript rendered, and with every one drawn by the browser."""
    base = live_server(viewer_app)
    pages = {}
    for limit in (2000, 0):
        viewer_app.config["FULL_TRANSCRIPT_MAX_LINES"] = limit
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_lesson(page, base + "/lessons/sample")
        pages[limit] = page
    rendered, drawn_lines = (
        pages[2000].evaluate(NORMALIZED, "en"),
        pages[0].evaluate(NORMALIZED, "en"),
    )
    assert len(rendered) == 4 and drawn_lines == rendered
    assert pages[0].locator(".transcript[data-window]").count() == 2
    for page in pages.values():
        page.get_by_label("Language").select_option("es")
    assert pages[0].evaluate(NORMALIZED, "es") == pages[2000].evaluate(NORMALIZED, "es")
    assert len(pages[0].evaluate(NORMALIZED, "es")) == 4
    for page in pages.values():
        page.close()


def test_fixture_has_what_the_comparison_needs():
    """The comparison above covers a voice, timed words, a glossary term and markup."""
    text = (FIXTURES / "sample" / "sample.vtt").read_text()
    assert "<v Dr. Lee>" in text and "<00:00:04.000>" in text and "<script>" in text
    assert "Tumour" in (FIXTURES / "viewer" / "sample.glossary.toml").read_text()


def test_a_language_that_is_not_a_tag_cannot_blank_a_long_transcript(
    page, lesson_dirs, live_server
):
    """`language = 'en"] x'` once went into a selector and left the transcript empty."""
    captions, media = lesson_dirs
    (captions / "sample.vtt").write_text(long_vtt(50), encoding="utf-8")
    (captions / "sample.toml").write_text("title = 'Tags'\nlanguage = 'en\"] x'\n")
    app = create_app(
        captions, media, test_config={"TESTING": True, "FULL_TRANSCRIPT_MAX_LINES": 10}
    )
    open_lesson(page, live_server(app) + "/lessons/sample")
    page.wait_for_function("() => document.querySelectorAll('.transcript .line-item').length > 0")
    assert page.locator(".transcript").get_attribute("lang") == "en"
    assert page.errors == []
