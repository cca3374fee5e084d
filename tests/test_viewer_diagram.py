"""The spine diagram on the page: labels readable on a laptop and a phone, a larger view that
zooms to what is lit and follows the narration (static/js/diagram-zoom.js), and on a phone a
tab right under the video (static/js/beside-tabs.js)."""

import pytest
from viewer_support import open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

BOX = "(s) => { const r = document.querySelector(s).getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height}; }"
# Every label line's size as drawn: its font size in drawing units times the drawing's scale,
# and the height of its box on screen.
LABEL_SIZES = """() => { const svg = document.querySelector('.spine'), scale = svg.getScreenCTM().a;
  return [...svg.querySelectorAll('text tspan')].map(t => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
    height: t.getBoundingClientRect().height })); }"""
VIEWPORTS = {
    "laptop-1366x768": (1366, 768),
    "phone-390x844": (390, 844),
    "laptop-at-200-percent": (683, 384),
}


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


@pytest.fixture
def at_size(browser):
    contexts = []

    def open_at(width, height, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield open_at
    for context in contexts:
        context.close()


def show_diagram(page) -> None:
    """On a narrow screen the diagram is a tab: choose it."""
    tab = page.locator("#tab-diagram")
    if tab.is_visible():
        tab.click()


def open_larger_view(page) -> None:
    page.locator(".diagram-enlarge").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('diagram-dialog').open")
    page.wait_for_function("() => document.querySelector('.diagram-stage .spine')")


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_every_label_is_at_least_12_css_px(at_size, lesson_url, viewport):
    page = at_size(*viewport)
    open_lesson(page, lesson_url)
    show_diagram(page)
    sizes = page.evaluate(LABEL_SIZES)
    assert len(sizes) >= 25
    small = [s for s in sizes if s["px"] < 12 or s["height"] < 12]
    assert not small, small


def test_the_drawing_is_at_least_270_px_wide_beside_the_video_at_1366(at_size, lesson_url):
    page = at_size(1366, 768)
    open_lesson(page, lesson_url)
    drawing, media = page.evaluate(BOX, ".diagram .spine"), page.evaluate(BOX, ".media")
    transcript = page.evaluate(BOX, ".transcript-panel")
    assert drawing["right"] - drawing["left"] >= 270
    assert media["right"] < drawing["left"] < drawing["right"] < transcript["left"]
    assert drawing["bottom"] <= 768  # all of it on the first screen


@pytest.mark.parametrize(
    "viewport", [(1366, 768), (390, 844)], ids=["laptop-1366x768", "phone-390x844"]
)
def test_the_larger_view_shows_a_lit_vertebra_at_least_24_px_tall(at_size, lesson_url, viewport):
    page = at_size(*viewport)
    open_lesson(page, lesson_url)
    seek(page, 2.0)  # "thoracic t7"
    show_diagram(page)
    assert page.evaluate(BOX, '[data-level="t7"] .vb')["height"] < 24  # on the page
    open_larger_view(page)
    page.wait_for_function(
        "() => document.querySelector('[data-level=\"t7\"] .vb').getBoundingClientRect().height >= 24"
    )
    vertebra, stage = (
        page.evaluate(BOX, '[data-level="t7"] .vb'),
        page.evaluate(BOX, ".diagram-stage"),
    )
    assert stage["top"] <= vertebra["top"] and vertebra["bottom"] <= stage["bottom"]
    assert stage["left"] <= vertebra["left"] and vertebra["right"] <= stage["right"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    screenshot(page, f"diagram-larger-view-{viewport[0]}")


def test_the_larger_view_follows_the_narration_live(page, lesson_url):
    open_lesson(page, lesson_url)
    seek(page, 1.0)  # cervical
    open_larger_view(page)
    caption = page.locator("#diagram-dialog .now-showing")
    assert caption.get_attribute("aria-live") == "polite"
    assert "cervical" in caption.inner_text()
    before = page.locator(".spine").get_attribute("viewBox")
    seek(page, 4.0)  # nerves and legs
    page.wait_for_function(
        "(b) => document.querySelector('.spine').getAttribute('viewBox') !== b", arg=before
    )
    assert "nerves" in caption.inner_text() and "legs" in caption.inner_text()
    page.wait_for_timeout(400)  # the zoom's short glide
    leg, stage = (
        page.evaluate(BOX, '[data-region="legs"] .limb'),
        page.evaluate(BOX, ".diagram-stage"),
    )
    assert leg["top"] < stage["bottom"] and leg["bottom"] > stage["top"]


def test_zoom_to_the_highlight_can_be_turned_off(page, lesson_url):
    open_lesson(page, lesson_url)
    seek(page, 2.0)
    open_larger_view(page)
    follow = page.get_by_role("button", name="Zoom to the highlight")
    assert follow.get_attribute("aria-pressed") == "true"
    follow.click()
    assert follow.get_attribute("aria-pressed") == "false"
    page.wait_for_function(
        "() => document.querySelector('.spine').getAttribute('viewBox') === '0.00 0.00 360.00 640.00'"
    )


def test_escape_closes_the_larger_view_and_puts_the_drawing_back(page, lesson_url):
    open_lesson(page, lesson_url)
    seek(page, 2.0)
    open_larger_view(page)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('diagram-dialog').open")
    # The drawing goes back on the dialog's close event, a task after Escape.
    page.wait_for_function("() => document.querySelector('.diagram-figure > .spine')")
    assert page.locator(".diagram-figure > .spine").count() == 1
    assert page.locator(".diagram > .now-showing").count() == 1
    assert page.locator(".spine").get_attribute("viewBox") == "0 0 360 640"
    assert page.evaluate("document.activeElement.className").startswith("diagram-enlarge")
    assert page.locator("#now-showing").get_attribute("aria-live") is None


def test_a_click_on_the_drawing_opens_the_larger_view(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator(".diagram .spine").click()
    page.wait_for_function("() => document.getElementById('diagram-dialog').open")


def test_on_a_phone_the_diagram_is_a_tab_right_under_the_video(at_size, lesson_url):
    page = at_size(390, 844, has_touch=True, is_mobile=True)
    open_lesson(page, lesson_url)
    seek(page, 2.0)
    tabs, media = page.evaluate(BOX, ".beside-tabs"), page.evaluate(BOX, ".media")
    assert 0 <= tabs["top"] - media["bottom"] <= 80  # only the (often empty) tools between
    assert page.locator(".diagram").is_hidden()
    page.locator("#tab-diagram").tap()
    assert page.locator("#tab-diagram").get_attribute("aria-selected") == "true"
    assert page.locator(".transcript-panel").is_hidden()
    drawing = page.evaluate(BOX, ".diagram .spine")
    assert drawing["top"] < 844  # within one screen of the video, not ~1,700 px below
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#tab-transcript").tap()
    assert page.locator(".transcript-panel").is_visible()
    assert page.locator(".diagram").is_hidden()


def test_the_tabs_follow_the_tabs_pattern_by_keyboard(at_size, lesson_url):
    page = at_size(390, 844)
    open_lesson(page, lesson_url)
    assert page.get_by_role("tablist", name="Beside the video").is_visible()
    transcript_tab = page.get_by_role("tab", name="Transcript")
    assert transcript_tab.get_attribute("aria-selected") == "true"
    assert page.locator("#tab-diagram").get_attribute("tabindex") == "-1"
    transcript_tab.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-diagram"
    assert page.get_by_role("tabpanel", name="Where in the body").is_visible()
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.id") == "tab-transcript"
    assert page.get_by_role("tabpanel", name="Transcript").is_visible()
    page.keyboard.press("End")
    page.keyboard.press("Tab")  # into the diagram: its enlarge button
    assert page.evaluate("document.activeElement.className").startswith("diagram-enlarge")


def test_wide_screens_show_both_panels_as_landmarks_without_tabs(page, lesson_url):
    open_lesson(page, lesson_url)
    assert page.locator(".beside-tabs").is_hidden()
    assert page.get_by_role("tabpanel").count() == 0
    assert page.get_by_role("region", name="Where in the body").is_visible()
    assert page.locator(".transcript-panel").is_visible()


def test_the_search_shortcut_brings_the_transcript_tab_back(at_size, lesson_url):
    page = at_size(390, 844)
    open_lesson(page, lesson_url)
    page.locator("#tab-diagram").click()
    page.locator("h1").click()
    page.keyboard.press("/")
    assert page.locator("#tab-transcript").get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "transcript-search"


@pytest.mark.parametrize(
    "viewport", [(1366, 768), (390, 844)], ids=["laptop-1366x768", "phone-390x844"]
)
def test_no_accessibility_violations_with_the_larger_diagram_open(audit, viewport):
    open_page, check = audit
    page = open_page(width=viewport[0], height=viewport[1], color_scheme="dark")
    seek(page, 2.0)
    show_diagram(page)
    open_larger_view(page)
    check(page, f"dark-{viewport[0]}-diagram-larger-view")


def test_no_accessibility_violations_on_the_phones_diagram_tab(audit):
    open_page, check = audit
    page = open_page(width=390, height=844, color_scheme="dark")
    seek(page, 2.0)
    show_diagram(page)
    check(page, "dark-390-diagram-tab")
