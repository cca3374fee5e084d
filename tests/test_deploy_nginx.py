"""docs/deploy.md's nginx in front of `lesson-player serve --production`: nginx serves
static/ and media itself, with byte ranges and the app's security headers, and passes
the rest to the app."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

import pytest
from nginx_support import documented_snippet, running_nginx
from serverproc import REPO, production_server

from player.security import HEADERS


@pytest.fixture(scope="module")
def site(tmp_path_factory, clip):
    captions = tmp_path_factory.mktemp("captions")
    media = tmp_path_factory.mktemp("media")
    (captions / "sample.vtt").write_text("WEBVTT\n\n00:00.500 --> 00:01.500\nThe neck.\n")
    (media / "sample.mp4").write_bytes(clip.read_bytes())
    (media / "notes.toml").write_text("not for the public")
    root = tmp_path_factory.mktemp("nginx")
    with production_server(captions, media) as app:
        replacements = {
            "127.0.0.1:8000": app.url.removeprefix("http://"),
            "/srv/lesson-player/static/": f"{REPO / 'static'}/",
            "/srv/lesson-player/media/": f"{media}/",
        }
        snippet = documented_snippet("app-behind-nginx")
        with running_nginx(snippet, root, replacements) as url:
            yield url, media


def get(url: str, **headers):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers))
    except urllib.error.HTTPError as error:
        return error


def served_by_nginx(response) -> bool:
    # nginx's ETag for a file is "<mtime hex>-<size hex>"; the app's are longer
    etag = response.headers["ETag"] or ""
    return etag.count("-") == 1 and len(etag) < 24


def test_pages_and_tracks_come_from_the_app_with_its_headers(site):
    url, _ = site
    with get(url + "/lessons/sample") as page:
        assert page.status == 200
        assert "The neck." in page.read().decode()
        assert page.headers.get_all("Content-Security-Policy") == [
            HEADERS["Content-Security-Policy"]
        ]
    with get(url + "/captions/sample.vtt") as track:
        assert track.headers["Content-Type"] == "text/vtt; charset=utf-8"


def test_static_files_come_from_nginx_revalidated_with_the_apps_headers(site):
    url, _ = site
    with get(url + "/static/js/main.js") as script:
        assert script.status == 200
        assert served_by_nginx(script)
        assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert script.headers["Cache-Control"] == "no-cache"
        for name, value in HEADERS.items():
            assert script.headers[name] == value, name
        etag = script.headers["ETag"]
    with get(url + "/static/js/main.js", **{"If-None-Match": etag}) as again:
        assert again.status == 304


def test_media_come_from_nginx_with_byte_ranges(site):
    url, media = site
    with get(url + "/media/sample.mp4", Range="bytes=100-199") as video:
        assert video.status == 206
        assert served_by_nginx(video)
        assert video.headers["Content-Type"] == "video/mp4"
        assert (
            video.headers["Content-Range"]
            == f"bytes 100-199/{(media / 'sample.mp4').stat().st_size}"
        )
        assert video.read() == (media / "sample.mp4").read_bytes()[100:200]
        assert video.headers["Cache-Control"] == "public, max-age=3600"
        assert video.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/media/notes.toml", "/static/.hidden", "/media/.sample.mp4"])
def test_what_the_app_would_not_serve_nginx_does_not_serve_either(site, path):
    url, _ = site
    with get(url + path) as response:
        assert response.status == 404


def test_a_redirect_through_nginx_is_a_path_naming_no_host(site):
    url, _ = site
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/lessons//sample", headers={"Host": "evil.example"})
        response = connection.getresponse()
        assert (response.status, response.headers["Location"]) == (308, "/lessons/sample")
    finally:
        connection.close()
