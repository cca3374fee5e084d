"""Downloads of a lesson: its transcript as plain text, in any of its caption languages:
`/lessons/<slug>/transcript.txt`, and `/lessons/<slug>/transcript.<lang>.txt` for each
translation."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from .library import lesson_or_404
from .model import Cue, Description, Lesson
from .pages import clock
from .serialize import paragraph_of, seconds

bp = Blueprint("downloads", __name__)


@bp.get("/lessons/<slug>/transcript.txt")
@bp.get("/lessons/<slug>/transcript.<lang>.txt")
def transcript(slug: str, lang: str | None = None):
    # A path per language, not a query: a static copy of the site serves it as a file.
    lesson = lesson_or_404(slug)
    cues = lesson.cues if lang is None else lesson.translations.get(lang)
    if cues is None:
        abort(404, description=f"This lesson has no captions in “{lang}”.")
    suffix = "" if lang is None else f".{lang}"
    return Response(
        transcript_text(lesson, cues),
        mimetype="text/plain",
        headers={
            "Content-Disposition": f'attachment; filename="{slug}-transcript{suffix}.txt"',
        },
    )


def transcript_text(lesson: Lesson, cues: tuple[Cue, ...]) -> str:
    """The transcript as a person would print it: title, then each chapter's heading and
    its lines with their start times, a blank line between paragraphs; in the lesson's own
    language, each audio description too, before the line it precedes, as
    `[0:17] [Description: ...]`."""
    out = [lesson.title, "=" * len(lesson.title), ""]
    described = lesson.descriptions if cues is lesson.cues else ()
    # At one time, a chapter's heading comes before a description.
    notes = sorted(
        [(c.start_ms, 0, c) for c in lesson.chapters] + [(d.start_ms, 1, d) for d in described],
        key=lambda note: note[:2],
    )
    previous = None
    for cue in cues:
        while notes and notes[0][0] <= cue.start_ms:
            _, kind, note = notes.pop(0)
            if out[-1] != "":
                out.append("")
            if kind == 0:
                out += [f"{note.title} ({clock(seconds(note.start_ms))})", ""]
            else:
                out += [_description_line(note), ""]
            previous = None
        if previous is not None and paragraph_of(cue) != paragraph_of(previous):
            out.append("")
        speaker = f"{cue.voice}: " if cue.voice else ""
        out.append(f"[{clock(seconds(cue.start_ms))}] {speaker}{' '.join(cue.text.split())}")
        previous = cue
    trailing = [_description_line(note) for _, kind, note in notes if kind == 1]
    if trailing:
        out += [""] + trailing
    return "\n".join(out) + "\n"


def _description_line(description: Description) -> str:
    return f"[{clock(seconds(description.start_ms))}] [Description: {description.text}]"
