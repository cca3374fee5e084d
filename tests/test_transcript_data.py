"""How a transcript goes into the page: rendered when it is short, as JSON for the browser
to draw near the viewport when it has more lines than FULL_TRANSCRIPT_MAX_LINES."""

import json
import os
import re
from html.parser import HTMLParser

import pytest

from player import transcript
from player.glossary import Piece, Term
from player.model import Chapter, Cue
from player.transcript import chapter_headings, text_nodes


class Transcripts(HTMLParser):
    """The page's transcript lists, their rendered lines and their JSON scripts."""

    def __init__(self, page: str):
        super().__init__()
        self.lists, self.items, self.scripts = [], 0, {}
        self._script = None
        self._in_template = False  # the line template a long transcript's lines are cloned from
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and "transcript" in attrs.get("class", "").split():
            self.lists.append(attrs)
        elif tag == "li" and "line-item" in attrs.get("class", "") and not self._in_template:
            self.items += 1
        elif tag == "template":
            self._in_template = True
        elif tag == "script" and attrs.get("class") == "transcript-lines":
            self._script = attrs["data-for"]
            self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "template":
            self._in_template = False

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] += data


@pytest.fixture
def viewer_client(viewer_app):
    return viewer_app.test_client()


def page(client, limit: int) -> Transcripts:
    client.application.config["FULL_TRANSCRIPT_MAX_LINES"] = limit
    response = client.get("/lessons/sample")
    assert response.status_code == 200
    return Transcripts(response.get_data(as_text=True))


def test_a_transcript_within_the_limit_is_rendered_into_the_page(viewer_client):
    found = page(viewer_client, 4)
    assert [t["data-lang"] for t in found.lists] == ["en", "es"]
    assert found.items == 8  # four lines in English, four in Spanish
    assert found.scripts == {}
    assert all("data-window" not in t for t in found.lists)


def test_a_longer_one_goes_as_json_beside_an_empty_list(viewer_client):
    found = page(viewer_client, 3)
    assert found.items == 0
    assert [(t["data-lang"], t["data-window"]) for t in found.lists] == [("en", "4"), ("es", "4")]
    lines = json.loads(found.scripts["en"])
    # [start, end, text nodes, {voice, paragraph start, chapters} when any]; line i is cue i.
    assert [line[:2] for line in lines] == [[0.5, 1.5], [1.5, 3.0], [3.5, 5.0], [5.0, 6.5]]
    more = [line[3] if len(line) > 3 else {} for line in lines]
    assert more[1]["v"] == "Dr. Lee"
    assert "v" not in more[0]
    assert [m.get("p") for m in more] == [None, None, 1, None]  # p2-1 opens paragraph 2
    assert all("r" not in m for m in more), "regions are the diagram's track, not the lines'"


def test_each_line_holds_its_words_and_glossary_terms_as_the_page_nests_them(viewer_client):
    lines = json.loads(page(viewer_client, 0).scripts["en"])
    # "neck" is a glossary term; the cue has no word timings: plain text around a term.
    assert lines[0][2] == ["Cancer can spread to the ", {"g": "neck", "c": ["neck"]}, "."]
    # Word timings: [start, text]; the first word starts with the cue.
    assert lines[2][2] == [[3.5, "Pain may spread "], [4.0, "to the "], [4.5, "legs & feet."]]
    assert lines[1][2][1] == {"g": "tumour", "c": ["tumours"]}
    assert lines[3][2] == ["alert(1) stays text"]  # an unknown tag is dropped, as browsers do


def test_a_term_inside_timed_words_holds_the_words_it_covers():
    tumour = Term("tumour", "Tumour", "A lump.", ("tumour",))
    pieces = [
        Piece("the ", 1.0),
        Piece("tu", 1.5, tumour, opens=True),
        Piece("mour", 2.0, tumour, closes=True),
        Piece("s", 2.0),
    ]
    assert text_nodes(pieces) == [
        [1.0, "the "],
        {"g": "tumour", "c": [[1.5, "tu"], [2.0, "mour"]]},
        [2.0, "s"],
    ]


