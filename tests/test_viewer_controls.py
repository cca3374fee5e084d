"""The player's own control bar: every control by keyboard and pointer, named for a screen
reader, at least 44x44 px, with a focus ring that is visible, contrasting and never clipped."""

import pytest
from viewer_support import VIDEO, open_lesson, screenshot, seek

pytestmark = pytest.mark.browser

T = f"{VIDEO}.currentTime"
BAR = ".control-bar"

# What has focus, its box, its focus ring and what might clip it, from computed styles.
FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let backdrop = null;
  for (let node = el.parentElement; node && !backdrop; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') backdrop = bg;
  }
  const clips = [];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const s = getComputedStyle(node);
    if ([s.overflowX, s.overflowY].some((o) => o !== 'visible')) {
      const r = node.getBoundingClientRect();
      clips.push({left: r.left, top: r.top, right: r.right, bottom: r.bottom, name: node.className});
    }
  }
  return {
    name: el.getAttribute('aria-label') || el.textContent.trim() || el.className,
    cls: el.className, tag: el.tagName, inBar: Boolean(el.closest('.control-bar')),
    style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    offset: parseFloat(style.outlineOffset), color: style.outlineColor, backdrop,
    box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
          width: box.width, height: box.height},
    clips,
  };
}"""


def rgb(css: str) -> tuple[float, ...]:
    inner = css[css.index("(") + 1 : css.index(")")].replace("/", ",")
    return tuple(float(v) for v in inner.split(",")[:3])


def contrast(a: str, b: str) -> float:
    def luminance(color):
        channels = [c / 255 for c in rgb(color)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def lesson(page, viewer_url):
    open_lesson(page, viewer_url)
    return page


def test_the_control_bar_replaces_the_browsers_controls(lesson):
    assert lesson.locator(BAR).is_visible()
    assert lesson.evaluate(f"{VIDEO}.controls") is False
    # The video has a name of its own for screen readers.
    assert lesson.get_by_label("Video: Sample lesson").count() == 1 or lesson.evaluate(
        f"{VIDEO}.getAttribute('aria-label').startsWith('Video: ')"
    )
    bar = lesson.get_by_role("group", name="Video controls")
    for name in ["Play", "Transcript", "Mute", "Settings", "Theatre mode", "Full screen"]:
        assert bar.get_by_role("button", name=name, exact=True).is_visible(), name
    assert bar.get_by_role("slider", name="Seek").is_visible()
    # In a narrow player the volume level pops up over the mute button, on hover or focus.
    bar.get_by_role("button", name="Mute").hover()
    assert bar.get_by_role("slider", name="Volume").is_visible()


def test_a_keyboard_walk_through_the_bar_finds_every_control_with_a_clear_ring(lesson):
    lesson.locator(".seek").focus()
    seen = []
    for _ in range(20):
        ring = lesson.evaluate(FOCUS_RING)
        if not ring["inBar"]:
            break
        seen.append(ring["name"])
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert contrast(ring["color"], ring["backdrop"]) >= 3, ring
        assert ring["box"]["width"] >= 44 and ring["box"]["height"] >= 44, ring
        reach = ring["width"] + max(ring["offset"], 0)
        for clip in ring["clips"]:
            assert ring["box"]["left"] - reach >= clip["left"] - 0.5, (ring["name"], clip)
            assert ring["box"]["right"] + reach <= clip["right"] + 0.5, (ring["name"], clip)
            assert ring["box"]["top"] - reach >= clip["top"] - 0.5, (ring["name"], clip)
            assert ring["box"]["bottom"] + reach <= clip["bottom"] + 0.5, (ring["name"], clip)
        lesson.keyboard.press("Tab")
    assert seen[0] == "Seek"
    for name in ["Play", "Transcript", "Mute", "Volume", "Settings", "Theatre mode", "Full screen"]:
        assert any(name in s for s in seen), (name, seen)
    assert any(s.startswith("Captions") for s in seen), seen
    assert any(s.startswith("Speed") for s in seen), seen


@pytest.mark.parametrize("size,scheme", [((1280, 800), "light"), ((390, 844), "dark")])
def test_every_control_on_the_page_shows_a_clear_unclipped_ring_when_tabbed_to(
    browser, viewer_url, size, scheme
):
    """The whole page by Tab, not only the bar: each stop's ring is solid, at least 2 px,
    3:1 against what is behind it, and inside every box that could clip it."""
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
    )
    lesson = context.new_page()
    open_lesson(lesson, viewer_url)
    lesson.locator("h1").click()
    seen = set()
    for _ in range(80):
        lesson.keyboard.press("Tab")
        ring = lesson.evaluate(FOCUS_RING)
        key = (ring["cls"], round(ring["box"]["top"]), round(ring["box"]["left"]))
        if key in seen or ring["tag"] == "BODY":
            break  # round the page once
        seen.add(key)
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert contrast(ring["color"], ring["backdrop"] or "rgb(255, 255, 255)") >= 3, ring
        reach = ring["width"] + max(ring["offset"], 0)
        for clip in ring["clips"]:
            assert ring["box"]["left"] - reach >= clip["left"] - 0.5, (ring["name"], clip)
            assert ring["box"]["right"] + reach <= clip["right"] + 0.5, (ring["name"], clip)
    context.close()
    assert len(seen) >= 20  # the bar, the tabs, the transcript head, a line, chapters, links


def test_the_seek_slider_moves_by_keyboard_and_says_where_in_words(lesson):
    slider = lesson.get_by_role("slider", name="Seek")
    slider.focus()
    lesson.keyboard.press("ArrowRight")
    assert lesson.evaluate(T) == 5
    lesson.keyboard.press("ArrowLeft")
    assert lesson.evaluate(T) == 0
    lesson.keyboard.press("End")
    duration = lesson.evaluate(f"{VIDEO}.duration")
    assert duration - 0.2 <= lesson.evaluate(T) < duration
    lesson.keyboard.press("Home")
    assert lesson.evaluate(T) == 0
    lesson.keyboard.press("PageUp")
    assert lesson.evaluate(T) == 10 or lesson.evaluate(T) >= duration - 0.2
    seek(lesson, 3.5)
    lesson.wait_for_function(
        "() => document.querySelector('.seek').getAttribute('aria-valuenow') === '3'"
    )
    text = slider.get_attribute("aria-valuetext")
    assert text.startswith("3 seconds of "), text
    assert ", chapter 2 of 2: " in text, text
    assert lesson.evaluate(f"{VIDEO}.paused") is True, "seeking does not start playback"


def test_the_chapters_are_marked_on_the_seek_bar_where_they_start(lesson):
    chapters = lesson.evaluate(
        "JSON.parse(document.getElementById('lesson-data').textContent).chapters"
    )
    marks = lesson.locator(".seek-mark:not([hidden])")
    later = [c for c in chapters if c["start"] > 0]
    assert marks.count() == len(later) >= 1
    track = lesson.locator(".seek-track").bounding_box()
    duration = lesson.evaluate(f"{VIDEO}.duration")
    for i, chapter in enumerate(later):
        box = marks.nth(i).bounding_box()
        at = (box["x"] + box["width"] / 2 - track["x"]) / track["width"]
        assert abs(at - chapter["start"] / duration) < 0.01


def test_hovering_the_seek_bar_shows_the_time_and_chapter_there(lesson):
    slider = lesson.locator(".seek")
    box = slider.bounding_box()
    duration = lesson.evaluate(f"{VIDEO}.duration")
    lesson.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    tip = lesson.locator(".seek-tip")
    assert tip.is_visible()
    seconds = int(duration * 0.8)
    assert lesson.locator(".seek-tip-time").inner_text() == f"0:{seconds:02d}"
    chapters = lesson.evaluate(
        "JSON.parse(document.getElementById('lesson-data').textContent).chapters"
    )
    assert lesson.locator(".seek-tip-chapter").inner_text() == chapters[-1]["title"]
    screenshot(lesson, "controls-seek-tooltip")
    lesson.mouse.move(0, 0)
    assert tip.is_hidden()


def test_focus_on_the_seek_bar_shows_the_tooltip_at_the_current_time(lesson):
    seek(lesson, 2.0)
    lesson.locator(".seek").focus()
    assert lesson.locator(".seek-tip").is_visible()
    assert lesson.locator(".seek-tip-time").inner_text() == "0:02"


def test_pressing_and_dragging_on_the_seek_bar_seeks(lesson):
    box = lesson.locator(".seek").bounding_box()
    duration = lesson.evaluate(f"{VIDEO}.duration")
    y = box["y"] + box["height"] / 2
    lesson.mouse.move(box["x"] + 8 + (box["width"] - 16) * 0.25, y)
    lesson.mouse.down()
    lesson.mouse.move(box["x"] + box["width"] * 0.5, y, steps=4)
    lesson.mouse.up()
    lesson.wait_for_function(f"() => Math.abs({T} - {duration} * 0.5) < {duration} * 0.03")


def test_the_play_button_plays_and_pauses_and_says_which(lesson):
    play = lesson.locator(".cb-play")
    assert play.get_attribute("aria-label") == "Play"
    play.click()
    lesson.wait_for_function(f"() => !{VIDEO}.paused")
    lesson.wait_for_function("() => document.querySelector('.cb-play').ariaLabel === 'Pause'")
    play.click()
    lesson.wait_for_function(f"() => {VIDEO}.paused")
    lesson.wait_for_function("() => document.querySelector('.cb-play').ariaLabel === 'Play'")


def test_a_click_on_the_picture_plays_and_pauses(lesson):
    lesson.locator("#video").click()
    lesson.wait_for_function(f"() => !{VIDEO}.paused")
    lesson.locator("#video").click()
    lesson.wait_for_function(f"() => {VIDEO}.paused")


def test_the_elapsed_and_total_time_are_shown(lesson):
    seek(lesson, 4.2)
    assert lesson.locator(".cb-elapsed").inner_text() == "0:04"
    duration = lesson.evaluate(f"{VIDEO}.duration")
    assert lesson.locator(".cb-total").inner_text() == f"0:{int(duration):02d}"


def test_speed_goes_from_half_to_double_by_keyboard_and_is_remembered(lesson, viewer_url):
    assert lesson.get_by_role("button", name="Speed 1×").count() == 1
    speed = lesson.locator(".cb-speed")
    speed.focus()
    lesson.keyboard.press("Enter")
    assert speed.get_attribute("aria-expanded") == "true"
    menu = lesson.get_by_role("group", name="Speed")
    options = menu.get_by_role("radio").all()
    assert [o.get_attribute("value") for o in options] == [
        "0.5",
        "0.75",
        "1",
        "1.25",
        "1.5",
        "1.75",
        "2",
    ]
    assert lesson.evaluate("document.activeElement.value") == "1", "focus on the chosen speed"
    screenshot(lesson, "controls-speed-menu")
    lesson.keyboard.press("ArrowUp")
    lesson.keyboard.press("ArrowUp")
    assert lesson.evaluate(f"{VIDEO}.playbackRate") == 0.5
    lesson.keyboard.press("Escape")
    assert speed.get_attribute("aria-expanded") == "false"
    assert lesson.evaluate("document.activeElement.classList.contains('cb-speed')")
    assert lesson.locator(".cb-rate").inner_text() == "0.5×"
    assert lesson.get_by_role("button", name="Speed 0.5×").count() == 1
    open_lesson(lesson, viewer_url)
    assert lesson.evaluate(f"{VIDEO}.playbackRate") == 0.5
    assert lesson.locator(".cb-rate").inner_text() == "0.5×"


def test_a_menu_closes_when_focus_or_a_click_goes_elsewhere(lesson):
    settings = lesson.get_by_role("button", name="Settings")
    settings.click()
    assert lesson.locator("#settings-menu").is_visible()
    assert lesson.get_by_label("Caption size").is_visible()
    lesson.locator("h1").click()
    assert lesson.locator("#settings-menu").is_hidden()
    assert settings.get_attribute("aria-expanded") == "false"


def test_mute_and_volume(lesson, viewer_url):
    lesson.evaluate(f"{VIDEO}.muted = false")
    mute = lesson.locator(".cb-mute")
    assert mute.get_attribute("aria-pressed") == "false"
    mute.click()
    assert lesson.evaluate(f"{VIDEO}.muted") is True
    assert mute.get_attribute("aria-pressed") == "true"
    mute.click()
    volume = lesson.get_by_role("slider", name="Volume")
    volume.focus()
    for _ in range(4):
        lesson.keyboard.press("ArrowLeft")
    assert lesson.evaluate(f"{VIDEO}.volume") == pytest.approx(0.8)
    assert volume.get_attribute("aria-valuetext") == "80 percent"
    open_lesson(lesson, viewer_url)
    assert lesson.evaluate(f"{VIDEO}.volume") == pytest.approx(0.8), "the level is remembered"


def test_the_transcript_button_hides_and_shows_the_transcript(lesson, viewer_url):
    button = lesson.get_by_role("button", name="Transcript", exact=True)
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert lesson.locator("#transcript-panel").is_hidden()
    assert button.get_attribute("aria-pressed") == "false"
    open_lesson(lesson, viewer_url)
    assert lesson.locator("#transcript-panel").is_hidden(), "remembered"
    lesson.locator("h1").click()
    lesson.keyboard.press("/")  # searching brings it back
    assert lesson.locator("#transcript-panel").is_visible()
    assert lesson.evaluate("document.activeElement.id") == "transcript-search"


def test_theatre_mode_widens_the_video_and_keeps_the_transcript_in_reach(lesson):
    before = lesson.locator(".video-frame").bounding_box()["width"]
    lesson.get_by_role("button", name="Theatre mode").click()
    assert lesson.get_by_role("button", name="Theatre mode").get_attribute("aria-pressed") == "true"
    after = lesson.locator(".video-frame").bounding_box()["width"]
    assert after > before * 1.2
    assert lesson.locator("#transcript-panel").is_visible()
    screenshot(lesson, "controls-theatre")


def test_full_screen_takes_the_video_and_the_transcript_together(lesson):
    lesson.get_by_role("button", name="Full screen").click()
    lesson.wait_for_function("() => document.fullscreenElement?.classList.contains('stage')")
    assert lesson.locator(".cb-fullscreen").get_attribute("aria-pressed") == "true"
    assert lesson.locator("#transcript-panel").is_visible()
    video = lesson.locator(".video-frame").bounding_box()
    panel = lesson.locator("#transcript-panel").bounding_box()
    assert (
        panel["x"] >= video["x"] + video["width"] - 1
        or panel["y"] >= video["y"] + video["height"] - 1
    )
    screenshot(lesson, "controls-fullscreen")
    lesson.get_by_role("button", name="Exit full screen").click()
    lesson.wait_for_function("() => !document.fullscreenElement")


def test_picture_in_picture_is_offered_only_where_the_browser_has_it(lesson):
    has = lesson.evaluate(f"document.pictureInPictureEnabled && !{VIDEO}.disablePictureInPicture")
    assert lesson.locator(".cb-pip").is_visible() == has


def test_the_resume_offer_goes_once_playback_starts_elsewhere(lesson, viewer_url):
    lesson.evaluate("localStorage.setItem('lesson-player:position:sample', '3.6')")
    open_lesson(lesson, viewer_url)
    resume = lesson.locator(".resume")
    assert resume.is_visible()
    lesson.locator(".cb-play").click()
    resume.wait_for(state="hidden")  # on the video's play event, a task after the click


def test_on_a_touch_screen_there_is_no_shortcuts_button(browser, viewer_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        open_lesson(page, viewer_url)
        assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
        assert page.locator(".open-shortcuts").is_hidden()
        assert page.locator(".cb-volume-level").is_hidden(), "phones have volume keys"
        assert page.locator(BAR).is_visible()
        screenshot(page, "controls-phone-touch")
    finally:
        context.close()


def test_the_bar_fits_a_phone_without_overflowing(browser, viewer_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_lesson(page, viewer_url)
        bar = page.locator(BAR).bounding_box()
        assert bar["x"] >= 0 and bar["x"] + bar["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for button in page.locator(f"{BAR} .cb-button:visible").all():
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44
            assert box["x"] + box["width"] <= 390
    finally:
        context.close()


@pytest.mark.parametrize(
    "state",
    ["speed-menu", "settings-menu", "theatre", "phone-settings-menu", "dark-speed-menu"],
)
def test_no_accessibility_violations_in_the_control_bars_states(audit, state):
    open_page, check = audit
    size = {"width": 390, "height": 844} if state.startswith("phone") else {}
    page = open_page(color_scheme="dark" if state.startswith("dark") else "light", **size)
    if state.endswith("speed-menu"):
        page.locator(".cb-speed").click()
    elif state.endswith("settings-menu"):
        page.locator(".cb-settings").click()
    else:
        page.locator(".cb-theatre").click()
    check(page, f"controls-{state}")
