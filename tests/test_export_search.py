"""The static export searches too: a Pagefind index in the site, queried by the exported
search page in the browser, under a plain static host and the pages' strict policy."""

from __future__ import annotations

import re
import shutil
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES
from nginx_support import documented_snippet, running_nginx

from player import cli
from player.export import export_site
from player.export_search import WORKER_POLICY, moment_id, search_document
from player.model import Cue, Lesson
from player.security import CONTENT_SECURITY_POLICY
from player.urls import EXPORTED_AS, url

PREFIX = "some/prefix"
QUERY_WAIT_MS = 10_000

# Two lessons beside the sample: one says "sciatica" in three lines, one says it once.
LESSONS = {
    "sciatica": (
        "What sciatica feels like",
        [
            ("00:00.500", "00:01.500", "Sciatica is a pain along the sciatic nerve."),
            ("00:01.500", "00:03.000", "Sciatica feels like a shooting pain down the leg."),
            ("00:03.500", "00:05.000", "When sciatica lasts more than a week, see a doctor."),
        ],
    ),
    "neck": (
        "Your neck",
        [
            ("00:00.500", "00:02.000", "Your neck has seven small bones."),
            ("00:02.000", "00:04.000", "Neck pain is not sciatica."),
            ("00:04.000", "00:05.000", "A label like &lt;b&gt; or &lt;script&gt; is text here."),
        ],
    ),
}
CHAPTERS = "WEBVTT\n\n00:00.000 --> 00:03.500\nSymptoms\n\n00:03.500 --> 00:07.000\nSee a doctor\n"


def write_lessons(captions: Path, media: Path, clip: Path) -> None:
    shutil.copytree(FIXTURES / "sample", captions)
    media.mkdir()
    for slug in ["sample", *LESSONS]:
        shutil.copy(clip, media / f"{slug}.mp4")
    for slug, (title, cues) in LESSONS.items():
        blocks = [f"{start} --> {end}\n{text}" for start, end, text in cues]
        (captions / f"{slug}.vtt").write_text("WEBVTT\n\n" + "\n\n".join(blocks) + "\n")
        (captions / f"{slug}.toml").write_text(f'title = "{title}"\nlanguage = "en"\n')
    (captions / "sciatica.chapters.vtt").write_text(CHAPTERS)


@pytest.fixture(scope="module")
def www(tmp_path_factory, clip) -> Path:
    """A web root holding an export of three lessons at some/prefix/."""
    root = tmp_path_factory.mktemp("export-search")
    captions, media = root / "captions", root / "media"
    write_lessons(captions, media, clip)
    export_site(root / "www" / PREFIX, captions, media)
    return root / "www"


@pytest.fixture
def site_url(www, serve_directory) -> str:
    return f"{serve_directory(www)}/{PREFIX}/"


def policy_of(page: str) -> list[str]:
    """The sources and keywords of a page's meta policy: "'self'", "'wasm-unsafe-eval'"..."""
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    return policy.replace(";", " ").split()


def type_query(page, text: str) -> None:
    page.locator("#static-search-q").fill(text)
    page.wait_for_function(
        "() => document.getElementById('static-search-status').textContent !== ''",
        timeout=QUERY_WAIT_MS,
    )


def lesson_titles(page) -> list[str]:
    return page.locator(".static-search-lesson h2").all_inner_texts()


