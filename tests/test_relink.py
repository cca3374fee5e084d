"""Where each server URL lives in the export, and root-absolute URLs made relative to the
page that holds them."""

import pytest

from player.relink import Relinker, file_for, site_path


@pytest.mark.parametrize(
    ("path", "where", "file"),
    [
        ("/", "", "index.html"),
        ("/lessons", "lessons/", "lessons/index.html"),
        ("/lessons/sample", "lessons/sample/", "lessons/sample/index.html"),
        ("/lessons/sample/transcript.txt", "lessons/sample/transcript.txt", None),
        ("/api/lessons", "api/lessons.json", None),
        ("/api/lessons/sample", "api/lessons/sample.json", None),
        ("/static/js/main.js", "static/js/main.js", None),
        ("/media/sample.mp4", "media/sample.mp4", None),
        ("/captions/sample.vtt", "captions/sample.vtt", None),
    ],
)
def test_each_server_path_has_its_place_in_the_site(path, where, file):
    assert site_path(path) == where
    assert file_for(path) == (file or where)


@pytest.mark.parametrize(
    ("document", "url", "relative"),
    [
        ("index.html", "/", "./"),
        ("index.html", "/lessons", "lessons/"),
        ("index.html", "/lessons/sample", "lessons/sample/"),
        ("index.html", "/static/js/main.js", "static/js/main.js"),
        ("lessons/index.html", "/", "../"),
        ("lessons/index.html", "/lessons", "./"),
        ("lessons/index.html", "/lessons/sample", "sample/"),
        ("lessons/sample/index.html", "/", "../../"),
        ("lessons/sample/index.html", "/lessons", "../"),
        ("lessons/sample/index.html", "/lessons/sample", "./"),
        ("lessons/sample/index.html", "/media/sample.mp4", "../../media/sample.mp4"),
        ("lessons/sample/index.html", "/lessons/sample/transcript.txt", "transcript.txt"),
        ("api/lessons.json", "/api/lessons/sample", "lessons/sample.json"),
        ("api/lessons/sample.json", "/lessons/sample", "../../lessons/sample/"),
    ],
)
def test_a_root_absolute_url_becomes_relative_to_its_document(document, url, relative):
    assert Relinker(document).url(url) == relative


@pytest.mark.parametrize(
    "url", ["#main", "https://example.org/spine", "//cdn.example/x.js", "data:,", "./x", "x.js"]
)
def test_other_urls_are_left_alone(url):
    assert Relinker("lessons/sample/index.html").url(url) == url


def test_query_and_fragment_are_kept():
    relinker = Relinker("index.html")
    assert relinker.url("/lessons/sample/transcript.txt?lang=es") == (
        "lessons/sample/transcript.txt?lang=es"
    )
    assert relinker.url("/lessons/sample#t=4") == "lessons/sample/#t=4"


def test_url_attributes_of_tags_are_rewritten_and_every_path_is_remembered():
    relinker = Relinker("lessons/sample/index.html")
    page = (
        '<link rel="stylesheet" href="/static/css/player.css">'
        "<video poster=/media/sample.jpg><source src='/media/sample.mp4' type=video/mp4></video>"
        '<img srcset="/media/a.jpg 1x, /media/b.jpg 2x" alt="">'
    )
    assert relinker.html(page) == (
        '<link rel="stylesheet" href="../../static/css/player.css">'
        '<video poster="../../media/sample.jpg"><source src="../../media/sample.mp4" type=video/mp4></video>'
        '<img srcset="../../media/a.jpg 1x, ../../media/b.jpg 2x" alt="">'
    )
    assert relinker.seen == {
        "/static/css/player.css",
        "/media/sample.jpg",
        "/media/sample.mp4",
        "/media/a.jpg",
        "/media/b.jpg",
    }


def test_data_attributes_are_rewritten_only_when_they_hold_a_url_of_the_site():
    page = '<div data-json="/api/lessons/sample" data-path="/usr/share" data-x="/lessons">'
    assert Relinker("index.html").html(page) == (
        '<div data-json="api/lessons/sample.json" data-path="/usr/share" data-x="lessons/">'
    )


@pytest.mark.parametrize(
    "page",
    [
        '<p>href="/static/x.css" is text</p>',
        '<!-- <a href="/static/x.css"> -->',
        "<button title=\"say src='/media/x.mp4'\">x</button>",
        '<script type="module">import "/static/x.js";</script>',
    ],
)
def test_urls_in_text_comments_scripts_and_other_attributes_are_not_touched(page):
    assert Relinker("index.html").html(page) == page


def test_urls_in_a_json_data_block_are_rewritten_and_the_block_stays_inert():
    page = (
        '<script type="application/json" id="lesson-data">'
        '{"poster":"/media/s.jpg","text":"/not a url","note":"\\u003c/script\\u003e"}</script>'
    )
    assert Relinker("lessons/s/index.html").html(page) == (
        '<script type="application/json" id="lesson-data">'
        '{"poster":"../../media/s.jpg","text":"/not a url","note":"\\u003c/script\\u003e"}</script>'
    )


def test_an_entity_in_a_rewritten_attribute_is_read_then_escaped_again():
    page = '<a href="/lessons/sample/transcript.txt?lang=es&amp;x=1">t</a>'
    assert Relinker("index.html").html(page) == (
        '<a href="lessons/sample/transcript.txt?lang=es&amp;x=1">t</a>'
    )
