"""Search across lessons in Chromium: from the results to the moment, its words lit in the
transcript; keyboard only; no accessibility violations on the results page."""

from __future__ import annotations

import pytest
from conftest import sample_app, serving
from search_support import write_lesson
from viewer_support import screenshot

pytestmark = pytest.mark.browser

LIT = """() => {
  const lit = CSS.highlights.get('search-hit');
  return lit ? [...lit].map((r) => [r.toString(),
    r.startContainer.parentElement.closest('.line-item').querySelector('.line').dataset.start]) : null;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, clip):
    """The sample lesson (with the viewer's glossary) and a second lesson, served."""
    from player.search import search_index

    index = tmp_path_factory.mktemp("index") / "search.sqlite"
    app = sample_app(tmp_path_factory, clip, SEARCH_INDEX=str(index))
    captions, media = app.config["CAPTIONS_DIR"], app.config["MEDIA_DIR"]
    write_lesson(captions, media, "back-pain", ["Back pain can spread to the legs."],
                 title="Back pain", topics=["spine"])  # fmt: skip
    with serving(app) as base:
        yield base
    search_index(app).store.close()


def lit(page) -> list[list[str]]:
    """The words lit as a search's hit (their code loads on such a link: waited for), each
    with the start of the transcript line it is in."""
    page.wait_for_function("() => CSS.highlights.has('search-hit')")
    return page.evaluate(LIT)


def wait_for_moment(page, seconds: float) -> None:
    page.wait_for_function(
        "(t) => { const v = document.getElementById('video');"
        " return v.readyState >= 1 && Math.abs(v.currentTime - t) < 0.01; }",
        arg=seconds,
    )


def test_a_moment_opens_its_lesson_at_its_time_with_the_hit_lit(page, site):
    page.goto(f'{site}/search?q="spread to the legs"')
    page.locator('.search-moments a[href*="t=3.5"]').click()
    wait_for_moment(page, 3.5)
    assert lit(page) == [["spread to the legs", "3.5"]]
    screenshot(page, "search-moment-lit")
    assert page.errors == []


def test_the_words_of_a_glossary_term_are_lit_inside_its_link(page, site):
    page.goto(f"{site}/search?q=tumours")
    page.locator(".search-moments a").first.click()
    wait_for_moment(page, 1.5)
    assert lit(page) == [["tumours", "1.5"]]


def test_search_is_reached_and_used_with_the_keyboard_only(page, site):
    page.goto(f"{site}/lessons/sample")

    def tab_to(selector: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#site-search")
    page.keyboard.type("thoracic")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=thoracic")
    tab_to(".search-moments a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessons/sample#t=1.5*")
    wait_for_moment(page, 1.5)
    assert lit(page) == [["thoracic", "1.5"]]


@pytest.mark.parametrize(
    ("query", "width", "height", "scheme"),
    [
        ("spread", 1366, 768, "light"),
        ("spread", 390, 844, "dark"),
        ("elbow", 1366, 768, "light"),
        ("", 390, 844, "light"),
    ],
)
def test_the_results_page_has_no_accessibility_violations(
    audit, site, query, width, height, scheme
):
    open_page, check = audit
    page = open_page(
        width=width, height=height, color_scheme=scheme, url=f"{site}/search?q={query}"
    )
    check(page, f"search-{query or 'empty'}-{width}-{scheme}")


def test_the_catalogue_with_topics_and_search_has_no_accessibility_violations(audit, site):
    open_page, check = audit
    check(open_page(url=f"{site}/lessons?topic=spine"), "catalogue-topic")
