"""The app under a path of a site (`/education/`): every URL it writes starts with that
path, whether the setting says so (PATH_PREFIX, `serve --prefix`) or the WSGI server does
(SCRIPT_NAME); no request header (X-Forwarded-Prefix) changes it, even from a trusted
proxy. The same under the development server and waitress."""

from __future__ import annotations

import http.client
import json
import re

import pytest
from conftest import serving
from flask import request
from nginx_support import documented_snippet, running_nginx
from serverproc import production_server
from test_hardening_requests import waitress_serving

from player import create_app

PREFIX = "/education"
URL_ATTRIBUTE = re.compile(r'\b(?:href|src|poster|action)="([^"]*)"')


def own_urls(html: str) -> list[str]:
    """The URLs of the page that point into this site (not #fragments, not other sites)."""
    return [u for u in URL_ATTRIBUTE.findall(html) if u.startswith("/")]


def api_urls(lesson: dict) -> list[str]:
    urls = [lesson["url"], lesson["api"], lesson["poster"], *lesson["tracks"].values()]
    return [url for url in urls if url] + [source["url"] for source in lesson["sources"]]


def test_mounted_under_a_path_every_url_of_the_page_starts_with_it(client):
    html = client.get("/lessons/sample", base_url="http://localhost" + PREFIX).text
    urls = own_urls(html)
    assert len(urls) >= 8  # stylesheets, scripts, the video, its tracks, downloads
    assert [u for u in urls if not u.startswith(PREFIX + "/")] == []
    assert f'src="{PREFIX}/media/sample.mp4"' in html


def test_mounted_under_a_path_every_url_of_the_json_starts_with_it(client):
    root = client.get("/api/lessons/sample").get_json()
    mounted = client.get("/api/lessons/sample", base_url="http://localhost" + PREFIX).get_json()
    assert all(url.startswith(PREFIX + "/") for url in api_urls(mounted))
    # The body cached for one mount path is not served for the other.
    assert all(not url.startswith(PREFIX) for url in api_urls(root))
    assert mounted["sources"][0]["url"] == PREFIX + root["sources"][0]["url"]


@pytest.fixture
def mounted(lesson_dirs):
    """The app told it is served under PREFIX (`serve --prefix`, config PATH_PREFIX)."""
    return create_app(*lesson_dirs, {"TESTING": True, "PATH_PREFIX": PREFIX})


SERVERS = {"development": serving, "production": waitress_serving}


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    """One GET, redirects not followed."""
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("path", [PREFIX + "/lessons/sample", "/lessons/sample"])
def test_with_the_prefix_setting_every_url_starts_with_it_under_both_servers(mounted, server, path):
    # The path may come with the prefix (nginx passing paths as they are) or without it
    # (a proxy that takes it off): the same page either way.
    with SERVERS[server](mounted) as url:
        status, _, page = fetch(url + path)
        _, _, body = fetch(url + path.replace("/lessons/", "/api/lessons/"))
    assert status == 200
    urls = own_urls(page.decode())
    assert len(urls) >= 8
    assert [u for u in urls if not u.startswith(PREFIX + "/")] == []
    assert all(url.startswith(PREFIX + "/") for url in api_urls(json.loads(body)))


@pytest.mark.parametrize("server", SERVERS)
def test_under_the_prefix_a_doubled_slash_redirects_to_the_path_with_the_prefix(mounted, server):
    with SERVERS[server](mounted) as url:
        status, headers, _ = fetch(url + PREFIX + "/lessons//sample", Host="evil.example")
    assert (status, headers["Location"]) == (308, PREFIX + "/lessons/sample")


def test_the_prefix_setting_comes_from_the_environment_too(lesson_dirs, monkeypatch):
    monkeypatch.setenv("LESSON_PLAYER_PATH_PREFIX", "/education/")
    app = create_app(*lesson_dirs, {"TESTING": True})
    assert app.config["PATH_PREFIX"] == PREFIX
    html = app.test_client().get("/lessons/sample").text
    assert f'src="{PREFIX}/media/sample.mp4"' in html


@pytest.mark.parametrize("prefix", ["/a b", "/../x", '/x"onload="', "/x?y"])
def test_a_prefix_that_is_not_a_plain_path_is_refused(lesson_dirs, prefix):
    with pytest.raises(ValueError, match="PATH_PREFIX"):
        create_app(*lesson_dirs, {"PATH_PREFIX": prefix})


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forwarded_prefix_header_changes_no_url_even_from_a_trusted_proxy(lesson_dirs, proxies):
    app = create_app(*lesson_dirs, {"TESTING": True, "PROXIES": proxies})
    headers = {"X-Forwarded-Prefix": "/evil", "X-Forwarded-Host": "evil.example"}
    html = app.test_client().get("/lessons/sample", headers=headers).text
    assert [u for u in own_urls(html) if u.startswith("/evil")] == []
    lesson = app.test_client().get("/api/lessons/sample", headers=headers).get_json()
    assert [u for u in api_urls(lesson) if u.startswith("/evil")] == []


