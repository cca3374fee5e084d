"""What a viewer sees, in Debian's Chromium against the real server and a real clip."""

import pytest

pytestmark = pytest.mark.browser

# Records, in the page, every change of the active line and of the lit regions with the
# media time at which it happened (MutationObserver callbacks run in the same task).
RECORDER = """
() => {
  const video = document.getElementById('video');
  window.changes = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      if (r.attributeName === 'aria-current' && el.matches('.line') && el.getAttribute('aria-current'))
        window.changes.push({kind: 'line', index: Number(el.dataset.cueIndex), t: video.currentTime});
      if (r.attributeName === 'data-active' && el.dataset.active)
        window.changes.push({kind: 'region', name: el.dataset.region || el.dataset.level, t: video.currentTime});
    }
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['aria-current', 'data-active']});
}
"""


@pytest.fixture
def lesson_url(app, live_server):
    return live_server(app) + "/lessons/sample"


def open_lesson(page, url):
    page.goto(url)
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.evaluate("document.getElementById('video').muted = true")


def play_through(page, until):
    page.evaluate(RECORDER)
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function(
        f"() => document.getElementById('video').currentTime >= {until}", timeout=15000
    )
    page.evaluate("document.getElementById('video').pause()")
    return page.evaluate("window.changes")


def test_page_loads_without_console_errors_or_csp_violations(page, lesson_url):
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
    )
    open_lesson(page, lesson_url)
    assert page.locator(".transcript .line").count() == 4
    assert page.evaluate("window.violations") == []
    assert page.errors == []


def test_browser_parses_the_same_cues_as_the_server(page, lesson_url, client):
    open_lesson(page, lesson_url)
    page.wait_for_function("() => document.getElementById('captions-track').readyState === 2")
    browser_cues = page.evaluate(
        """() => [...document.getElementById('video').textTracks[0].cues].map(
               c => ({id: c.id, start: c.startTime, end: c.endTime}))"""
    )
    server_cues = client.get("/api/lessons/sample").get_json()["cues"]
    assert browser_cues == [
        {"id": c["id"], "start": c["start"], "end": c["end"]} for c in server_cues
    ]


def test_playing_highlights_each_line_in_order_never_early(page, lesson_url):
    open_lesson(page, lesson_url)
    changes = play_through(page, until=6.0)
    lines = [c for c in changes if c["kind"] == "line"]
    assert [c["index"] for c in lines] == [0, 1, 2, 3]
    starts = [0.5, 1.5, 3.5, 5.0]
    for change, start in zip(lines, starts, strict=True):
        assert start <= change["t"] < start + 0.25, change
    assert page.locator('.line[aria-current="true"]').count() == 1
    assert page.errors == []


def test_playing_lights_the_regions_the_narration_is_about(page, lesson_url):
    open_lesson(page, lesson_url)
    changes = play_through(page, until=4.0)
    lit = [c["name"] for c in changes if c["kind"] == "region"]
    assert lit[:3] == ["cervical", "thoracic", "t7"]
    assert "nerves" in lit and "legs" in lit
    thoracic = next(c for c in changes if c.get("name") == "thoracic")
    assert 1.5 <= thoracic["t"] < 1.75
    # at 4 s only the third callout's regions are lit
    active = page.evaluate(
        "[...document.querySelectorAll('.diagram [data-active]')].map(e => e.dataset.region || e.dataset.level).sort()"
    )
    assert active == ["legs", "nerves"]
    assert "nerves" in page.locator("#now-showing").inner_text()


def test_clicking_a_line_seeks_there_and_lights_that_line(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator('.line[data-cue-index="2"]').click()
    # Within 2.5 s: playing from 0 would take longer to get there, so only a seek passes.
    page.wait_for_function(
        "() => document.getElementById('video').currentTime >= 3.5", timeout=2500
    )
    assert page.evaluate("document.getElementById('video').currentTime") < 4.5
    assert page.locator('.line[data-cue-index="2"]').get_attribute("aria-current") == "true"
    assert page.locator('.line[aria-current="true"]').count() == 1


def test_seeking_to_an_exact_start_lights_that_line_not_the_one_before(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate("document.getElementById('video').currentTime = 1.5")
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"1\"]').ariaCurrent === 'true'"
    )
    assert page.locator('.line[aria-current="true"]').count() == 1


def test_keyboard_arrows_move_between_lines_and_enter_seeks(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator('.line[data-cue-index="0"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.dataset.cueIndex")
    assert focused == "2"
    page.keyboard.press("Enter")
    # Within 2.5 s: playing from 0 would take longer to get there, so only a seek passes.
    page.wait_for_function(
        "() => document.getElementById('video').currentTime >= 3.5", timeout=2500
    )
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"2\"]').ariaCurrent === 'true'"
    )
    # one tab stop: only the focused line is in the tab order
    assert page.locator('.line[tabindex="0"]').count() == 1


def test_space_on_a_line_seeks(page, lesson_url):
    open_lesson(page, lesson_url)
    page.locator('.line[data-cue-index="3"]').focus()
    page.keyboard.press("Space")
    # Within 2.5 s: playing from 0 would take longer to get there, so only a seek passes.
    page.wait_for_function("() => document.getElementById('video').currentTime >= 5", timeout=1500)


def test_deep_link_starts_at_the_given_time(page, lesson_url):
    open_lesson(page, lesson_url + "#t=0:04")
    page.wait_for_function("() => document.getElementById('video').currentTime === 4")
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"2\"]').ariaCurrent === 'true'"
    )


def test_user_scrolling_pauses_auto_scroll_until_resumed(page, app, live_server, lesson_dirs):
    captions, media = lesson_dirs
    cues = "".join(
        f"\n00:00:{i // 10:02d}.{i % 10}00 --> 00:00:{(i + 1) // 10:02d}.{(i + 1) % 10}00\nLine {i}\n"
        for i in range(60)
    )
    (captions / "sample.vtt").write_text("WEBVTT\n" + cues)
    open_lesson(page, live_server(app) + "/lessons/sample")
    resume = page.locator(".resume-scroll")
    assert resume.is_hidden()
    page.locator(".transcript").hover()
    page.mouse.wheel(0, 400)
    resume.wait_for(state="visible")
    top = page.evaluate("document.querySelector('.transcript').scrollTop")
    page.evaluate("document.getElementById('video').currentTime = 5.05")
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"50\"]').ariaCurrent === 'true'"
    )
    assert page.evaluate("document.querySelector('.transcript').scrollTop") == top
    resume.click()
    assert resume.is_hidden()
    page.wait_for_function(
        """() => { const l = document.querySelector('.line[data-cue-index="50"]').getBoundingClientRect();
                   const box = document.querySelector('.transcript').getBoundingClientRect();
                   return l.top >= box.top && l.bottom <= box.bottom; }"""
    )


def test_nothing_runs_while_paused(page, lesson_url):
    page.add_init_script(
        """
        window.callbacks = 0;
        const raf = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (cb) => raf((t) => { window.callbacks++; cb(t); });
        const st = window.setTimeout.bind(window);
        window.setTimeout = (cb, ms, ...a) => st((...b) => { window.callbacks++; cb(...b); }, ms, ...a);
        """
    )
    open_lesson(page, lesson_url)
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("() => document.getElementById('video').currentTime > 1")
    page.evaluate("document.getElementById('video').pause()")
    page.wait_for_timeout(300)
    before = page.evaluate("window.callbacks")
    page.wait_for_timeout(2000)
    assert page.evaluate("window.callbacks") == before
