"""The JSON API: the lesson list, and each lesson with its parsed cues, glossary and
translations (its body made, and gzipped, once per version of the lesson: lesson_views.py)."""

from __future__ import annotations

import json

from flask import Blueprint

from .bodies import send
from .compress import gzip_bytes
from .lesson_views import library_views, views_of
from .library import lesson_or_404, library
from .model import Lesson
from .serialize import lesson_dict, lesson_summary
from .urls import written_for

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/lessons")
def lessons():
    # Made again only when a lesson changes, appears or goes (the library hands out the
    # same Lesson objects until then): 2,000 lessons are 0.4 MB of JSON.
    every = tuple(library().all())
    version = (every, written_for())
    body = library_views().body("lesson_list", version, lambda: _list_json(every), gzip_bytes)
    return send(body, "application/json", etag=True)


def _list_json(lessons) -> bytes:
    data = {"lessons": [lesson_summary(lesson) for lesson in lessons]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    lesson = lesson_or_404(slug)
    # Kept with the lesson (its glossary and translations in it) until one of its files
    # changes, and for whom its URLs are written (urls.written_for). A 150,000-cue lesson's
    # JSON is 53 MB.
    version = (written_for(),)
    body = views_of(lesson).body("json", version, lambda: _json(lesson), gzip_bytes)
    return send(body, "application/json", etag=True)


def _json(lesson: Lesson) -> bytes:
    data = lesson_dict(lesson, lesson.glossary)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