def watch_policy_violations(page) -> None:
    page.add_init_script(
        "window.violations = [];"
        "addEventListener('securitypolicyviolation', (e) =>"
        " window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )


# --- what the export writes ------------------------------------------------------------


def test_the_export_writes_the_search_page_and_pagefinds_search_bundle(www):
    site = www / PREFIX
    assert (site / "search/index.html").is_file()
    for name in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"]:
        assert (site / "pagefind" / name).is_file(), name
    assert list((site / "pagefind/index").iterdir())
    assert list((site / "pagefind/fragment").iterdir())
    # Pagefind's ready-made UIs are not used: not shipped
    assert not list((site / "pagefind").glob("pagefind-*ui*"))


def test_a_second_export_of_unchanged_lessons_reuses_the_whole_index(www, tmp_path):
    # Pagefind's files are named by their content: unchanged, each is hard-linked as it was
    site = www / PREFIX
    before = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    captions = www.parent / "captions"
    summary = export_site(site, captions, www.parent / "media")
    after = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    assert after == before
    assert summary.tally.written == 0


def test_a_changed_lesson_rewrites_only_its_own_fragment_of_the_index(lesson_dirs, site):
    captions, media = lesson_dirs
    shutil.copy(captions / "sample.vtt", captions / "second.vtt")
    shutil.copy(media / "sample.mp4", media / "second.mp4")
    export_site(site, captions, media)
    before = {p.name: p.stat().st_ino for p in (site / "pagefind/fragment").iterdir()}
    vtt = captions / "second.vtt"
    vtt.write_text(vtt.read_text().replace("stays text", "is still text"))
    export_site(site, captions, media)
    after = {p.name: p.stat().st_ino for p in (site / "pagefind/fragment").iterdir()}
    assert len(before) == len(after) == 2
    (kept,) = set(before) & set(after)  # the sample's fragment, hard-linked as it was
    assert after[kept] == before[kept]


def test_every_page_the_search_page_too_keeps_the_strict_policy(www):
    # WebAssembly is compiled in Pagefind's worker, under the worker's own policy
    site = www / PREFIX
    strict = policy_of((site / "lessons/sciatica/index.html").read_text())
    assert "'wasm-unsafe-eval'" not in strict and "'unsafe-eval'" not in strict
    for page in ["index.html", "lessons/index.html", "search/index.html"]:
        assert policy_of((site / page).read_text()) == strict, page


def test_the_lesson_pages_search_form_sends_its_query_to_the_exported_search_page(www):
    page = (www / PREFIX / "lessons/sciatica/index.html").read_text()
    assert 'action="../../search/" method="get"' in page


def test_the_pages_search_form_sends_its_query_to_the_exported_search_page(app):
    for exported_as, expected in [
        ("lessons/sample/index.html", "../../search/"),
        ("lessons/index.html", "../search/"),
        ("search/index.html", "./"),
    ]:
        with app.test_request_context(environ_overrides={EXPORTED_AS: exported_as}):
            assert url("search.page") == expected


def test_a_line_is_a_moment_headed_with_its_media_fragment():
    cues = tuple(
        Cue(index=i, id="", start_ms=ms, end_ms=ms + 500, text=text, raw=text, line=1)
        for i, (ms, text) in enumerate([(0, "first"), (3500, "<b>a & b</b>"), (83_010, "late")])
    )
    document = search_document(Lesson(slug="x", title="T <i>", language="fr", cues=cues))
    assert '<html lang="fr">' in document
    assert '<h3 id="t=0">first</h3>' in document
    assert '<h3 id="t=3.5">&lt;b&gt;a &amp; b&lt;/b&gt;</h3>' in document
    assert '<h3 id="t=83.01">late</h3>' in document
    assert "<h1>T &lt;i&gt;</h1>" in document
    assert moment_id(1000) == "t=1"


def test_without_pagefinds_binary_the_export_fails_saying_how_to_install_it(
    lesson_dirs, site, capsys, monkeypatch
):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(site.parent / "no-such-pagefind"))
    captions, media = lesson_dirs
    status = cli.main(["export", str(site), "--captions", str(captions), "--media", str(media)])
    err = capsys.readouterr().err
    assert status == 2
    assert "pip install 'pagefind[bin]==1.5.2'" in err
    assert not site.exists()


@pytest.fixture(scope="module")
def nginx_site_url(www, tmp_path_factory):
    """The export served by nginx as docs/deploy.md configures it: the export's server block
    with the search's location (its policy allows WebAssembly) inside."""
    server = documented_snippet("export-under-a-prefix").rstrip()
    assert server.endswith("}")
    config = server[:-1] + documented_snippet("export-search-worker") + "}\n"
    replacements = {"/srv/lesson-player/site/": f"{www / PREFIX}/"}
    with running_nginx(config, tmp_path_factory.mktemp("nginx"), replacements) as base:
        yield f"{base}/{PREFIX}/"


# --- in the browser, under a plain static host -----------------------------------------

in_browser = pytest.mark.browser


@in_browser
def test_a_query_lists_the_lesson_that_says_it_most_first(page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "sciatica")
    titles = lesson_titles(page)
    assert titles[:2] == ["What sciatica feels like", "Your neck"]
    assert page.locator("#static-search-status").inner_text() == "2 lessons found for “sciatica”."
    assert page.errors == []


@in_browser
def test_a_moment_shows_its_time_its_line_with_the_hit_marked_and_its_chapter(page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "doctor")
    lesson = page.locator(".static-search-lesson").first
    moment = lesson.locator(".static-search-moments li", has_text="more than a week")
    assert moment.locator(".static-search-time").inner_text() == "0:03"
    assert moment.locator("mark").first.inner_text().lower() == "doctor"
    assert "see a doctor" in moment.locator(".static-search-text").inner_text()
    assert moment.locator(".static-search-chapter").inner_text() == "See a doctor"


@in_browser
def test_a_moment_link_opens_the_lesson_page_playing_from_that_time(page, nginx_site_url):
    # nginx: a host that answers byte ranges (python -m http.server does not, and Chromium
    # cannot seek a video it cannot ask ranges of: docs/deploy.md)
    page.goto(nginx_site_url + "search/")
    type_query(page, "week")
    link = page.locator(".static-search-moments a").first
    assert link.get_attribute("href").endswith(f"/{PREFIX}/lessons/sciatica/#t=3.5&hit=week")
    link.click()
    page.wait_for_url("**/lessons/sciatica/#t=3.5&hit=week")
    page.wait_for_function(
        "() => { const v = document.getElementById('video');"
        " return v && v.readyState >= 1 && Math.abs(v.currentTime - 3.5) < 0.3; }"
    )
    # and the word found is lit in that line (static/js/search-hit.js, the server's search's)
    page.wait_for_function("() => CSS.highlights.get('search-hit')?.size === 1")
    assert page.errors == []


