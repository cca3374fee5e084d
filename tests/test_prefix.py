"""The app under a path of a site (`/education/`): every URL it writes starts with that
path, whether the WSGI server says so (SCRIPT_NAME) or a trusted proxy does
(X-Forwarded-Prefix, with PROXIES set); an untrusted client's header changes nothing."""

from __future__ import annotations

import json
import re

import pytest
from nginx_support import documented_snippet, running_nginx
from serverproc import production_server

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


def test_a_trusted_proxy_says_the_prefix(app):
    from player import create_app

    proxied = create_app(
        app.config["CAPTIONS_DIR"], app.config["MEDIA_DIR"], {"TESTING": True, "PROXIES": 1}
    )
    html = proxied.test_client().get("/lessons/sample", headers={"X-Forwarded-Prefix": PREFIX})
    assert [u for u in own_urls(html.text) if not u.startswith(PREFIX + "/")] == []


def test_without_trusted_proxies_a_clients_forwarded_headers_change_nothing(client):
    headers = {"X-Forwarded-Prefix": PREFIX, "X-Forwarded-Host": "evil.example"}
    html = client.get("/lessons/sample", headers=headers).text
    assert not [u for u in own_urls(html) if u.startswith(PREFIX)]
    lesson = client.get("/api/lessons/sample", headers=headers).get_json()
    assert not [u for u in api_urls(lesson) if u.startswith(PREFIX)]


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory, clip):
    captions = tmp_path_factory.mktemp("captions")
    media = tmp_path_factory.mktemp("media")
    (captions / "sample.vtt").write_text(
        "WEBVTT\n\n00:00.500 --> 00:02.000\nThe neck.\n\n00:03.000 --> 00:05.000\nThe back.\n"
    )
    (media / "sample.mp4").write_bytes(clip.read_bytes())
    with production_server(captions, media, "--proxies", "1") as app:
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
