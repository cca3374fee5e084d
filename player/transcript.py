"""A lesson's transcripts as the page shows them: one per caption language, each line cut
into pieces by timed word and glossary term.

A transcript of up to `FULL_TRANSCRIPT_MAX_LINES` lines (config, 2000 by default) is rendered
into the page, so it reads without JavaScript, prints, and a screen reader can browse it all.
A longer one (a lecture series, hours of speech) would cost the browser seconds to parse and
hundreds of thousands of elements, so it goes to the page as JSON and the browser draws only
the lines near the viewport (static/js/long-transcript.js). Both forms are built once per
lesson and glossary.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from .glossary import Glossary, Piece, mark_terms
from .languages import direction, language_name
from .model import Cue, Lesson
from .serialize import paragraph_of, seconds


@dataclass(frozen=True)
class Transcript:
    lang: str
    name: str
    dir: str
    count: int
    lines: list[dict] | None  # rendered into the page, or None when drawn from `data`
    data: Markup | None  # the lines as JSON, safe inside a <script> element


def full_max_lines() -> int:
    return int(current_app.config["FULL_TRANSCRIPT_MAX_LINES"])


_lock = threading.Lock()


def transcripts(lesson: Lesson, glossary: Glossary) -> list[Transcript]:
    """The lesson's own language first, then its translations (which have no glossary)."""
    limit = full_max_lines()
    cache = current_app.extensions.setdefault("transcripts", {})
    # The library hands out the same Lesson until one of its files changes, so identity
    # says whether what is cached is current; a glossary is compared by its terms.
    cached = cache.get(lesson.slug)
    if cached and cached[0] is lesson and cached[1] == glossary and cached[2] == limit:
        return cached[3]
    built = [
        build(lesson.language, lesson.cues, glossary, lesson.regions, limit),
        *(build(lang, cues, Glossary(), (), limit) for lang, cues in lesson.translations.items()),
    ]
    with _lock:
        cache[lesson.slug] = (lesson, glossary, limit, built)
    return built


def build(
    lang: str, cues: Sequence[Cue], glossary: Glossary, regions: Sequence, limit: int
) -> Transcript:
    lines = [_line(i, cue, cues, glossary, regions) for i, cue in enumerate(cues)]
    windowed = len(lines) > limit
    return Transcript(
        lang=lang,
        name=language_name(lang),
        dir=direction(lang),
        count=len(lines),
        lines=None if windowed else lines,
        data=_script_json([_line_json(line) for line in lines]) if windowed else None,
    )


def _line(i: int, cue: Cue, cues: Sequence[Cue], glossary: Glossary, regions) -> dict:
    segments = [(seconds(w.start_ms), w.text) for w in cue.words] or [(None, cue.text)]
    if glossary.index is None:  # nothing to mark: one piece per segment (10x faster)
        pieces = [Piece(text, start) for start, text in segments if text]
    else:
        pieces = mark_terms(segments, glossary)
    return {
        "cue": cue,
        "start": seconds(cue.start_ms),
        "end": seconds(cue.end_ms),
        "regions": " ".join(regions[i]) if regions else "",
        "new_paragraph": i > 0 and paragraph_of(cue) != paragraph_of(cues[i - 1]),
        "pieces": pieces,
    }


def _line_json(line: dict) -> list:
    """A line in the short form the browser draws from (static/js/long-transcript.js):
    [start, end, text nodes], and a fourth item with v voice, r regions, p 1 (a paragraph's
    first line) when it has any. Arrays: 20% less to send and to parse than objects. The
    cue index is the line's place (cues are kept in time order, and numbered so)."""
    cue = line["cue"]
    out = [line["start"], line["end"], text_nodes(line["pieces"])]
    more = {}
    if cue.voice:
        more["v"] = cue.voice
    if line["regions"]:
        more["r"] = line["regions"]
    if line["new_paragraph"]:
        more["p"] = 1
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
