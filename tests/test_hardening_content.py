"""Captions and metadata written to attack the page are shown inert, as text: markup,
scripts, event handlers, `javascript:` URLs, template syntax and bidi controls.

A hostile lesson has the sample's structure (captions, chapters, callouts, metadata, the
clip) with hostile text everywhere; every payload would set `window.pwned` if it ran.
"""

import shutil
from html.parser import HTMLParser

import pytest

from player import create_app

PWN = "window.pwned=1"
RLO, PDF = "\u202e", "\u202c"
CUE_TEXTS = [  # as the viewer must read them (WebVTT's &lt; &gt; &quot; decoded)
    f"<script>{PWN}</script> in the neck",
    f'<img src=x onerror="{PWN}"> thoracic',
    f'<a href="javascript:{PWN}">click</a> <svg onload={PWN}> legs',
    f"{RLO}txt.exe{PDF} {{{{7*7}}}} ${{7*7}} </p></li></ol><iframe src=javascript:{PWN}>",
]
VOICE = f"<img src=x onerror={PWN}>"
CHAPTERS = [f"</script><script>{PWN}</script>", f"<img src=x onerror={PWN}> {RLO}ltr"]
TITLE = f"<script>{PWN}</script>Hostile {RLO}gnp.exe"
SUMMARY = f'<img src=x onerror="{PWN}"> <b>bold</b> javascript:{PWN}'
RELATED_TITLE = f"<a href=javascript:{PWN}>x</a>"
RELATED_URL = f'https://example.org/"><script>{PWN}</script>'


def vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_VTT = f"""WEBVTT

p1-1"><img src=x onerror={PWN}>
00:00:00.500 --> 00:00:01.500
{vtt_escape(CUE_TEXTS[0])}

p1-2
00:00:01.500 --> 00:00:03.000
<v {vtt_escape(VOICE)}>{vtt_escape(CUE_TEXTS[1])}</v>

p2-1
00:00:03.500 --> 00:00:05.000
{vtt_escape(CUE_TEXTS[2])}

p2-2
00:00:05.000 --> 00:00:06.500
{vtt_escape(CUE_TEXTS[3])}
"""
HOSTILE_CHAPTERS = f"""WEBVTT

00:00:00.000 --> 00:00:03.500
{vtt_escape(CHAPTERS[0])}

00:00:03.500 --> 00:00:07.000
{vtt_escape(CHAPTERS[1])}
"""
HOSTILE_CALLOUTS = f"""WEBVTT

00:00:00.500 --> 00:00:01.500
cervical {vtt_escape(VOICE)}
"""
HOSTILE_TOML = f"""title = {toml_string(TITLE)}
summary = {toml_string(SUMMARY)}
language = "en"

[[related]]
title = {toml_string(RELATED_TITLE)}
url = {toml_string(RELATED_URL)}
"""
JSLINK_TOML = f"""title = "A lesson with a script link"

[[related]]
title = "A script link"
url = "javascript:{PWN}"
"""


@pytest.fixture
def hostile_dirs(lesson_dirs):
    """The sample lesson, and beside it `hostile`: the same structure, hostile text."""
    captions, media = lesson_dirs
    (captions / "hostile.vtt").write_text(HOSTILE_VTT)
    (captions / "hostile.chapters.vtt").write_text(HOSTILE_CHAPTERS)
    (captions / "hostile.callouts.vtt").write_text(HOSTILE_CALLOUTS)
    (captions / "hostile.toml").write_text(HOSTILE_TOML)
    shutil.copy(media / "sample.mp4", media / "hostile.mp4")
    (captions / "jslink.vtt").write_text((captions / "sample.vtt").read_text())
    (captions / "jslink.toml").write_text(JSLINK_TOML)
    shutil.copy(media / "sample.mp4", media / "jslink.mp4")
    return lesson_dirs


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and its script elements' text."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)
        elif not self._in_script:
            self.text.append(data)


