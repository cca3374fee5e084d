"""Shared fixtures: the app from its factory, a live server, and Debian's Chromium.

Browser tests never skip silently: if Chromium or Playwright is missing they fail
with a message saying what to install (CI installs both).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import tarfile
import threading
from pathlib import Path

import pytest
from viewer_support import open_lesson, screenshot

REPO = Path(__file__).resolve().parent.parent
# Test data copied from the team's ../shared folder (the WebVTT conformance corpus, the seed
# text), kept in the repository so a clean clone tests the same on any machine.
SHARED = REPO / "tests" / "data"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a setup error, not a test result
        pytest.fail("browser tests need Playwright: pip install -e '.[test]'")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and page errors in `page.errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt"}

    def log_message(self, *args):
        pass


def _serve_in_thread(server, servers: list) -> str:
    """Run a started HTTP server in a daemon thread; returns its base URL."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
    return f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def serve_directory():
    """Serve a folder over HTTP on a free loopback port; returns its base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        return _serve_in_thread(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler), servers)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# --- the app and a real short clip -------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLIP_SECONDS = 7


@pytest.fixture(scope="session")
def clip(tmp_path_factory) -> Path:
    """A real 7-second H.264/AAC clip with a keyframe every 0.5 s, made with ffmpeg."""
    if not shutil.which("ffmpeg"):
        pytest.fail("tests need ffmpeg to make the test clip: apt-get install ffmpeg")
    # The bench's recipe: one source for the clip both measure with.
    from bench.lessons import make_clip

    return make_clip(tmp_path_factory.mktemp("clip") / "sample.mp4", CLIP_SECONDS)


@pytest.fixture
def lesson_dirs(tmp_path, clip):
    """A captions folder holding the sample lesson and a media folder holding its clip."""
    captions = tmp_path / "captions"
    media = tmp_path / "media"
    shutil.copytree(FIXTURES / "sample", captions)
    media.mkdir()
    shutil.copy(clip, media / "sample.mp4")
    return captions, media


@pytest.fixture
def app(lesson_dirs):
    from player import create_app

    captions, media = lesson_dirs
    return create_app(captions_dir=captions, media_dir=media, test_config={"TESTING": True})


@pytest.fixture
def client(app):
    from flask.testing import FlaskClient

    class BufferedClient(FlaskClient):
        """Reads each response whole, so streamed files are closed before the test ends."""

        def open(self, *args, buffered=True, **kwargs):
            return super().open(*args, buffered=buffered, **kwargs)

    app.test_client_class = BufferedClient
    return app.test_client()


@pytest.fixture
def live_server():
    """Start the real app on a free loopback port; returns a function app -> base URL."""
    from werkzeug.serving import make_server

    servers = []

    def start(app) -> str:
        return _serve_in_thread(make_server("127.0.0.1", 0, app, threaded=True), servers)

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture
def viewer_app(lesson_dirs):
    """The sample lesson with what the viewer adds to it: a glossary and Spanish captions."""
    from player import create_app

    captions, media = lesson_dirs
    for path in (FIXTURES / "viewer").iterdir():
        shutil.copy(path, captions / path.name)
    return create_app(captions_dir=captions, media_dir=media, test_config={"TESTING": True})


def sample_app(tmp_path_factory, clip, extras=("viewer",), **config):
    """An app on its own copy of the sample lesson, with the files of each fixture folder in
    `extras` added (the viewer's glossary and Spanish captions by default) and `config`."""
    from player import create_app

    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(FIXTURES / "sample", root / "captions")
    for folder in extras:
        for path in (FIXTURES / folder).iterdir():
            shutil.copy(path, root / "captions" / path.name)
    (root / "media").mkdir()
    shutil.copy(clip, root / "media" / "sample.mp4")
    return create_app(root / "captions", root / "media", test_config={"TESTING": True, **config})


@pytest.fixture(scope="module")
def viewer_url(tmp_path_factory, clip):
    """The viewer_app lesson served once per test module, for tests that leave its files
    alone (tests that edit lesson files use viewer_app and live_server)."""
    with serving(sample_app(tmp_path_factory, clip)) as base:
        yield base + "/lessons/sample"


@contextlib.contextmanager
def serving(app):
    """The app on a free loopback port for as long as the block runs; yields its base URL
    (for module-scoped servers; a test's own server comes from `live_server`)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


# --- the static export ----------------------------------------------------------------


@pytest.fixture
def site(tmp_path) -> Path:
    """Where an export test writes its site (inside a folder, so beside it stays free)."""
    return tmp_path / "out" / "site"


@pytest.fixture
def export(lesson_dirs, site):
    """Export the lesson folders into `site`; returns the summary."""
    from player.export import export_site

    captions, media = lesson_dirs
    return lambda: export_site(site, captions, media)


def strings_in(data) -> list[str]:
    """Every string in a JSON document, keys aside."""
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_in(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_in(value)]
    return [data] if isinstance(data, str) else []


# --- accessibility audits (axe-core) --------------------------------------------------
# axe-core comes from the npm registry (`npm pack axe-core@4`), cached in tests/.cache/.
# The page's CSP forbids injected scripts, so only audits bypass it, in their own browser
# contexts; every other test runs under the real policy.

AXE_CACHE = Path(__file__).resolve().parent / ".cache"
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


@pytest.fixture(scope="session")
def axe_script(tmp_path_factory) -> Path:
    cached = AXE_CACHE / "axe.min.js"
    if cached.exists():
        return cached
    if not shutil.which("npm"):
        pytest.fail("the accessibility tests need npm to fetch axe-core: apt-get install npm")
    folder = tmp_path_factory.mktemp("axe")
    subprocess.run(
        ["npm", "pack", "axe-core@4", "--pack-destination", str(folder), "--silent"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (tarball,) = folder.glob("axe-core-*.tgz")
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/axe.min.js")
        AXE_CACHE.mkdir(exist_ok=True)
        cached.write_bytes(member.read())
    return cached


@pytest.fixture
def audit(browser, axe_script, viewer_url):
    """Open the sample lesson (glossary, two languages) in a context that lets axe in; returns
    (open_page, check) where check(page, state) runs axe and saves a screenshot."""
    contexts = []

    def open_page(width=1280, height=800, color_scheme="light", url=viewer_url):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme, bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        if url.endswith("/sample"):
            open_lesson(page, url)
        else:
            page.goto(url)
        return page

    def check(page, state):
        page.add_script_tag(path=str(axe_script))
        violations = page.evaluate(RUN_AXE)
        screenshot(page, f"a11y-{state}")
        assert violations == [], f"{state}: {violations}"

    yield open_page, check
    for context in contexts:
        context.close()
