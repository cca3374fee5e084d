"""Keyboard shortcuts, and the dialog that lists them. Shortcuts work anywhere on the page,
the video and the control bar included; they never take a key from a field being typed in,
nor Space or the arrows from a control that uses them."""

import pytest
from viewer_support import line, open_lesson, screenshot, seek, wait_active

pytestmark = pytest.mark.browser

T = "document.getElementById('video').currentTime"
PAUSED = "document.getElementById('video').paused"


@pytest.fixture
def lesson(page, viewer_url):
    open_lesson(page, viewer_url)
    page.locator("h1").click()  # focus on the page itself, as after reading
    return page


def test_k_and_space_play_and_pause(lesson):
    for key in ["k", "k", "Space", "Space"]:
        paused = lesson.evaluate(PAUSED)
        lesson.keyboard.press(key)
        lesson.wait_for_function(f"() => {PAUSED} === {str(not paused).lower()}")


def test_j_l_and_the_arrow_keys_go_back_and_forward_five_seconds(lesson):
    seek(lesson, 1.0)
    times = []
    for key in ["l", "ArrowLeft", "ArrowRight", "j", "j"]:
        lesson.keyboard.press(key)
        times.append(lesson.evaluate(T))
    assert times == [6.0, 1.0, 6.0, 1.0, 0]


def test_n_and_p_play_from_the_next_and_previous_line(lesson):
    seek(lesson, 2.0)
    lesson.keyboard.press("n")
    wait_active(lesson, 2)
    assert lesson.evaluate(T) >= 3.5
    lesson.evaluate("document.getElementById('video').pause()")
    lesson.keyboard.press("p")
    wait_active(lesson, 1)
    assert 1.5 <= lesson.evaluate(T) < 3.0


def test_c_turns_the_captions_off_and_on(lesson):
    pressed = "document.querySelector('.cb-captions').getAttribute('aria-pressed')"
    assert lesson.evaluate(pressed) == "true"
    lesson.keyboard.press("c")
    assert lesson.evaluate(pressed) == "false"
    lesson.keyboard.press("c")
    assert lesson.evaluate(pressed) == "true"


def test_slash_goes_to_the_search_field(lesson):
    lesson.keyboard.press("/")
    assert lesson.evaluate("document.activeElement.id") == "transcript-search"
    assert lesson.locator("#transcript-search").input_value() == ""


def test_keys_typed_in_the_search_field_are_text(lesson):
    lesson.locator("#transcript-search").focus()
    lesson.keyboard.type("k j/l? nc")
    assert lesson.locator("#transcript-search").input_value() == "k j/l? nc"
    assert lesson.evaluate(PAUSED) is True and lesson.evaluate(T) == 0


def test_space_and_arrows_on_a_button_are_the_buttons(lesson):
    lesson.locator(".open-shortcuts").focus()
    lesson.keyboard.press("ArrowRight")
    assert lesson.evaluate(T) == 0
    lesson.keyboard.press("Space")
    assert lesson.locator("#shortcuts").is_visible(), "Space pressed the button"
    assert lesson.evaluate(PAUSED) is True


def test_space_on_a_line_plays_from_the_line_not_play_pause(lesson):
    lesson.locator(line(3)).focus()
    lesson.keyboard.press("Space")
    wait_active(lesson, 3)
    assert lesson.evaluate(T) >= 5
    assert lesson.evaluate(PAUSED) is False


def test_shortcuts_work_with_focus_on_the_video(lesson):
    lesson.locator("#video").focus()
    assert lesson.evaluate("document.activeElement.id") == "video"
    lesson.keyboard.press("l")
    assert lesson.evaluate(T) == 5
    lesson.keyboard.press("ArrowLeft")
    assert lesson.evaluate(T) == 0
    lesson.keyboard.press("Space")
    lesson.wait_for_function(f"() => {PAUSED} === false")
    lesson.keyboard.press("k")
    lesson.wait_for_function(f"() => {PAUSED} === true")


def test_shortcuts_work_with_focus_on_the_control_bar(lesson):
    lesson.get_by_role("button", name="Transcript", exact=True).focus()
    lesson.keyboard.press("l")
    assert lesson.evaluate(T) == 5
    lesson.keyboard.press("ArrowLeft")  # arrows seek from a bar button too
    assert lesson.evaluate(T) == 0
    lesson.keyboard.press("m")
    assert lesson.evaluate("document.getElementById('video').muted") is False
    lesson.keyboard.press(">")
    assert lesson.evaluate("document.getElementById('video').playbackRate") == 1.25
    lesson.keyboard.press("<")
    lesson.keyboard.press("<")
    assert lesson.evaluate("document.getElementById('video').playbackRate") == 0.75


def test_t_turns_theatre_mode_on_and_off(lesson):
    theatre = "document.querySelector('.stage').classList.contains('theatre')"
    lesson.keyboard.press("t")
    assert lesson.evaluate(theatre) is True
    lesson.keyboard.press("t")
    assert lesson.evaluate(theatre) is False


def test_the_dialog_says_where_shortcuts_work_and_lists_the_new_ones(lesson):
    lesson.keyboard.press("?")
    dialog = lesson.get_by_role("dialog", name="Keyboard shortcuts")
    assert "anywhere on this page, the video and its controls included" in dialog.inner_text()
    keys = dialog.locator("kbd").all_inner_texts()
    assert {"m", "f", "t", "<", ">", "Page Up", "Home"} <= set(keys)


def test_question_mark_opens_the_list_of_shortcuts_and_escape_closes_it(lesson):
    lesson.keyboard.press("?")
    dialog = lesson.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible()
    keys = dialog.locator("tbody tr td:first-child").all_inner_texts()
    for key in ["k or Space", "j or ←", "l or →", "p", "n", "c", "/", "?", "↑ ↓", "← →", "Enter"]:
        assert key in keys
    assert dialog.locator("h3").all_inner_texts() == [
        "On the seek bar",
        "In the transcript",
        "In the search field",
    ]
    screenshot(lesson, "shortcuts-dialog")
    lesson.keyboard.press("k")
    assert lesson.evaluate(PAUSED) is True, "shortcuts rest while the dialog is open"
    lesson.keyboard.press("Escape")
    assert dialog.is_hidden()


def test_the_shortcuts_button_opens_the_dialog_and_focus_comes_back_to_it(lesson):
    lesson.get_by_role("button", name="Keyboard shortcuts").click()
    assert lesson.evaluate("document.activeElement.textContent") == "Close"
    lesson.keyboard.press("Enter")
    assert lesson.locator("#shortcuts").is_hidden()
