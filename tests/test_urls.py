"""Every URL the app writes comes from player/urls.py, for one of two readers: served
(root-absolute, under the path the app is mounted at) or exported (relative to the site file
the response is written into). The lesson holds file names, never URLs; the export asks for
relative URLs instead of rewriting pages, so a publisher's words are never touched."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import FIXTURES

from player import create_app
from player.export import export_site
from player.urls import EXPORTED_AS, relative, site_file, site_path

PREFIX = "/education"
CUE = "/media/rl.mp4 is the file this lesson plays."


@pytest.fixture
def lesson_dirs(lesson_dirs):
    """The sample lesson with a poster and Spanish captions: every kind of lesson file."""
    captions, media = lesson_dirs
    (media / "sample.jpg").write_bytes(b"\xff\xd8\xff\xe0 a poster")
    shutil.copy(FIXTURES / "viewer" / "sample.es.vtt", captions / "sample.es.vtt")
    return lesson_dirs


def exported_as(document: str) -> dict:
    return {"environ_overrides": {EXPORTED_AS: document}}


def url_fields(lesson: dict) -> dict:
    return {
        "url": lesson["url"],
        "api": lesson["api"],
        "poster": lesson["poster"],
        "sources": [source["url"] for source in lesson["sources"]],
        "tracks": lesson["tracks"],
        "translations": [t["captions"] for t in lesson["translations"]],
    }


# --- the lesson holds file names ----------------------------------------------------------


def test_a_loaded_lesson_holds_its_files_names_not_urls(app):
    with app.app_context():
        lesson = app.extensions["lessons"].get("sample")
    assert [(s.name, s.mime) for s in lesson.sources] == [("sample.mp4", "video/mp4")]
    assert lesson.poster == "sample.jpg"
    assert lesson.tracks == {
        "captions": "sample.vtt",
        "chapters": "sample.chapters.vtt",
        "callouts": "sample.callouts.vtt",
    }
    assert lesson.translation_track("es") == "sample.es.vtt"


# --- served and exported, for the same lesson ---------------------------------------------


def test_served_urls_are_root_absolute(client):
    lesson = client.get("/api/lessons/sample").get_json()
    assert url_fields(lesson) == {
        "url": "/lessons/sample",
        "api": "/api/lessons/sample",
        "poster": "/media/sample.jpg",
        "sources": ["/media/sample.mp4"],
        "tracks": {
            "captions": "/captions/sample.vtt",
            "chapters": "/captions/sample.chapters.vtt",
            "callouts": "/captions/sample.callouts.vtt",
        },
        "translations": ["/captions/sample.es.vtt"],
    }


def test_served_urls_start_with_the_path_the_app_is_mounted_at(client):
    lesson = client.get("/api/lessons/sample", base_url="http://localhost" + PREFIX).get_json()
    assert url_fields(lesson)["poster"] == PREFIX + "/media/sample.jpg"
    assert url_fields(lesson)["translations"] == [PREFIX + "/captions/sample.es.vtt"]


def test_exported_urls_are_relative_to_the_json_file(client):
    document = "api/lessons/sample.json"
    lesson = client.get("/api/lessons/sample", **exported_as(document)).get_json()
    assert url_fields(lesson) == {
        "url": "../../lessons/sample/",
        "api": "sample.json",
        "poster": "../../media/sample.jpg",
        "sources": ["../../media/sample.mp4"],
        "tracks": {
            "captions": "../../captions/sample.vtt",
            "chapters": "../../captions/sample.chapters.vtt",
            "callouts": "../../captions/sample.callouts.vtt",
        },
        "translations": ["../../captions/sample.es.vtt"],
    }


def test_the_exported_lesson_list_is_relative_to_its_own_file(client):
    listed = client.get("/api/lessons", **exported_as("api/lessons.json")).get_json()
    [lesson] = listed["lessons"]
    assert (lesson["url"], lesson["api"], lesson["poster"]) == (
        "../lessons/sample/",
        "lessons/sample.json",
        "../media/sample.jpg",
    )


@pytest.mark.parametrize(
    ("path", "document", "expected"),
    [
        ("/lessons/sample", "lessons/sample/index.html", 'src="../../media/sample.mp4"'),
        ("/", "index.html", 'src="media/sample.mp4"'),
        ("/lessons/sample", "lessons/sample/index.html", 'href="../../static/css/player.css"'),
        ("/", "index.html", 'href="static/css/player.css"'),
        ("/lessons/sample", "lessons/sample/index.html", 'href="transcript.es.txt"'),
        ("/", "index.html", 'href="lessons/sample/transcript.txt"'),
    ],
)
def test_an_exported_page_has_urls_relative_to_where_it_is_written(
    client, path, document, expected
):
    assert expected in client.get(path, **exported_as(document)).text


def test_served_and_exported_bodies_are_kept_apart(client):
    # Each is cached: the one made for the export must never be served, nor the reverse.
    for _ in range(2):
        exported = client.get("/lessons/sample", **exported_as("lessons/sample/index.html"))
        root = client.get("/", **exported_as("index.html")).text
        served = client.get("/lessons/sample").text
        served_json = client.get("/api/lessons/sample").get_json()
        assert 'src="../../media/sample.mp4"' in exported.text
        assert 'src="media/sample.mp4"' in root
        assert 'src="/media/sample.mp4"' in served
        assert served_json["sources"][0]["url"] == "/media/sample.mp4"


def test_a_request_header_cannot_ask_for_exported_urls(client):
    served = client.get("/lessons/sample", headers={EXPORTED_AS: "index.html"}).text
    assert 'src="/media/sample.mp4"' in served


# --- a publisher's words are never rewritten ----------------------------------------------


def test_a_publishers_text_that_looks_like_a_path_is_the_same_served_and_exported(
    lesson_dirs, client
):
    captions, _ = lesson_dirs
    vtt = captions / "sample.vtt"
    vtt.write_text(vtt.read_text().replace("Cancer can spread to the <b>neck</b>.", CUE))
    served = client.get("/api/lessons/sample").get_json()
    exported = client.get("/api/lessons/sample", **exported_as("api/lessons/sample.json"))
    exported = exported.get_json()
    assert CUE in [cue["text"] for cue in exported["cues"]]
    differing = {key for key in served if served[key] != exported[key]}
    assert differing == {"url", "api", "poster", "sources", "tracks", "translations"}
    assert [t["name"] for t in exported["translations"]] == [
        t["name"] for t in served["translations"]
    ]


# --- where the export puts each route's answer ---------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "values", "where", "file"),
    [
        ("pages.index", {}, "", "index.html"),
        ("pages.catalogue", {}, "lessons/", "lessons/index.html"),
        ("pages.lesson", {"slug": "sample"}, "lessons/sample/", "lessons/sample/index.html"),
        ("api.lessons", {}, "api/lessons.json", None),
        ("api.lesson", {"slug": "sample"}, "api/lessons/sample.json", None),
        ("static", {"filename": "js/main.js"}, "static/js/main.js", None),
        ("files.media", {"name": "sample.mp4"}, "media/sample.mp4", None),
        ("files.captions", {"name": "sample.vtt"}, "captions/sample.vtt", None),
        (
            "downloads.transcript",
            {"slug": "sample", "lang": "es"},
            "lessons/sample/transcript.es.txt",
            None,
        ),
    ],
)
def test_each_route_has_its_place_in_the_site(app, endpoint, values, where, file):
    with app.app_context():
        assert site_path(endpoint, **values) == where
    assert site_file(where) == (file or where)


@pytest.mark.parametrize(
    ("document", "where", "url"),
    [
        ("index.html", "", "./"),
        ("index.html", "lessons/", "lessons/"),
        ("index.html", "static/js/main.js", "static/js/main.js"),
        ("lessons/index.html", "", "../"),
        ("lessons/index.html", "lessons/", "./"),
        ("lessons/index.html", "lessons/sample/", "sample/"),
        ("lessons/sample/index.html", "", "../../"),
        ("lessons/sample/index.html", "lessons/sample/", "./"),
        ("lessons/sample/index.html", "lessons/sample/transcript.txt", "transcript.txt"),
        ("api/lessons.json", "api/lessons/sample.json", "lessons/sample.json"),
        ("404.html", "lessons/", "lessons/"),
    ],
)
def test_a_site_path_is_made_relative_to_the_file_that_links_to_it(document, where, url):
    assert relative(where, document) == url


# --- the export under a path prefix --------------------------------------------------------


def test_an_app_mounted_under_a_prefix_exports_the_same_site(lesson_dirs, tmp_path):
    plain = create_app(*lesson_dirs, {"TESTING": True})
    mounted = create_app(*lesson_dirs, {"TESTING": True, "PATH_PREFIX": PREFIX})
    export_site(tmp_path / "plain", app=plain)
    export_site(tmp_path / "mounted", app=mounted)
    for name in ("index.html", "lessons/sample/index.html", "api/lessons/sample.json"):
        text = (tmp_path / "mounted" / name).read_text()
        assert PREFIX not in text, name
        assert text == (tmp_path / "plain" / name).read_text(), name


def test_the_export_copies_every_file_of_the_lesson_it_names(lesson_dirs, tmp_path):
    export_site(tmp_path / "site", *lesson_dirs)
    site = tmp_path / "site"
    lesson = json.loads((site / "api/lessons/sample.json").read_text())
    named = [lesson["poster"], *url_fields(lesson)["sources"], *lesson["tracks"].values()]
    named += url_fields(lesson)["translations"]
    for url in named:
        assert re.fullmatch(r"\.\./\.\./(media|captions)/[a-z0-9.]+", url), url
        assert (site / url.removeprefix("../../")).is_file(), url
    assert (site / "lessons/sample/transcript.es.txt").is_file()


def test_templates_cannot_bypass_url_with_flasks_url_for(tmp_path):
    import jinja2
    from flask import render_template_string

    from player import create_app

    app = create_app(tmp_path, tmp_path, test_config={"TESTING": True})
    with app.test_request_context("/"):
        assert render_template_string("{{ url('pages.index') }}") == "/"
        with pytest.raises(jinja2.UndefinedError):
            render_template_string("{{ url_for('pages.index') }}")
