"""Taking the transcript away: as plain text, as the original WebVTT, or printed."""

import pytest
from viewer_support import open_lesson, screenshot

SAMPLE_TEXT = """\
Sample lesson
=============

Where it spreads (0:00)

[0:00] Cancer can spread to the neck.
[0:01] Dr. Lee: Most tumours grow in the thoracic region.

Symptoms (0:03)

[0:03] Pain may spread to the legs & feet.
[0:05] alert(1) stays text
"""


def test_the_transcript_downloads_as_text_with_chapters_and_times(client):
    response = client.get("/lessons/sample/transcript.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sample-transcript.txt"'
    )
    assert "Content-Security-Policy" in response.headers
    assert response.get_data(as_text=True) == SAMPLE_TEXT


def test_a_translation_downloads_in_its_language(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    assert '<p class="downloads" data-lang="es" hidden>' in page
    assert 'href="/lessons/sample/transcript.es.txt" download>' in page
    assert 'href="/captions/sample.es.vtt" download>' in page
    response = viewer_app.test_client().get("/lessons/sample/transcript.es.txt")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="sample-transcript.es.txt"'
    )
    text = response.get_data(as_text=True)
    assert "[0:01] Dra. Lee: La mayoría de los tumores crecen en la región torácica." in text
    assert "[0:03] El dolor puede extenderse a las piernas y los pies." in text


def test_a_line_broken_cue_is_one_line_of_text(client, lesson_dirs):
    (lesson_dirs[0] / "sample.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nTwo lines\nof one cue\n"
    )
    assert "[0:01] Two lines of one cue\n" in client.get("/lessons/sample/transcript.txt").text


@pytest.mark.parametrize(
    "url", ["/lessons/sample/transcript.xx.txt", "/lessons/nothing/transcript.txt"]
)
def test_an_unknown_lesson_or_language_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


def test_the_page_offers_both_downloads_and_a_print_button(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert (
        '<a class="download-text" href="/lessons/sample/transcript.txt" download>'
        "Download the transcript (.txt)</a>"
    ) in page
    assert (
        '<a class="download-vtt" href="/captions/sample.vtt" download>Download the captions (.vtt)</a>'
        in page
    )
    assert '<button type="button" class="print" hidden>Print the transcript</button>' in page
    assert 'href="/static/css/print.css" media="print"' in page


SHOWN = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length > 0).length"""


@pytest.mark.browser
def test_printing_shows_the_whole_transcript_with_times_and_no_player(page, viewer_url):
    open_lesson(page, viewer_url)
    assert page.locator(".print").is_visible()
    page.emulate_media(media="print")
    for hidden in [
        ".media",
        ".tools",
        ".chapters",
        ".diagram",
        ".search",
        ".downloads",
        ".print",
        ".site-header",
    ]:
        assert page.evaluate(SHOWN, hidden) == 0, hidden
    assert page.evaluate(SHOWN, ".transcript:not([hidden]) .line .time") == 4
    assert page.evaluate(SHOWN, ".copy-link") == 0
    assert page.evaluate(SHOWN, ".glossary-entry") == 3
    assert page.evaluate("getComputedStyle(document.querySelector('.transcript')).overflowY") == (
        "visible"
    )
    screenshot(page, "print-preview", full_page=True)
