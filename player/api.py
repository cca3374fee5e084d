"""The JSON API: the lesson list and each lesson with its parsed cues."""

from __future__ import annotations

import hashlib
import json
import threading

from flask import Blueprint, Response, current_app, jsonify, request

from .library import lesson_or_404, library
from .model import Lesson
from .serialize import lesson_dict, lesson_summary

bp = Blueprint("api", __name__, url_prefix="/api")

_bodies_lock = threading.Lock()


@bp.get("/lessons")
def lessons():
    return jsonify({"lessons": [lesson_summary(lesson) for lesson in library().all()]})


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    body, etag = _lesson_body(lesson_or_404(slug))
    if etag in request.if_none_match:
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    return response


def _lesson_body(lesson: Lesson) -> tuple[bytes, str]:
    # slug -> (the Lesson it was made from, body, etag). The library hands out the same Lesson
    # object until one of its files changes, so identity says whether the body is current.
    _bodies = current_app.extensions.setdefault("lesson_json", {})
    cached = _bodies.get(lesson.slug)
    if cached and cached[0] is lesson:
        return cached[1], cached[2]
    body = json.dumps(lesson_dict(lesson), ensure_ascii=False, separators=(",", ":")).encode()
    etag = hashlib.sha256(body).hexdigest()[:32]
    with _bodies_lock:
        _bodies[lesson.slug] = (lesson, body, etag)
    return body, etag