def test_markup_in_a_cue_cannot_end_or_comment_out_its_script_element(viewer_app):
    captions = viewer_app.config["CAPTIONS_DIR"]
    (captions / "sample.vtt").write_text(
        "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\n"
        "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;!-- &amp; --&gt;\n",
        encoding="utf-8",
    )
    found = page(viewer_app.test_client(), 0)
    raw = found.scripts["en"]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    text = json.loads(raw)[0][2]
    assert text == ["</script><script>window.pwned=1</script><!-- & -->"]


def test_without_javascript_a_long_transcript_says_where_the_whole_text_is(viewer_client):
    viewer_client.application.config["FULL_TRANSCRIPT_MAX_LINES"] = 3
    html = viewer_client.get("/lessons/sample").get_data(as_text=True)
    note = re.search(r'<p class="no-js long-transcript">(.*?)</p>', html, re.S).group(1)
    assert "(4 lines)" in note and "download" in note
    assert 'class="download-text"' in html
    assert 'class="print"' not in html  # printing a window of lines would mislead


def test_lines_are_built_once_and_again_when_the_captions_change(viewer_app, monkeypatch):
    calls = []
    build = transcript.build
    monkeypatch.setattr(transcript, "build", lambda *a: calls.append(a[0]) or build(*a))
    client = viewer_app.test_client()
    page(client, 0)
    page(client, 0)
    assert calls == ["en", "es"]
    path = viewer_app.config["CAPTIONS_DIR"] / "sample.vtt"
    path.write_text(path.read_text().replace("neck", "back"), encoding="utf-8")
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    lines = json.loads(page(client, 0).scripts["en"])
    assert calls == ["en", "es", "en", "es"]
    assert lines[0][2] == ["Cancer can spread to the back."]


def cue_at(i: int, start_ms: int) -> Cue:
    return Cue(i, "", start_ms, start_ms + 1000, f"line {i}", f"line {i}", 1)


def test_a_chapters_heading_goes_before_the_first_line_that_starts_in_it():
    cues = [cue_at(0, 0), cue_at(1, 2000), cue_at(2, 4000), cue_at(3, 6000)]
    chapters = [Chapter(0, 3000, "One"), Chapter(3000, 5000, "Two"), Chapter(5000, 7000, "Three")]
    # Line 1 starts in chapter One; chapter Two begins during it, so its heading waits for
    # line 2, the first line that starts in Two.
    assert chapter_headings(cues, chapters) == ([["One"], [], ["Two"], ["Three"]], [])


def test_every_chapter_has_its_heading_even_without_a_line_of_its_own():
    cues = [cue_at(0, 500), cue_at(1, 9000)]
    chapters = [
        Chapter(0, 4000, "One"),
        Chapter(4000, 8000, "Silent"),  # no line starts in it
        Chapter(8000, 9500, "Two"),
        Chapter(9500, 12000, "After the words"),
    ]
    assert chapter_headings(cues, chapters) == ([["One"], ["Silent", "Two"]], ["After the words"])


def test_the_page_heads_each_chapters_first_line_in_both_forms(viewer_client):
    html = viewer_client.get("/lessons/sample").get_data(as_text=True)
    english = html[html.index('data-lang="en"') : html.index('data-lang="es"')]
    assert english.count('<li class="chapter-heading">') == 2
    assert english.index("<h3>Symptoms</h3>") < english.index('data-cue-index="2"')
    assert english.index('data-cue-index="1"') < english.index("<h3>Symptoms</h3>")
    lines = json.loads(page(viewer_client, 0).scripts["en"])
    assert [line[3].get("h") if len(line) > 3 else None for line in lines] == [
        ["Where it spreads"],
        None,
        ["Symptoms"],
        None,
    ]


def test_a_translations_headings_say_they_are_in_the_lessons_language(viewer_client):
    html = viewer_client.get("/lessons/sample").get_data(as_text=True)
    spanish = html[html.index('data-lang="es"') :]
    assert '<li class="chapter-heading" lang="en" dir="ltr"><h3>Symptoms</h3></li>' in spanish
