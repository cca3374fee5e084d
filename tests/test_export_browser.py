"""The exported site, served under a path prefix by `python -m http.server` and by nginx
(with the configuration in docs/deploy.md), does in Chromium what the server's pages do."""

from __future__ import annotations

import re
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES
from nginx_support import documented_snippet, running_nginx
from serverproc import running
from test_browser_player import open_lesson, play_through
from viewer_support import search

from player.export import export_site
from player.security import HEADERS

pytestmark = pytest.mark.browser

PREFIX = "/some/prefix/"
SERVERS = ["python -m http.server", "nginx"]


@pytest.fixture(scope="module")
def www(tmp_path_factory, clip) -> Path:
    """A web root holding the sample lesson's export at some/prefix/."""
    root = tmp_path_factory.mktemp("export")
    captions, media = root / "captions", root / "media"
    shutil.copytree(FIXTURES / "sample", captions)
    media.mkdir()
    shutil.copy(clip, media / "sample.mp4")
    export_site(root / "www" / PREFIX.strip("/"), captions, media)
    return root / "www"


@pytest.fixture(scope="module")
def http_server(www):
    command = [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0"]
    ready = re.compile(r"\((?P<url>http://127\.0\.0\.1:\d+/)\)")
    with running(command + ["--directory", str(www)], ready) as server:
        yield server.url + PREFIX


@pytest.fixture(scope="module")
def nginx(www, tmp_path_factory):
    site = www / PREFIX.strip("/")
    replacements = {"/srv/lesson-player/site/": f"{site}/"}
    root = tmp_path_factory.mktemp("nginx")
    with running_nginx(documented_snippet("export-under-a-prefix"), root, replacements) as url:
        yield url + PREFIX


@pytest.fixture(params=SERVERS)
def site_url(request) -> str:
    return request.getfixturevalue("http_server" if request.param == SERVERS[0] else "nginx")


def record_csp_violations(page) -> None:
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
    )


@pytest.fixture
def lesson(page, site_url):
    """The exported lesson page, open, with CSP violations recorded in `violations`."""
    record_csp_violations(page)
    open_lesson(page, site_url + "lessons/sample/")
    return page


def test_the_root_page_is_the_lesson_with_no_console_error_or_csp_violation(page, site_url):
    record_csp_violations(page)
    open_lesson(page, site_url)
    assert page.locator("h1").inner_text() == "Sample lesson"
    assert page.locator(".transcript .line").count() == 4
    tracks = page.evaluate(
        "() => [...document.getElementById('video').textTracks].map(t => t.kind + ':' + (t.cues?.length ?? 'none'))"
    )
    assert tracks == ["captions:4", "chapters:2", "metadata:3"]
    assert page.evaluate("window.violations") == []
    assert page.errors == []


def test_playing_highlights_lines_lights_regions_and_marks_chapters(lesson):
    changes = play_through(lesson, until=4.0)
    lines = [c for c in changes if c["kind"] == "line"]
    assert [c["index"] for c in lines] == [0, 1, 2]
    for change, start in zip(lines, [0.5, 1.5, 3.5], strict=True):
        assert start <= change["t"] < start + 0.25, change
    lit = [c["name"] for c in changes if c["kind"] == "region"]
    assert lit[:3] == ["cervical", "thoracic", "t7"]
    assert "nerves" in lit and "legs" in lit
    chapter = lesson.locator('.chapter[aria-current="true"]')
    assert chapter.inner_text().endswith("Symptoms")
    assert lesson.evaluate("window.violations") == []
    assert lesson.errors == []


def test_clicking_a_line_seeks_there_and_lights_that_line(page, nginx):
    open_lesson(page, nginx + "lessons/sample/")
    page.locator('.line[data-cue-index="3"]').click()
    # promptly: played from 0 it would take 5 s to get there
    page.wait_for_function("() => document.getElementById('video').currentTime >= 5", timeout=2000)
    assert page.evaluate("document.getElementById('video').currentTime") < 5.5
    assert page.locator('.line[data-cue-index="3"]').get_attribute("aria-current") == "true"
    assert page.locator('.line[aria-current="true"]').count() == 1
    assert page.errors == []


