"""The JSON API: the lesson list, and each lesson with its parsed cues, glossary and
translations (its body made, and gzipped, once per version of the lesson)."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, jsonify, request

from .compress import MIN_BYTES, accepts_gzip, gzip_bytes, gzip_etag
from .glossary import Glossary, load_glossary
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
    lesson = lesson_or_404(slug)
    cached = _lesson_body(lesson, load_glossary(library().captions_dir, slug))
    gzipped = len(cached.body) >= MIN_BYTES and accepts_gzip()
    etag = gzip_etag(cached.etag) if gzipped else cached.etag
    # The client's copy may be either form (it may have asked without gzip before): both
    # are current, so a match on either is a 304 naming the copy it holds.
    for held in (etag, cached.etag if gzipped else gzip_etag(cached.etag)):
        if request.if_none_match.contains_weak(held):  # RFC 9110 13.1.2: weak comparison
            return Response(status=304, headers={"ETag": f'"{held}"', "Vary": "Accept-Encoding"})
    response = Response(cached.gzipped() if gzipped else cached.body, mimetype="application/json")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    return response


@dataclass
class _Body:
    """A lesson's JSON, as made from that Lesson and Glossary object."""

    lesson: Lesson
    glossary: Glossary
    body: bytes
    etag: str
    _gzipped: bytes | None = None

    def gzipped(self) -> bytes:
        # Made on first demand; two requests racing for it make the same bytes.
        if self._gzipped is None:
            self._gzipped = gzip_bytes(self.body)
        return self._gzipped


def _lesson_body(lesson: Lesson, glossary: Glossary) -> _Body:
    # (slug, mount path) -> _Body. The library hands out the same Lesson object until one of
    # its files changes, and load_glossary the same Glossary until its file does (an equal
    # one when there is no file), so they say whether the body is current.
    # Keyed by the path the app is mounted at too: the body's URLs start with it.
    bodies = current_app.extensions.setdefault("lesson_json", {})
    key = (lesson.slug, request.script_root)
    cached = bodies.get(key)
    if cached and cached.lesson is lesson and cached.glossary == glossary:
        return cached
    data = lesson_dict(lesson, glossary)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    made = _Body(lesson, glossary, body, hashlib.sha256(body).hexdigest()[:32])
    with _bodies_lock:
        bodies[key] = made
    return made
