"""A loaded lesson and what is made from it (its page, its JSON, its transcripts) are one
unit (player/lesson_views.py): made once, kept beside the lesson under its file signature,
replaced all at once when a file changes, and weighed together against one byte budget
that drops the views used longest ago, never the lessons."""

from __future__ import annotations

import json
import shutil
import threading
import time

import player.api
from player.lesson_views import library_views
from player.transcript import transcripts

CHANGED = "WEBVTT\n\n00:00.000 --> 00:01.000\nChanged\n"


def views(app, slug):
    library = app.extensions["lessons"]
    return library.views(library.get(slug))


def view_everything(client, slug: str) -> None:
    assert client.get(f"/lessons/{slug}").status_code == 200  # its transcripts, then its page
    assert client.get(f"/api/lessons/{slug}").status_code == 200


def copies_of_the_sample(lesson_dirs, count: int) -> list[str]:
    captions = lesson_dirs[0]
    for n in range(count):
        for path in list(captions.glob("sample.*")):
            shutil.copy(path, captions / path.name.replace("sample", f"copy-{n}"))
    return [f"copy-{n}" for n in range(count)]


def first_line(built) -> str:
    return built[0].lines[0]["cue"].text


def test_a_changed_caption_file_replaces_the_page_json_and_transcripts_at_once(
    app, client, lesson_dirs
):
    view_everything(client, "sample")
    old = views(app, "sample")
    assert old.kept("page") and old.kept("json") and old.kept("transcripts")
    (lesson_dirs[0] / "sample.vtt").write_text(CHANGED)
    # Asking for one view of the new version is enough for every view of the old one to go.
    assert json.loads(client.get("/api/lessons/sample").data)["cues"][0]["text"] == "Changed"
    assert (old.kept("page"), old.kept("json"), old.kept("transcripts")) == (None, None, None)
    assert b"Changed" in client.get("/lessons/sample").data
    new = views(app, "sample")
    assert new is not old
    assert first_line(new.kept("transcripts")) == "Changed"


def test_an_unchanged_lessons_views_are_made_once_and_shared(app, client, monkeypatch):
    made = []
    make_json = player.api._json
    monkeypatch.setattr(player.api, "_json", lambda lesson: made.append(1) or make_json(lesson))
    view_everything(client, "sample")
    kept = views(app, "sample")
    page, body, built = kept.kept("page"), kept.kept("json"), kept.kept("transcripts")
    for _ in range(3):
        view_everything(client, "sample")
    assert views(app, "sample") is kept
    assert kept.kept("page").data is page.data
    assert kept.kept("json").data is body.data
    assert kept.kept("transcripts") is built
    assert made == [1]


def test_a_lesson_replaced_while_a_request_used_it_gets_views_that_are_not_kept(app, lesson_dirs):
    library = app.extensions["lessons"]
    old_lesson = library.get("sample")
    (lesson_dirs[0] / "sample.vtt").write_text(CHANGED)
    library.get("sample")  # another request loads the new version
    with app.test_request_context():
        built = transcripts(old_lesson)
    assert first_line(built) != "Changed"  # what that request's lesson says
    assert views(app, "sample").kept("transcripts") is None  # and nobody keeps it


def test_the_views_of_many_lessons_stay_within_the_byte_budget(app, client, lesson_dirs):
    slugs = ["sample", *copies_of_the_sample(lesson_dirs, 5)]
    budget = app.extensions["lessons"].views_budget
    view_everything(client, "copy-0")
    lesson_bytes = budget.size()
    budget.max_bytes = 2 * lesson_bytes + lesson_bytes // 2
    loaded = {slug: app.extensions["lessons"].get(slug) for slug in slugs}
    for slug in slugs:
        view_everything(client, slug)
    assert budget.size() <= budget.max_bytes
    whole = [s for s in slugs if all(views(app, s).kept(n) for n in ("page", "json"))]
    assert whole == ["copy-3", "copy-4"]
    # The views went, the lessons stayed loaded: the same objects, not loaded again.
    assert all(app.extensions["lessons"].get(slug) is loaded[slug] for slug in slugs)


def test_the_least_recently_used_views_go_first(app, client, lesson_dirs):
    a, b, c = copies_of_the_sample(lesson_dirs, 3)
    budget = app.extensions["lessons"].views_budget
    client.get(f"/api/lessons/{a}")
    budget.max_bytes = budget.size() * 5 // 2  # room for two lessons' JSON
    client.get(f"/api/lessons/{b}")
    client.get(f"/api/lessons/{a}")  # a used again: b is now the one used longest ago
    client.get(f"/api/lessons/{c}")
    assert [s for s in (a, b, c) if views(app, s).kept("json")] == [a, c]


def test_a_view_bigger_than_the_whole_budget_is_still_kept_alone(app, client):
    app.extensions["lessons"].views_budget.max_bytes = 0
    client.get("/api/lessons/sample")
    assert views(app, "sample").kept("json") is not None
    assert len(app.extensions["lessons"].views_budget) == 1


def test_requests_arriving_together_for_a_view_wait_for_one_making(app, monkeypatch):
    made = []
    make_json = player.api._json

    def slow_json(lesson):
        made.append(1)
        time.sleep(0.2)  # long enough for every other request to arrive meanwhile
        return make_json(lesson)

    monkeypatch.setattr(player.api, "_json", slow_json)
    start = threading.Barrier(8)
    answers = []

    def ask():
        start.wait()
        answers.append(app.test_client().get("/api/lessons/sample").data)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1]
    assert len(answers) == 8 and len(set(answers)) == 1


def test_the_catalogue_and_lesson_list_are_kept_apart_from_the_lessons_budget(
    app, client, lesson_dirs
):
    copies_of_the_sample(lesson_dirs, 2)
    app.extensions["lessons"].views_budget.max_bytes = 0  # lessons keep one view in all
    list_body = client.get("/api/lessons").data
    catalogue = client.get("/lessons").data
    view_everything(client, "copy-0")
    with app.test_request_context():
        kept = library_views()
        assert kept.kept("lesson_list").data == list_body
        assert kept.kept("catalogue").data == catalogue