def test_without_range_requests_the_video_plays_but_cannot_seek(page, http_server):
    # python's http.server ignores Range and sends the whole file. Chromium plays it (the
    # lines light as it plays, above) but holds a resource it cannot ask ranges of to be
    # unseekable, even once all of it is buffered. So the export needs a host that answers
    # ranges, as nginx, object stores and CDNs do; http.server is for a quick look only.
    request = urllib.request.Request(
        http_server + "media/sample.mp4", headers={"Range": "bytes=0-99"}
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    open_lesson(page, http_server + "lessons/sample/")
    page.wait_for_function("() => document.getElementById('video').readyState === 4")
    seekable = "[...Array(v.seekable.length).keys()].map(i => v.seekable.end(i))"
    assert page.evaluate(
        f"() => {{ const v = document.getElementById('video'); return {seekable}; }}"
    ) in ([], [0])
    page.locator('.line[data-cue-index="3"]').click()
    page.wait_for_timeout(500)
    assert page.evaluate("document.getElementById('video').currentTime") < 1


def test_search_finds_a_word(lesson):
    search(lesson, "legs")
    assert lesson.locator("#search-count").inner_text() == "1 of 1 match"
    assert lesson.locator(".transcript mark").all_inner_texts() == ["legs"]


def test_nginx_answers_ranges_with_the_types_and_headers_the_server_sends(nginx):
    request = urllib.request.Request(nginx + "media/sample.mp4", headers={"Range": "bytes=0-99"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 206
        assert response.headers["Content-Range"].startswith("bytes 0-99/")
        assert len(response.read()) == 100
        assert response.headers["Cache-Control"] == "public, max-age=3600"
        assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    for path, content_type in [
        ("captions/sample.vtt", "text/vtt; charset=utf-8"),
        ("static/js/main.js", "text/javascript; charset=utf-8"),
        ("lessons/sample/", "text/html; charset=utf-8"),
        ("api/lessons/sample.json", "application/json; charset=utf-8"),
    ]:
        with urllib.request.urlopen(nginx + path) as response:
            assert response.headers["Content-Type"] == content_type, path
            assert response.headers["Cache-Control"] == "no-cache", path
            assert response.headers["ETag"], path
            for name, value in HEADERS.items():
                assert response.headers[name] == value, (path, name)


def test_nginx_answers_a_missing_page_with_the_404_page(nginx):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(nginx + "no-such-page")
    assert error.value.code == 404
    assert "We could not find that page" in error.value.read().decode()
    assert error.value.headers["X-Content-Type-Options"] == "nosniff"


def test_a_lesson_url_without_its_slash_is_redirected_to_the_folder(site_url):
    with urllib.request.urlopen(site_url + "lessons/sample") as response:
        assert response.url.endswith("/lessons/sample/")
        assert "Sample lesson" in response.read().decode()


def test_an_exported_long_transcript_is_drawn_near_the_viewport(
    page, tmp_path, clip, serve_directory, monkeypatch
):
    """A long transcript exports as the page's JSON; the exported site draws it as the
    server's page does (here with the limit set to 0, so the sample lesson counts as long)."""
    monkeypatch.setenv("LESSON_PLAYER_FULL_TRANSCRIPT_MAX_LINES", "0")
    shutil.copytree(FIXTURES / "sample", tmp_path / "captions")
    (tmp_path / "media").mkdir()
    shutil.copy(clip, tmp_path / "media" / "sample.mp4")
    export_site(tmp_path / "site", tmp_path / "captions", tmp_path / "media")
    record_csp_violations(page)
    open_lesson(page, serve_directory(tmp_path / "site") + "/lessons/sample/")
    assert page.locator(".transcript[data-window] .line-item").count() == 4
    search(page, "legs")
    assert page.locator(".transcript mark").all_inner_texts() == ["legs"]
    assert page.evaluate("window.violations") == [] and page.errors == []
