"""Caption languages: `<slug>.<lang>.vtt` files are found, each gets a <track>, and one menu
switches the captions and the transcript together. The chosen language's track is "hidden":
its cues are drawn in the page under the video (tests/test_viewer_captions.py)."""

import re

import pytest
from viewer_support import active_line, open_lesson, screenshot, search, seek, wait_active

# -- on the server -------------------------------------------------------------------------


def test_translations_are_found_by_language_tag(viewer_app, lesson_dirs):
    captions = lesson_dirs[0]
    (captions / "sample.pt-BR.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nOlá\n")
    for name in ["sample.chapters.vtt", "sample.x.vtt", "sample.EN.vtt", "sample..vtt"]:
        if not (captions / name).exists():
            (captions / name).write_text("WEBVTT\n")
    lesson = viewer_app.extensions["lessons"].get("sample")
    assert list(lesson.translations) == ["es", "pt-BR"]
    assert [c.text for c in lesson.translations["es"]][0] == "El cáncer puede extenderse al cuello."
    assert lesson.translations["es"][2].start_ms == 3200
    assert lesson.problems == ()


def test_a_new_translation_appears_without_a_restart(client, lesson_dirs):
    assert client.get("/lessons/sample").get_data(as_text=True).count("<track") == 3
    (lesson_dirs[0] / "sample.fr.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n")
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<track kind="captions" label="Français" srclang="fr" src="/captions/sample.fr.vtt">'
        in page
    )


def test_a_broken_translation_is_a_problem_of_the_lesson(viewer_app, lesson_dirs):
    (lesson_dirs[0] / "sample.de.vtt").write_text("not webvtt\n")
    lesson = viewer_app.extensions["lessons"].get("sample")
    assert [(p.file, p.line) for p in lesson.problems] == [("sample.de.vtt", 1)]
    assert lesson.problems[0].message.startswith("not a WebVTT file")
    assert "de" not in lesson.translations and "es" in lesson.translations


def test_a_translation_in_the_lessons_own_language_is_ignored_with_a_warning(
    viewer_app, lesson_dirs
):
    (lesson_dirs[0] / "sample.en.vtt").write_text("WEBVTT\n")
    lesson = viewer_app.extensions["lessons"].get("sample")
    assert "en" not in lesson.translations
    assert "'en' is the lesson's own language" in [w.message for w in lesson.warnings]


def test_the_page_has_a_track_and_a_transcript_per_language(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    assert re.findall(r'<track [^>]*kind="captions"[^>]*>', page) == [
        '<track id="captions-track" kind="captions" label="English" srclang="en" src="/captions/sample.vtt" default>',
        '<track kind="captions" label="Español" srclang="es" src="/captions/sample.es.vtt">',
    ]
    assert re.findall(r'<ol class="transcript" lang="(\w+)" dir="ltr"[^>]*?( hidden)?>', page) == [
        ("en", ""),
        ("es", " hidden"),
    ]
    assert '<option value="es" lang="es">Español</option>' in page
    assert '<label for="language">Language</label>' in page


def test_one_language_has_no_language_menu(client):
    assert 'id="language"' not in client.get("/lessons/sample").get_data(as_text=True)


# -- in the browser ------------------------------------------------------------------------

TRACKS = "[...document.getElementById('video').textTracks].filter(t => t.kind === 'captions').map(t => t.language + ':' + t.mode)"


def downloads(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.downloads a')].filter(a => a.checkVisibility()).map(a => a.getAttribute('href'))"
    )


@pytest.fixture
def lesson_url(viewer_url):
    return viewer_url


@pytest.mark.browser
def test_choosing_a_language_switches_captions_transcript_and_downloads(page, lesson_url):
    open_lesson(page, lesson_url)
    seek(page, 3.3)
    assert active_line(page) == "1"  # English: the second line is held across the pause
    page.get_by_label("Language").select_option("es")
    assert page.evaluate(TRACKS) == ["en:disabled", "es:hidden"]
    assert page.locator('.transcript[lang="en"]').is_hidden()
    assert page.locator('.transcript[lang="es"]').is_visible()
    assert active_line(page) == "2"  # Spanish: the third line starts at 3.2 s
    assert downloads(page) == ["/lessons/sample/transcript.es.txt", "/captions/sample.es.vtt"]
    screenshot(page, "language-spanish")
    page.get_by_label("Language").select_option("en")
    assert page.evaluate(TRACKS) == ["en:hidden", "es:disabled"]
    assert active_line(page) == "1"
    assert downloads(page) == ["/lessons/sample/transcript.txt", "/captions/sample.vtt"]


@pytest.mark.browser
def test_playing_in_another_language_follows_its_own_timings(page, lesson_url):
    open_lesson(page, lesson_url)
    page.get_by_label("Language").select_option("es")
    seek(page, 3.1)
    assert active_line(page) == "1"
    page.evaluate("document.getElementById('video').play()")
    page.wait_for_function("() => document.getElementById('video').currentTime >= 3.3")
    page.evaluate("document.getElementById('video').pause()")
    wait_active(page, 2)
    assert page.locator('.transcript[lang="en"] [aria-current]').count() == 0


@pytest.mark.browser
def test_choosing_captions_in_the_videos_own_menu_switches_the_transcript(page, lesson_url):
    open_lesson(page, lesson_url)
    page.evaluate(
        "() => { const [en, es] = [...document.getElementById('video').textTracks].filter(t => t.kind === 'captions'); en.mode = 'disabled'; es.mode = 'showing'; }"
    )
    page.wait_for_function("() => document.getElementById('language').value === 'es'")
    assert page.locator('.transcript[lang="es"]').is_visible()


@pytest.mark.browser
def test_search_follows_the_language_on_show(page, lesson_url):
    open_lesson(page, lesson_url)
    search(page, "cuello")
    assert page.locator("#search-count").inner_text() == "No matches"
    page.get_by_label("Language").select_option("es")
    assert page.locator("#search-count").inner_text() == "1 of 1 match"
    assert page.locator('.transcript[lang="es"] mark').inner_text() == "cuello"


@pytest.mark.browser
def test_the_chosen_language_is_remembered(page, lesson_url):
    open_lesson(page, lesson_url)
    page.get_by_label("Language").select_option("es")
    open_lesson(page, lesson_url)
    assert page.locator("#language").input_value() == "es"
    assert page.locator('.transcript[lang="es"]').is_visible()
    assert page.evaluate(TRACKS) == ["en:disabled", "es:hidden"]