def page_of(client, slug: str) -> str:
    response = client.get(f"/lessons/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- what the server sends ------------------------------------------------------------


@pytest.mark.parametrize("text", [*CUE_TEXTS, VOICE, *CHAPTERS, TITLE, SUMMARY, RELATED_TITLE])
def test_hostile_text_is_in_the_page_as_text(client, hostile_dirs, text):
    page = page_of(client, "hostile")
    assert text in "".join(Elements(page).text)
    assert text not in page


def test_the_hostile_page_has_no_element_the_sample_page_lacks(client, hostile_dirs):
    hostile = {tag for tag, _ in Elements(page_of(client, "hostile")).tags}
    sample = {tag for tag, _ in Elements(page_of(client, "sample")).tags}
    assert hostile - sample == set()


def test_no_attribute_is_an_event_handler(client, hostile_dirs):
    elements = Elements(page_of(client, "hostile"))
    handlers = [(tag, name) for tag, attrs in elements.tags for name in attrs if name.startswith("on")]  # fmt: skip
    assert handlers == []


def test_no_script_runs_inline_and_every_script_is_the_apps_own(client, hostile_dirs):
    elements = Elements(page_of(client, "hostile"))
    assert elements.inline_scripts == [] or all(
        attrs.get("type") == "application/json"
        for tag, attrs in elements.tags
        if tag == "script" and "src" not in attrs  # fmt: skip
    )
    sources = [attrs.get("src") for tag, attrs in elements.tags if tag == "script" and "src" in attrs]  # fmt: skip
    assert all(src.startswith("/static/") for src in sources)


def test_no_url_in_the_page_is_javascript(client, hostile_dirs):
    elements = Elements(page_of(client, "hostile"))
    urls = [
        value
        for _, attrs in elements.tags
        for name, value in attrs.items()
        if name in ("href", "src", "action", "formaction", "poster", "data", "xlink:href")
    ]
    assert urls and not [u for u in urls if u and u.strip().lower().startswith("javascript:")]


def test_a_javascript_url_in_metadata_is_a_problem_not_a_link(client, hostile_dirs):
    lesson = client.get("/api/lessons/jslink").get_json()
    assert lesson["related"] == []
    assert {
        "file": "jslink.toml",
        "line": None,
        "message": "related #1 needs a title and an http(s) url",
    } in lesson["problems"]
    assert "javascript:" not in page_of(client, "jslink")


def test_the_api_gives_hostile_text_verbatim_as_json(client, hostile_dirs):
    response = client.get("/api/lessons/hostile")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    lesson = response.get_json()
    assert [cue["text"] for cue in lesson["cues"]] == CUE_TEXTS
    assert lesson["cues"][1]["voice"] == VOICE
    assert [c["title"] for c in lesson["chapters"]] == CHAPTERS
    assert (lesson["title"], lesson["summary"]) == (TITLE, SUMMARY)


def test_hostile_captions_download_as_text_vtt_never_html(client, hostile_dirs):
    response = client.get("/captions/hostile.vtt")
    assert response.status_code == 200
    assert response.mimetype == "text/vtt"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


# --- what the browser does with it ------------------------------------------------------

WATCH = """
window.violations = [];
window.dialogs = 0;
document.addEventListener('securitypolicyviolation',
  e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def open_and_play(page, url: str, until: float | None = None):
    page.add_init_script(WATCH)
    page.on("dialog", lambda dialog: (page.errors.append("dialog: " + dialog.message), dialog.dismiss()))  # fmt: skip
    page.goto(url)
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    if until is not None:
        page.evaluate("(() => { const v = document.getElementById('video'); v.muted = true; v.play(); })()")  # fmt: skip
        page.wait_for_function(f"() => document.getElementById('video').currentTime >= {until}", timeout=15000)  # fmt: skip
        page.evaluate("document.getElementById('video').pause()")


@pytest.mark.browser
def test_a_hostile_lesson_played_through_runs_nothing_and_shows_the_text(
    page, app, hostile_dirs, live_server
):
    open_and_play(page, live_server(app) + "/lessons/hostile", until=6.0)
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("window.violations") == []
    assert page.errors == []
    injected = "img, iframe, object, embed, a[href^='javascript' i], [onerror], [onload], [onclick]"
    for region in [".transcript", ".chapters", ".lesson-title", "main"]:
        found = page.evaluate(
            f"[...document.querySelectorAll({region!r})].flatMap(r => [...r.querySelectorAll({injected!r})]).map(e => e.outerHTML)"  # fmt: skip
        )
        assert found == [], region
    transcript = page.locator(".transcript").first.inner_text()
    for text in CUE_TEXTS[:3]:
        assert text in transcript
    assert page.locator(".lesson-title").inner_text() == TITLE


@pytest.mark.browser
def test_a_bidi_override_in_a_cue_stays_inside_its_line(page, app, hostile_dirs, live_server):
    """U+202E in a cue must not reorder the rest of the page: the line's text is isolated
    (`unicode-bidi: isolate`, `plaintext`, or `dir="auto"`, which isolates)."""
    open_and_play(page, live_server(app) + "/lessons/hostile")
    isolation = page.evaluate(
        """() => [...document.querySelectorAll('.transcript .line')].map(line => {
             for (let el = line.querySelector('.text') || line; el; el = el.parentElement) {
               const bidi = getComputedStyle(el).unicodeBidi;
               if (['isolate', 'plaintext', 'isolate-override'].includes(bidi) || el.getAttribute('dir') === 'auto') return true;
               if (el.matches('.line-item, li')) return false;
             }
             return false;
           })"""
    )
    assert isolation and all(isolation)


@pytest.mark.browser
def test_the_built_in_lesson_page_has_no_csp_violation_or_error(page, live_server):
    app = create_app(test_config={"TESTING": True})
    open_and_play(page, live_server(app) + "/", until=2.0)
    assert page.evaluate("window.violations") == []
    assert page.errors == []


@pytest.mark.browser
def test_a_cue_nested_10000_deep_plays_with_captions_on_without_crashing_the_tab(
    page, app, lesson_dirs, live_server
):
    """Served as written, 10,000 nested <c><i><b> crashed Chromium's tab once the cue showed."""
    captions, _ = lesson_dirs
    tags = "<c.a><i><b>" * 3_334 + "deep" + "</b></i></c>" * 3_334
    (captions / "sample.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:05.000\n{tags}\n")
    crashed = []
    page.on("crash", lambda _: crashed.append(True))
    page.goto(live_server(app) + "/lessons/sample")
    page.wait_for_function("() => document.getElementById('video').readyState >= 1")
    page.evaluate(
        """() => { const v = document.getElementById('video'); v.muted = true;
                   for (const t of v.textTracks) if (t.kind === 'captions') t.mode = 'showing';
                   v.currentTime = 1; return v.play(); }"""
    )
    page.wait_for_function("() => document.getElementById('video').currentTime > 2", timeout=15000)
    assert crashed == []
    assert page.evaluate(
        "[...document.getElementById('video').textTracks].find(t => t.kind === 'captions').activeCues[0].text"
    ).endswith("</c>")
    assert page.locator(".transcript").first.inner_text().count("deep") == 1
