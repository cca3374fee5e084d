"""A lesson's transcripts as the page shows them: one per caption language, each line cut
into pieces by timed word and glossary term.

A transcript of up to `FULL_TRANSCRIPT_MAX_LINES` lines (config, 2000 by default) is rendered
into the page, so it reads without JavaScript, prints, and a screen reader can browse it all.
A longer one (a lecture series, hours of speech) would cost the browser seconds to parse and
hundreds of thousands of elements, so it goes to the page as JSON and the browser draws only
the lines near the viewport (static/js/long-transcript.js). Both forms are built once per
loaded lesson and kept with it (lesson_views.py). In both, each chapter's title is a heading
before its first line, so a screen reader can jump from chapter to chapter.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from .glossary import Glossary, Piece, mark_terms
from .languages import direction, language_name
from .lesson_views import views_of
from .model import Chapter, Cue, Description, Lesson
from .serialize import paragraph_of, seconds


@dataclass(frozen=True)
class Transcript:
    lang: str
    name: str
    dir: str
    count: int
    lines: list[dict] | None  # rendered into the page, or None when drawn from `data`
    data: Markup | None  # the lines as JSON, safe inside a <script> element
    chapters_after: list[str]  # headings of chapters that start after the last line


def full_max_lines() -> int:
    return int(current_app.config["FULL_TRANSCRIPT_MAX_LINES"])


def transcripts(lesson: Lesson) -> list[Transcript]:
    """The lesson's own language first, then its translations (which have no glossary);
    built once per loaded lesson and limit, and kept with the lesson."""
    limit = full_max_lines()
    return views_of(lesson).get(
        "transcripts", (limit,), lambda: _built(lesson, limit), transcripts_size
    )


def _built(lesson: Lesson, limit: int) -> list[Transcript]:
    chapters = lesson.chapters
    built = [
        build(lesson.language, lesson.cues, lesson.glossary, limit, chapters),
        *(
            build(lang, cues, Glossary(), limit, chapters)
            for lang, cues in lesson.translations.items()
        ),
    ]
    place_descriptions(built[0], lesson.descriptions)
    return built


# What a line rendered into the page holds in memory, roughly (measured with a deep
# sys.getsizeof of 2,000-line transcripts of 60-character cues): its dict ~360 bytes, and
# ~290 per piece (a timed word, a glossary term, or its whole text when it has neither).
LINE_BYTES = 360
PIECE_BYTES = 290


def transcripts_size(built: list[Transcript]) -> int:
    """The bytes transcripts hold, for the views' budget: a windowed one is its JSON (its
    lines are not kept), one rendered into the page is weighed by its lines' pieces."""
    return sum(
        len(t.data)
        if t.lines is None
        else sum(LINE_BYTES + PIECE_BYTES * len(line["pieces"]) for line in t.lines)
        for t in built
    )


def build(
    lang: str,
    cues: Sequence[Cue],
    glossary: Glossary,
    limit: int,
    chapters: Sequence[Chapter] = (),
) -> Transcript:
    headings, after = chapter_headings(cues, chapters)
    lines = [
        {**_line(i, cue, cues, glossary), "chapters": headings[i]} for i, cue in enumerate(cues)
    ]
    windowed = len(lines) > limit
    return Transcript(
        lang=lang,
        name=language_name(lang),
        dir=direction(lang),
        count=len(lines),
        lines=None if windowed else lines,
        data=_script_json([_line_json(line) for line in lines]) if windowed else None,
        chapters_after=after,
    )


def chapter_headings(
    cues: Sequence[Cue], chapters: Sequence[Chapter]
) -> tuple[list[list[str]], list[str]]:
    """The chapter titles to head each line with: a chapter's heading goes before the first
    line that starts within it (a line that starts before a chapter belongs to the one
    before). A chapter no line starts in is headed just before the next one's heading, and
    those after the last line come after it: every chapter has its heading, in order."""
    headings: list[list[str]] = [[] for _ in cues]
    k = 0
    for i, cue in enumerate(cues):
        while k < len(chapters) and chapters[k].start_ms <= cue.start_ms:
            headings[i].append(chapters[k].title)
            k += 1
    return headings, [c.title for c in chapters[k:]]


def place_descriptions(transcript: Transcript, descriptions: Sequence[Description]) -> None:
    """Each audio description goes after the last line that starts before it, or before the
    line that starts with it (after its chapter's heading) or before the first line: as a
    line's `descriptions` (after it) or `descriptions_before`, in the order of the .txt
    download. A transcript drawn from JSON shows none: the download has them."""
    if not transcript.lines:
        return
    starts = [line["start"] for line in transcript.lines]
    for description in descriptions:
        start = seconds(description.start_ms)
        i = bisect.bisect_left(starts, start)
        item = {"start": start, "text": description.text}
        if i < len(starts) and (i == 0 or starts[i] == start):
            transcript.lines[i].setdefault("descriptions_before", []).append(item)
        else:
            transcript.lines[i - 1].setdefault("descriptions", []).append(item)


def _line(i: int, cue: Cue, cues: Sequence[Cue], glossary: Glossary) -> dict:
    segments = [(seconds(w.start_ms), w.text) for w in cue.words] or [(None, cue.text)]
    if glossary.index is None:  # nothing to mark: one piece per segment (10x faster)
        pieces = [Piece(text, start) for start, text in segments if text]
    else:
        pieces = mark_terms(segments, glossary)
    return {
        "cue": cue,
        "start": seconds(cue.start_ms),
        "end": seconds(cue.end_ms),
        "new_paragraph": i > 0 and paragraph_of(cue) != paragraph_of(cues[i - 1]),
        "pieces": pieces,
    }


def _line_json(line: dict) -> list:
    """A line in the short form the browser draws from (static/js/long-transcript.js):
    [start, end, text nodes], and a fourth item with v voice, p 1 (a paragraph's
    first line), h (the titles of the chapters it starts) when it has any. Arrays: 20% less
    to send and to parse than objects. The cue index is the line's place (cues are kept in
    time order, and numbered so)."""
    cue = line["cue"]
    out = [line["start"], line["end"], text_nodes(line["pieces"])]
    more = {}
    if cue.voice:
        more["v"] = cue.voice
    if line["new_paragraph"]:
        more["p"] = 1
    if line["chapters"]:
        more["h"] = line["chapters"]
    if more:
        out.append(more)
    return out


def text_nodes(pieces: Sequence[Piece]) -> list:
    """The line's text as the page's elements nest it: a string is text, [start, text] a
    timed word, {"g": key, "c": [...]} a glossary term holding text and words."""
    nodes: list = []
    term: dict | None = None
    for piece in pieces:
        if piece.opens:
            term = {"g": piece.term.key, "c": []}
            nodes.append(term)
        node = piece.text if piece.start is None else [piece.start, piece.text]
        (term["c"] if term else nodes).append(node)
        if piece.closes:
            term = None
    return nodes


def _script_json(value) -> Markup:
    # Inside <script>, "</script>" or "<!--" in a cue's text would end or confuse the element:
    # escaped as \u003c they are the same JSON and inert HTML.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
