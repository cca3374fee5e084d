"""The page's shape: side by side on wide screens, stacked on phones down to 320 px with the
video kept in view, light and dark themes, landmarks and headings, chapter announcements,
reduced motion, and the catalogue."""

import subprocess

import pytest
from viewer_support import open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

BOX = "(s) => { const r = document.querySelector(s).getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_at_320px_nothing_scrolls_sideways_and_the_video_stays_in_view(phone, lesson_url):
    open_lesson(phone, lesson_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(phone, "layout-320-top")
    phone.locator(".glossary").scroll_into_view_if_needed()
    video = phone.evaluate(BOX, ".video-frame")
    assert video["top"] >= 0 and video["bottom"] <= 640 * 0.45
    screenshot(phone, "layout-320-reading-glossary")


def test_on_a_phone_focus_is_never_hidden_under_the_video(phone, lesson_url):
    open_lesson(phone, lesson_url)
    phone.locator(".glossary").scroll_into_view_if_needed()
    link = ".downloads:not([hidden]) .download-text"
    phone.locator(link).focus()  # above the glossary: scrolled back into view
    video, link = phone.evaluate(BOX, ".video-frame"), phone.evaluate(BOX, link)
    assert link["top"] >= video["bottom"], (link, video)


def test_a_phone_on_its_side_does_not_pin_the_video(browser, lesson_url):
    context = browser.new_context(viewport={"width": 740, "height": 360})
    page = context.new_page()
    open_lesson(page, lesson_url)
    assert page.evaluate("getComputedStyle(document.querySelector('.media')).position") == "static"
    context.close()


def test_wide_screens_put_the_transcript_beside_the_video(page, lesson_url):
    open_lesson(page, lesson_url)
    video, transcript = page.evaluate(BOX, ".media"), page.evaluate(BOX, ".transcript-panel")
    assert transcript["left"] > video["right"]
    assert abs(transcript["top"] - video["top"]) < 2
    screenshot(page, "layout-wide-first-load")


def test_the_dark_theme_follows_the_system_setting(browser, lesson_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    page = context.new_page()
    open_lesson(page, lesson_url)
    seek(page, 4.2)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 24, 31)"
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(232, 238, 243)"
    screenshot(page, "layout-dark-theme")
    context.close()


def test_landmarks_and_headings_outline_the_page(page, lesson_url):
    open_lesson(page, lesson_url)
    headings = page.evaluate(
        "[...document.querySelectorAll('h1, h2')].filter(h => !h.closest('dialog')).map(h => h.tagName + ' ' + h.textContent)"
    )
    # The chapters follow the diagram: on a phone the transcript and the diagram are tabs
    # right under the video, and the reading order is the order on screen.
    assert headings == [
        "H1 Sample lesson",
        "H2 Transcript",
        "H2 Where in the body",
        "H2 Chapters",
        "H2 About this lesson",
        "H2 Glossary",
    ]
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("navigation", name="Chapters").count() == 1
    assert page.get_by_role("region", name="Where in the body").count() == 1
    assert page.get_by_role("list", name="Transcript").count() == 1


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_lesson(page, lesson_url):
    open_lesson(page, lesson_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("(e) => e === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_chapter_change_is_announced_politely_but_arriving_is_not(page, lesson_url):
    open_lesson(page, lesson_url)
    status = page.locator("#chapter-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == ""
    seek(page, 3.6)
    assert status.inner_text() == "Chapter 2 of 2: Symptoms"
    seek(page, 4.2)
    assert status.inner_text() == "Chapter 2 of 2: Symptoms"
    seek(page, 0.2)
    assert status.inner_text() == "Chapter 1 of 2: Where it spreads"
    current = page.locator('.chapter[aria-current="true"]').inner_text()
    assert current.split() == ["0:00", "Where", "it", "spreads"]


def test_reduced_motion_scrolls_the_transcript_at_once(
    browser, viewer_app, live_server, lesson_dirs
):
    cues = "".join(
        f"\n00:00:{i // 10:02d}.{i % 10}00 --> 00:00:{(i + 1) // 10:02d}.{(i + 1) % 10}00\nLine {i}\n"
        for i in range(60)
    )
    (lesson_dirs[0] / "sample.vtt").write_text("WEBVTT\n" + cues)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    open_lesson(page, live_server(viewer_app) + "/lessons/sample")
    page.evaluate("document.getElementById('video').currentTime = 5.05")
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"50\"]').ariaCurrent === 'true'"
    )
    # one frame for the scroll to be asked for, one for it to land: no smooth animation
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    item, box = page.evaluate(BOX, "#en-cue-50"), page.evaluate(BOX, ".transcript")
    assert box["top"] <= item["top"] and item["bottom"] <= box["bottom"]
    context.close()


def test_the_catalogue_lists_each_lessons_poster_title_length_and_summary(
    page, viewer_app, live_server, lesson_dirs, clip
):
    captions, media = lesson_dirs
    (captions / "other.vtt").write_text("WEBVTT\n\n00:01:00.000 --> 00:01:23.000\nHello\n")
    (captions / "other.toml").write_text('title = "Another lesson"\nsummary = "Short."\n')
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(clip), "-frames:v", "1", str(media / "other.jpg")],
        check=True,
    )
    page.goto(live_server(viewer_app) + "/lessons")
    items = page.locator(".catalogue-item")
    assert items.count() == 2
    first, second = items.nth(0), items.nth(1)
    assert first.locator("h2").inner_text() == "Another lesson"
    assert first.locator("img").evaluate("(img) => img.complete && img.naturalWidth") == 320
    assert first.locator("img").get_attribute("alt") == ""
    assert first.locator(".duration").inner_text() == "Length: 1:23"
    assert first.locator("time").get_attribute("datetime") == "PT83S"
    assert second.locator(".duration").inner_text() == "Length: 0:06"
    assert second.locator("p").last.inner_text() == "A seven-second clip with four known cues."
    assert second.get_by_role("link").get_attribute("href") == "/lessons/sample"
    screenshot(page, "catalogue")
