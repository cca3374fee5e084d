"""Gzip for what a browser reads as text: pages, the JSON API and static/ scripts, styles and
SVG, when the browser accepts it. A lesson page shrinks about five-fold (85 KB -> 17 KB),
which matters to a viewer on a phone.

Media and caption tracks are never compressed (already compressed, or served in byte
ranges), nor is any answer to a Range request: a range of a gzipped body is not a range of
the file. A compressed answer has its own strong ETag (the plain one's with `-gz`), since
its bytes differ, and everything that may be compressed says `Vary: Accept-Encoding`.
Output is deterministic (no time stamp in the gzip header), so the same body always gives
the same bytes and the same ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import mimetypes
import os
import threading
from stat import S_ISREG

from flask import current_app, request, send_file
from werkzeug.security import safe_join

MIN_BYTES = 1024  # below this, gzip's header and a round of decoding cost more than they save
LEVEL = 6
# Types made on the fly by views; the lesson JSON compresses itself, once (see api.py).
DYNAMIC_TYPES = {"text/html", "application/json"}
STATIC_SUFFIXES = {".js", ".mjs", ".css", ".svg"}


def gzip_bytes(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)


def accepts_gzip() -> bool:
    return request.accept_encodings.quality("gzip") > 0


def gzip_etag(etag: str) -> str:
    """The ETag of the gzipped form of the body whose ETag is `etag`."""
    return f"{etag}-gz"


def compress_dynamic(response):
    """Other dynamic answers (the empty state, error pages), compressed anew on each
    request: they are small. Lesson pages and JSON, the catalogue and the lesson list are
    made and gzipped once per version (bodies.py) and pass through untouched."""
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.mimetype not in DYNAMIC_TYPES
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    if not accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip_bytes(body))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(gzip_etag(etag), weak=weak)
    return response


def static_file(filename: str):
    """Flask's /static view, but a script, style or SVG goes gzipped to a browser that accepts
    it, compressed once per version of the file (path, mtime, size)."""
    app = current_app
    if os.path.splitext(filename)[1].lower() not in STATIC_SUFFIXES or "Range" in request.headers:
        return app.send_static_file(filename)
    path = safe_join(str(app.static_folder), filename)
    gzipped = _gzipped_file(path) if path and accepts_gzip() else None
    if gzipped is None:
        response = app.send_static_file(filename)
    else:
        body, etag, mtime = gzipped
        response = send_file(
            io.BytesIO(body),
            mimetype=mimetypes.guess_type(filename)[0],
            etag=etag,
            last_modified=mtime,
            max_age=app.get_send_file_max_age(filename),
        )
        response.headers["Content-Encoding"] = "gzip"
        # Ranges are served from the plain file only: none of the gzipped bytes.
        response.headers.pop("Accept-Ranges", None)
    response.vary.add("Accept-Encoding")
    return response


_static_lock = threading.Lock()


def _gzipped_file(path: str) -> tuple[bytes, str, float] | None:
    """(gzipped bytes, their ETag, mtime) of the file at `path`; None for a file too small to
    be worth it or not a regular file (then send_static_file answers, with its 404)."""
    try:
        stat = os.stat(path)
        if not S_ISREG(stat.st_mode) or stat.st_size < MIN_BYTES:
            return None
        cache = current_app.extensions.setdefault("gzipped_static", {})
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    entry = (gzip_bytes(data), gzip_etag(hashlib.sha256(data).hexdigest()[:32]), stat.st_mtime)
    with _static_lock:
        cache[path] = (stamp, entry)  # one entry per file: an edit replaces the old one
    return entry


def register(app) -> None:
    app.after_request(compress_dynamic)
    if "static" in app.view_functions:
        app.view_functions["static"] = static_file
