"""The built-in lesson, played in Chromium: the right line lights, and "thoracic" with it."""

import pytest

from player import create_app

pytestmark = pytest.mark.browser

SLUG = "metastatic-spinal-cancer"


@pytest.fixture
def builtin():
    app = create_app(test_config={"TESTING": True})
    lesson = app.extensions["lessons"].get(SLUG)
    assert lesson is not None and not lesson.broken, "the built-in lesson must load cleanly"
    return app


def test_playing_the_thoracic_phrase_lights_its_line_and_the_thoracic_region(
    page, builtin, live_server
):
    body = builtin.test_client().get(f"/api/lessons/{SLUG}").get_json()
    phrase = next(c for c in body["cues"] if "thoracic region" in c["text"])
    assert "thoracic" in phrase["regions"]

    page.goto(live_server(builtin) + "/")
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.evaluate(
        """(start) => { const v = document.getElementById('video');
             v.muted = true; v.currentTime = start - 1; return v.play(); }""",
        phrase["start"],
    )
    page.wait_for_function(
        "(t) => document.getElementById('video').currentTime >= t",
        arg=phrase["start"] + 0.4,
        timeout=15000,
    )
    state = page.evaluate(
        """() => ({
             t: document.getElementById('video').currentTime,
             line: document.querySelector('.line[aria-current="true"]')?.dataset.cueIndex,
             thoracic: document.querySelector('.diagram [data-region="thoracic"]').dataset.active,
           })"""
    )
    page.evaluate("document.getElementById('video').pause()")
    assert state["t"] < phrase["end"], "the check ran while the phrase was spoken"
    assert state["line"] == str(phrase["index"])
    assert state["thoracic"] == "true"
    assert page.errors == []
