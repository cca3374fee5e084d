"""Lessons as JSON-ready dicts: the one place that turns milliseconds into seconds."""

from __future__ import annotations

import re

from .glossary import Glossary
from .languages import language_name
from .model import Cue, Lesson
from .urls import url

PARAGRAPH_ID = re.compile(r"^p(\d+)-\d+$")


def seconds(ms: int) -> float:
    return ms / 1000


def paragraph_of(cue: Cue) -> int | None:
    """Paragraph number from a `p{paragraph}-{n}` cue id, the scheme the studio writes."""
    match = PARAGRAPH_ID.match(cue.id)
    return int(match.group(1)) if match else None


def cue_dict(cue: Cue, regions: tuple[str, ...]) -> dict:
    return {
        "index": cue.index,
        "id": cue.id,
        "start": seconds(cue.start_ms),
        "end": seconds(cue.end_ms),
        "text": cue.text,
        "voice": cue.voice,
        "regions": list(regions),
        "paragraph": paragraph_of(cue),
        "words": [{"start": seconds(w.start_ms), "text": w.text} for w in cue.words],
    }


def problems_list(problems) -> list[dict]:
    return [{"file": p.file, "line": p.line, "message": p.message} for p in problems]


def lesson_summary(lesson: Lesson) -> dict:
    return {
        "slug": lesson.slug,
        "title": lesson.title,
        "summary": lesson.summary,
        "language": lesson.language,
        "topics": list(lesson.topics),
        "url": url("pages.lesson", slug=lesson.slug),
        "api": url("api.lesson", slug=lesson.slug),
        "poster": lesson.poster and url("files.media", name=lesson.poster),
        "duration": seconds(lesson.cues[-1].end_ms) if lesson.cues else None,
        "cue_count": len(lesson.cues),
        "broken": lesson.broken,
        "problems": problems_list(lesson.problems),
    }


def lesson_dict(lesson: Lesson, glossary: Glossary | None = None) -> dict:
    return {
        **lesson_summary(lesson),
        "related": [{"title": r.title, "url": r.url} for r in lesson.related],
        "sources": [
            {"url": url("files.media", name=s.name), "type": s.mime} for s in lesson.sources
        ],
        "tracks": {kind: url("files.captions", name=name) for kind, name in lesson.tracks.items()},
        "cues": [cue_dict(c, r) for c, r in zip(lesson.cues, lesson.regions, strict=True)],
        "chapters": chapters_list(lesson),
        "callouts": callouts_list(lesson),
        "glossary": glossary_dict(glossary or Glossary()),
        "translations": translations_list(lesson),
    }


def chapters_list(lesson: Lesson) -> list[dict]:
    return [
        {"start": seconds(c.start_ms), "end": seconds(c.end_ms), "title": c.title}
        for c in lesson.chapters
    ]


def callouts_list(lesson: Lesson) -> list[dict]:
    return [
        {"start": seconds(c.start_ms), "end": seconds(c.end_ms), "regions": list(c.regions)}
        for c in lesson.callouts
    ]


def glossary_dict(glossary: Glossary) -> dict:
    """The terms a page would mark, and why there are none when its file is broken."""
    return {
        "terms": [
            {"key": t.key, "term": t.term, "definition": t.definition, "forms": list(t.forms)}
            for t in glossary.terms
        ],
        "problems": problems_list(glossary.problems),
    }


def translations_list(lesson: Lesson) -> list[dict]:
    return [
        {
            "language": lang,
            "name": language_name(lang),
            "cue_count": len(cues),
            "captions": url("files.captions", name=lesson.translation_track(lang)),
        }
        for lang, cues in lesson.translations.items()
    ]
