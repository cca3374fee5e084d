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


@pytest.mark.parametrize(
    "page",
    [
        '<button class="term" data-term="/lessons/plain">x</button>',
        '<button title="/media/rl.mp4 is the file" aria-label="/lessons/plain">x</button>',
        '<li data-regions="/static/x" data-lang="/api/x">x</li>',
        '<img alt="/media/a.jpg" src="x.jpg">',
    ],
)
def test_attributes_that_are_not_urls_are_left_as_written_even_when_they_look_like_site_paths(
    page,
):
    assert Relinker("index.html").html(page) == page


def test_a_root_absolute_url_that_is_not_the_apps_own_is_left_as_written():
    # a publisher's related link to another page of the clinic's host
    page = '<a href="/patient-info/spine">More</a>'
    assert Relinker("lessons/sample/index.html").html(page) == page


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


def test_only_the_url_keys_of_the_apps_json_are_rewritten():
    lesson = {
        "title": "/lessons/plain",
        "summary": "/media/rl.mp4 is the file",
        "url": "/lessons/sample",
        "poster": "/media/sample.jpg",
        "sources": [{"url": "/media/sample.mp4", "type": "video/mp4"}],
        "tracks": {"captions": "/captions/sample.vtt"},
        "translations": [{"language": "es", "captions": "/captions/sample.es.vtt"}],
        "related": [{"title": "/lessons/other", "url": "/lessons/other"}],
        "cues": [{"text": "/media/rl.mp4 is the file", "words": [{"text": "/static/x"}]}],
        "chapters": [{"title": "/lessons/plain"}],
        "glossary": {"terms": [{"term": "/api/x", "definition": "/captions/y.vtt"}]},
    }
    assert Relinker("api/lessons/sample.json").json(lesson) == {
        **lesson,
        "url": "../../lessons/sample/",
        "poster": "../../media/sample.jpg",
        "sources": [{"url": "../../media/sample.mp4", "type": "video/mp4"}],
        "tracks": {"captions": "../../captions/sample.vtt"},
        "translations": [{"language": "es", "captions": "../../captions/sample.es.vtt"}],
        "related": [{"title": "/lessons/other", "url": "../../lessons/other/"}],
    }


def test_the_lesson_lists_url_keys_are_rewritten_and_its_titles_are_not():
    listing = {
        "lessons": [{"title": "/lessons/plain", "url": "/lessons/a", "api": "/api/lessons/a"}]
    }
    assert Relinker("api/lessons.json").json(listing) == {
        "lessons": [{"title": "/lessons/plain", "url": "../lessons/a/", "api": "lessons/a.json"}]
    }


def test_text_in_a_json_data_block_is_left_as_written():
    page = (
        '<script type="application/json" class="transcript-lines" data-for="en">'
        '[[0.5,1.5,["/media/rl.mp4 is the file"]]]</script>'
        '<script type="application/json" id="lesson-data">'
        '{"chapters":[{"start":0,"title":"/lessons/plain"}]}</script>'
    )
    assert Relinker("lessons/s/index.html").html(page) == page


def test_an_entity_in_a_rewritten_attribute_is_read_then_escaped_again():
    page = '<a href="/lessons/sample/transcript.txt?lang=es&amp;x=1">t</a>'
    assert Relinker("index.html").html(page) == (
        '<a href="lessons/sample/transcript.txt?lang=es&amp;x=1">t</a>'
    )