@in_browser
def test_the_search_form_query_in_the_url_is_searched_on_arrival(page, site_url):
    page.goto(site_url + "search/?q=seven+bones")
    page.wait_for_function(
        "() => document.querySelector('.static-search-lesson')", timeout=QUERY_WAIT_MS
    )
    assert page.locator("#static-search-q").input_value() == "seven bones"
    assert lesson_titles(page)[0] == "Your neck"


@in_browser
def test_a_query_with_no_hit_says_so_and_offers_the_catalogue(page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "zebra")
    assert page.locator("#static-search-status").inner_text() == "No lesson matches “zebra”."
    assert page.locator("#static-search-results").is_hidden()
    offer = page.locator("#static-search-none a")
    assert offer.is_visible()
    assert offer.get_attribute("href") == "../lessons/"


@in_browser
def test_nothing_of_pagefind_loads_before_a_query_is_typed(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "lessons/sciatica/")
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.goto(site_url + "search/")
    page.wait_for_load_state("networkidle")
    page.locator("#static-search-q").focus()
    assert not [u for u in requested if "/pagefind/" in u]
    type_query(page, "neck")
    assert [u for u in requested if u.endswith("/pagefind/pagefind.js")]


@in_browser
def test_the_search_page_works_under_its_policy_with_no_violation(page, site_url):
    warnings = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    watch_policy_violations(page)
    page.goto(site_url + "search/")
    type_query(page, "pain")
    assert lesson_titles(page)
    assert page.evaluate("window.violations") == []
    assert page.errors == []
    assert not [w for w in warnings if "pagefind" in w.lower()]  # not even its worker's


@in_browser
def test_a_publishers_words_in_results_are_text_never_markup(page, site_url):
    page.goto(site_url + "search/")
    type_query(page, "label")
    text = page.locator(".static-search-text").first.inner_text()
    assert "A label like <b> or <script> is text here." in text
    assert page.locator("#static-search-results b, #static-search-results script").count() == 0


@in_browser
def test_the_results_are_reachable_by_keyboard(page, site_url):
    page.goto(site_url + "search/?q=sciatica")
    page.wait_for_function(
        "() => document.querySelector('.static-search-lesson')", timeout=QUERY_WAIT_MS
    )
    page.locator("#static-search-q").focus()
    focused = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent"))
    assert focused[0] == "Search"
    assert focused[1] == "What sciatica feels like"
    assert re.match(r"0:0\d: ", focused[2]), focused[2]


@in_browser
def test_under_nginx_sending_the_documented_headers_the_search_works(page, nginx_site_url):
    watch_policy_violations(page)
    page.goto(nginx_site_url + "search/?q=sciatica")
    page.wait_for_function(
        "() => document.querySelector('.static-search-lesson')", timeout=QUERY_WAIT_MS
    )
    assert lesson_titles(page)[0] == "What sciatica feels like"
    assert page.evaluate("window.violations") == []
    assert page.errors == []
    policies = {}
    for path in [
        "search/",
        "lessons/sciatica/",
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
    ]:
        with urllib.request.urlopen(nginx_site_url + path) as response:
            policies[path] = response.headers["Content-Security-Policy"]
    # the worker's script alone may compile WebAssembly
    assert policies.pop("pagefind/pagefind-worker.js") == WORKER_POLICY
    assert not [path for path, policy in policies.items() if "wasm" in policy]


@in_browser
def test_with_the_strict_policy_on_the_worker_too_the_page_says_search_cannot_load(
    page, nginx_site_url
):
    # what a host sending the strict header everywhere gets (docs/deploy.md): a clear message
    def strict(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CONTENT_SECURITY_POLICY}
        route.fulfill(response=response, headers=headers)

    page.route("**/pagefind-worker.js", strict)
    page.goto(nginx_site_url + "search/")
    type_query(page, "sciatica")
    status = page.locator("#static-search-status").inner_text()
    assert status == "Search could not load its index. Try again later."


@in_browser
@pytest.mark.parametrize(
    "query, width, height, scheme",
    [("sciatica", 1366, 768, "light"), ("zebra", 390, 844, "dark")],
    ids=["results-laptop-light", "no-hit-phone-dark"],
)
def test_the_search_page_has_no_accessibility_violation(
    audit, site_url, query, width, height, scheme
):
    open_page, check = audit
    page = open_page(width=width, height=height, color_scheme=scheme, url=site_url + "search/")
    type_query(page, query)
    check(page, f"export-search-{query}-{scheme}")