def test_twenty_mount_paths_leave_one_page_and_one_lesson_json_kept_per_lesson(app, client):
    # However a server came to say twenty paths, what is kept per lesson stays one body
    # (for a 150,000-cue lesson, 53 MB of JSON and 15 MB of page).
    for n in range(20):
        base = f"http://localhost/prefix-{n}"
        assert client.get("/api/lessons/sample", base_url=base).status_code == 200
        assert client.get("/lessons/sample", base_url=base).status_code == 200
    # Its transcripts, its page and its JSON: one each.
    assert len(app.extensions["lessons"].views_budget) == 3


def app_showing_what_it_sees(lesson_dirs, proxies: int):
    app = create_app(*lesson_dirs, {"TESTING": True, "PROXIES": proxies})

    @app.get("/seen")
    def seen():
        return {"scheme": request.scheme, "client": request.remote_addr, "host": request.host}

    return app


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


@pytest.mark.parametrize("server", SERVERS)
def test_behind_a_trusted_proxy_the_app_sees_the_scheme_and_client_it_says(lesson_dirs, server):
    with SERVERS[server](app_showing_what_it_sees(lesson_dirs, proxies=1)) as url:
        _, _, body = fetch(url + "/seen", Host="clinic.example", **FORWARDED)
    assert json.loads(body) == {
        "scheme": "https",
        "client": "203.0.113.9",
        "host": "clinic.example",
    }


@pytest.mark.parametrize("server", SERVERS)
def test_without_a_trusted_proxy_forwarded_headers_are_ignored(lesson_dirs, server):
    with SERVERS[server](app_showing_what_it_sees(lesson_dirs, proxies=0)) as url:
        _, _, body = fetch(url + "/seen", **FORWARDED)
    assert json.loads(body)["scheme"] == "http"
    assert json.loads(body)["client"] == "127.0.0.1"


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory, clip):
    captions = tmp_path_factory.mktemp("captions")
    media = tmp_path_factory.mktemp("media")
    (captions / "sample.vtt").write_text(
        "WEBVTT\n\n00:00.500 --> 00:02.000\nThe neck.\n\n00:03.000 --> 00:05.000\nThe back.\n"
    )
    (media / "sample.mp4").write_bytes(clip.read_bytes())
    with production_server(captions, media, "--proxies", "1", "--prefix", PREFIX) as app:
        upstream = {"127.0.0.1:8000": app.url.removeprefix("http://").rstrip("/")}
        root = tmp_path_factory.mktemp("nginx")
        with running_nginx(documented_snippet("app-under-a-prefix"), root, upstream) as url:
            yield url + PREFIX + "/"


@pytest.mark.browser
def test_behind_nginx_under_a_prefix_the_lesson_plays_seeks_and_searches(page, behind_nginx):
    page.goto(behind_nginx + "lessons/sample")
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.locator('.line[data-cue-index="1"]').click()
    page.wait_for_function(
        "() => document.querySelector('.line[data-cue-index=\"1\"]').ariaCurrent === 'true'"
    )
    assert page.evaluate("document.getElementById('video').currentTime") >= 3.0
    page.locator("#transcript-search").fill("back")
    page.wait_for_function("() => document.querySelectorAll('.transcript mark').length === 1")
    assert page.errors == []
    lesson = json.loads(page.evaluate("fetch('../api/lessons/sample').then((r) => r.text())"))
    assert lesson["sources"][0]["url"] == PREFIX + "/media/sample.mp4"


def test_behind_nginx_under_a_prefix_a_redirect_is_a_path_under_it(behind_nginx):
    status, headers, _ = fetch(behind_nginx + "lessons//sample", Host="evil.example")
    assert (status, headers["Location"]) == (308, PREFIX + "/lessons/sample")


def test_behind_nginx_a_clients_forwarded_prefix_changes_no_url(behind_nginx):
    _, _, page = fetch(behind_nginx + "lessons/sample", **{"X-Forwarded-Prefix": "/evil"})
    urls = own_urls(page.decode())
    assert urls and [u for u in urls if not u.startswith(PREFIX + "/")] == []
