"""Topics (`topics = [...]` in a lesson's .toml): read and checked, listed by the API, shown
and filtered by in the catalogue with plain links."""

from __future__ import annotations

import re

import pytest
from search_support import write_lesson


@pytest.fixture
def folders(tmp_path):
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()
    return captions, media


@pytest.fixture
def client(folders):
    from player import create_app

    write_lesson(*folders, "back-pain", ["Back pain."], title="Back pain", topics=["Spine", "pain"])
    write_lesson(
        *folders, "bone-cancer", ["Cancer."], title="Bone cancer", topics=["cancer", "spine"]
    )
    write_lesson(*folders, "sleep", ["Sleep."], title="Sleep")
    return create_app(*folders, test_config={"TESTING": True}).test_client()


def lesson_titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/lessons/[\w-]+">([^<]+)</a></h2>', page)


def test_the_lesson_list_has_each_lessons_topics(client):
    lessons = {
        item["slug"]: item["topics"] for item in client.get("/api/lessons").get_json()["lessons"]
    }
    assert lessons == {
        "back-pain": ["Spine", "pain"],
        "bone-cancer": ["cancer", "spine"],
        "sleep": [],
    }


def test_the_catalogue_lists_every_topic_once_as_a_link(client):
    page = client.get("/lessons").get_data(as_text=True)
    nav = re.search(r'<nav class="topics" aria-label="Topics">(.*?)</nav>', page, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav) == [
        ("/lessons", "All"),
        ("/lessons?topic=cancer", "cancer"),
        ("/lessons?topic=pain", "pain"),
        ("/lessons?topic=Spine", "Spine"),
    ]


def test_a_topic_link_shows_only_its_lessons(client):
    page = client.get("/lessons?topic=spine").get_data(as_text=True)
    assert lesson_titles(page) == ["Back pain", "Bone cancer"]
    assert re.search(r'<a href="/lessons\?topic=Spine" aria-current="page">Spine</a>', page)
    assert lesson_titles(client.get("/lessons?topic=cancer").get_data(as_text=True)) == [
        "Bone cancer"
    ]


def test_the_whole_catalogue_shows_every_lesson_and_its_topics(client):
    page = client.get("/lessons").get_data(as_text=True)
    assert lesson_titles(page) == ["Back pain", "Bone cancer", "Sleep"]
    spine, pain = (
        '<a href="/lessons?topic=Spine">Spine</a>',
        '<a href="/lessons?topic=pain">pain</a>',
    )
    assert f"Topics: {spine}, {pain}" in page


def test_an_unknown_topic_is_a_404_that_offers_every_lesson(client):
    answer = client.get("/lessons?topic=<b>elbow</b>")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 404
    assert lesson_titles(page) == []
    assert "No lesson is about “&lt;b&gt;elbow&lt;/b&gt;”" in page
    assert '<a href="/lessons">See all lessons</a>' in page


@pytest.mark.parametrize(
    ("toml", "topics", "warning"),
    [
        ('topics = ["spine", "cancer"]', ("spine", "cancer"), None),
        ('topics = ["  spine   care ", "Spine care"]', ("spine care",), None),
        ('topics = "spine"', (), "'topics' must be a list of short strings"),
        ('topics = ["spine", 3]', ("spine",), "topic #2 must be a string of 1 to 40 characters"),
        ('topics = ["", "spine"]', ("spine",), "topic #1 must be a string"),
        (f'topics = ["{"x" * 41}"]', (), "topic #1 must be a string of 1 to 40 characters"),
        (f"topics = {[f't{n}' for n in range(13)]!r}", tuple(f"t{n}" for n in range(12)),
         "13 topics; the first 12 are kept"),
    ],
)  # fmt: skip
def test_topics_are_checked(tmp_path, toml, topics, warning):
    from player.metadata import read_metadata

    path = tmp_path / "lesson.toml"
    path.write_text(toml + "\n")
    problems, warnings = [], []
    meta = read_metadata(path, problems, warnings)
    assert meta["topics"] == topics
    assert problems == []
    if warning:
        (found,) = warnings
        assert warning in found.message
    else:
        assert warnings == []


def test_an_exported_catalogue_names_topics_without_filter_links(client):
    from player.urls import EXPORTED_AS

    page = client.get("/lessons", environ_base={EXPORTED_AS: "lessons/index.html"})
    text = page.get_data(as_text=True)
    assert '<nav class="topics"' not in text and "topic=" not in text
    assert "Topics: Spine, pain" in text
