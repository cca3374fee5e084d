"""axe-core finds no accessibility violations in any state of the lesson page.

The `audit` fixture (conftest.py) runs axe-core in a browser context of its own that lets it
in past the page's CSP; every other test runs under the real policy.
"""

from __future__ import annotations

import pytest
from viewer_support import line, search, seek

pytestmark = pytest.mark.browser


def test_first_load(audit):
    open_page, check = audit
    check(open_page(), "first-load")


def test_playing(audit):
    open_page, check = audit
    page = open_page()
    seek(page, 3.3)
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("() => document.querySelector('.word.is-spoken')", timeout=10000)
    check(page, "playing")
    page.evaluate("document.getElementById('video').pause()")


def test_search_with_hits(audit):
    open_page, check = audit
    page = open_page()
    search(page, "the")
    page.get_by_role("button", name="Next match").click()
    check(page, "search-with-hits")


def test_glossary_open(audit):
    open_page, check = audit
    page = open_page()
    page.locator(line(1)).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.locator("#term-card").is_visible()
    check(page, "glossary-open")


def test_help_dialog_open(audit):
    open_page, check = audit
    page = open_page()
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    check(page, "help-dialog-open")


def test_settings_open_resume_offered_in_spanish(audit):
    open_page, check = audit
    page = open_page()
    page.evaluate("localStorage.setItem('lesson-player:position:sample', '3.6')")
    page.reload()
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Language").select_option("es")
    assert page.locator(".resume").is_visible()
    check(page, "settings-open-spanish")


def test_320px_wide(audit):
    open_page, check = audit
    page = open_page(width=320, height=640)
    seek(page, 1.6)
    check(page, "320px")


def test_dark_theme(audit):
    open_page, check = audit
    page = open_page(color_scheme="dark")
    seek(page, 4.2)
    search(page, "spread")
    check(page, "dark-theme")


def test_dark_theme_glossary_open_on_a_phone(audit):
    open_page, check = audit
    page = open_page(width=320, height=640, color_scheme="dark")
    page.locator("#en-cue-1 .term").first.click()
    check(page, "dark-320px-glossary-open")


def test_the_catalogue(audit, viewer_app, live_server, lesson_dirs):
    (lesson_dirs[0] / "other.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
    open_page, check = audit
    check(open_page(url=live_server(viewer_app) + "/lessons"), "catalogue")


def test_a_long_transcript_drawn_near_the_viewport(audit, viewer_app, live_server):
    """The sample lesson with its transcripts drawn by the browser, as a long one is."""
    viewer_app.config["FULL_TRANSCRIPT_MAX_LINES"] = 0
    open_page, check = audit
    page = open_page(url=live_server(viewer_app) + "/lessons/sample")
    assert page.locator(".transcript[data-window] .line-item").count() == 4
    seek(page, 3.6)
    search(page, "the")
    check(page, "long-transcript")
