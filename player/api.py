"""The JSON API: the lesson list, and each lesson with its parsed cues, glossary and
translations (its body made, and gzipped, once per version of the lesson)."""

from __future__ import annotations

import json

from flask import Blueprint, request

from .bodies import app_cache, send
from .compress import gzip_bytes
from .library import lesson_or_404, library
from .model import Lesson
from .serialize import lesson_dict, lesson_summary

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/lessons")
def lessons():
    # Made again only when a lesson changes, appears or goes (the library hands out the
    # same Lesson objects until then): 2,000 lessons are 0.4 MB of JSON.
    every = tuple(library().all())
    version = (every, request.script_root)
    body = app_cache("lesson_list", LIST_MAX_BYTES, gzip_bytes).get(
        "lessons", version, lambda: _list_json(every)
    )
    return send(body, "application/json", etag=True)


LIST_MAX_BYTES = 64 * 2**20


def _list_json(lessons) -> bytes:
    data = {"lessons": [lesson_summary(lesson) for lesson in lessons]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    lesson = lesson_or_404(slug)
    # The library hands out the same Lesson object (its glossary with it) until one of its
    # files changes, so it says whether the body is current; so does the path the app is
    # mounted at, which starts every URL in it. One body per lesson, within a byte budget.
    version = (lesson, request.script_root)
    bodies = app_cache("lesson_json", JSON_MAX_BYTES, gzip_bytes)
    body = bodies.get(slug, version, lambda: _json(lesson))
    return send(body, "application/json", etag=True)


# A 150,000-cue lesson's JSON is 53 MB: a few such lessons, and the rest made again.
JSON_MAX_BYTES = 256 * 2**20


def _json(lesson: Lesson) -> bytes:
    data = lesson_dict(lesson, lesson.glossary)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
