"""The boundary arithmetic of static/js/timeline.js, run in Chromium as the page runs it."""

import threading

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def timeline_page(browser, tmp_path_factory):
    """One light same-origin page for all cases: the module is imported from the server."""
    from werkzeug.serving import make_server

    from player import create_app

    folder = tmp_path_factory.mktemp("empty")
    server = make_server("127.0.0.1", 0, create_app(captions_dir=folder, media_dir=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{server.server_port}/")
    yield page
    context.close()
    server.shutdown()


@pytest.fixture
def timeline(timeline_page):
    page = timeline_page

    def run(items, calls, **options):
        return page.evaluate(
            """async ([items, calls, options]) => {
                 const m = await import('/static/js/timeline.js');
                 const tl = m.createTimeline(items, options);
                 return calls.map(([fn, t]) => {
                   const v = m[fn](tl, t);
                   return v === Infinity ? 'inf' : v;
                 });
               }""",
            [items, calls, options],
        )

    return run


CUES = [{"start": 1.0, "end": 2.0}, {"start": 2.0, "end": 3.0}, {"start": 6.0, "end": 7.0}]


def test_start_is_inclusive_and_end_exclusive(timeline):
    calls = [["activeAt", t] for t in (0.999, 1.0, 1.999, 2.0, 2.999)]
    assert timeline(CUES, calls) == [-1, 0, 0, 1, 1]


def test_a_short_silence_holds_the_previous_line_a_long_one_does_not(timeline):
    cues = [{"start": 1, "end": 2}, {"start": 2.5, "end": 3}, {"start": 6, "end": 7}]
    assert timeline(cues, [["activeAt", t] for t in (2.2, 2.5, 3.5, 5.9, 7.0)]) == [
        0,
        1,
        -1,
        -1,
        -1,
    ]


def test_nothing_is_active_after_the_last_cue_ends(timeline):
    assert timeline(CUES, [["activeAt", 7.0], ["activeAt", 100]]) == [-1, -1]


def test_next_change_is_the_next_start_or_the_active_end(timeline):
    calls = [["nextChangeAfter", t] for t in (0, 1.5, 2.0, 3.5, 6.5, 7.5)]
    assert timeline(CUES, calls) == [1.0, 2.0, 3.0, 6.0, 7.0, "inf"]


def test_overlapping_cues_the_latest_start_wins_then_the_outer_returns(timeline):
    cues = [{"start": 0, "end": 10}, {"start": 2, "end": 4}]
    assert timeline(cues, [["activeAt", t] for t in (1, 2, 3.9, 4, 9.9, 10)]) == [0, 1, 1, 0, 0, -1]
    assert timeline(cues, [["nextChangeAfter", 3]]) == [4]


def test_unsorted_input_keeps_its_indexes(timeline):
    cues = [{"start": 5, "end": 6}, {"start": 1, "end": 2}]
    assert timeline(cues, [["activeAt", 1.5], ["activeAt", 5.5]]) == [1, 0]


def test_empty_timeline_has_nothing_active_and_no_boundary(timeline):
    assert timeline([], [["activeAt", 1], ["nextChangeAfter", 1]]) == [-1, "inf"]


def test_chapters_hold_until_the_next_one_whatever_the_gap(timeline):
    chapters = [{"start": 0, "end": 1}, {"start": 30, "end": 40}]
    assert timeline(chapters, [["activeAt", 20]], holdGap=1e9) == [0]
    assert timeline(chapters, [["activeAt", 20]]) == [-1]
