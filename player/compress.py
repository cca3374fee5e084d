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
from dataclasses import dataclass
from stat import S_ISREG

from flask import current_app, request, send_file
from werkzeug.security import safe_join

from .lean_code import without_comments

MIN_BYTES = 1024  # below this, gzip's header and a round of decoding cost more than they save
LEVEL = 6
# Types made on the fly by views; the lesson JSON compresses itself, once (see api.py).
DYNAMIC_TYPES = {"text/html", "application/json"}
STATIC_SUFFIXES = {".js", ".mjs", ".css", ".svg"}
LEAN_SUFFIXES = {".js", ".mjs", ".css"}


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
    made and gzipped once per version (lesson_views.py) and pass through untouched."""
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
    """Flask's /static view, but a script, style or SVG is sent as made once per version of
    the file (path, mtime, size): scripts and styles without their comments (lean_code.py),
    gzipped for a browser that accepts it. A range is a range of the plain form."""
    app = current_app
    suffix = os.path.splitext(filename)[1].lower()
    if suffix not in STATIC_SUFFIXES:
        return app.send_static_file(filename)
    path = safe_join(str(app.static_folder), filename)
    shipped = _shipped_file(path, suffix) if path else None
    if shipped is None:
        return app.send_static_file(filename)  # its 404, or a file that is not regular
    zipped = shipped.gzipped is not None and accepts_gzip() and "Range" not in request.headers
    response = send_file(
        io.BytesIO(shipped.gzipped if zipped else shipped.plain),
        mimetype=mimetypes.guess_type(filename)[0],
        etag=gzip_etag(shipped.etag) if zipped else shipped.etag,
        last_modified=shipped.mtime,
        max_age=app.get_send_file_max_age(filename),
        conditional=True,
    )
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
        # Ranges are served from the plain form only: none of the gzipped bytes.
        response.headers.pop("Accept-Ranges", None)
    response.vary.add("Accept-Encoding")
    return response


@dataclass(frozen=True)
class Shipped:
    plain: bytes  # what the browser runs: the file, lean for a script or a style
    gzipped: bytes | None  # None when too small to be worth it
    etag: str
    mtime: float


_static_lock = threading.Lock()


def shipped_bytes(data: bytes, suffix: str) -> bytes:
    """A static file's bytes as they are sent (and exported): lean for scripts and styles."""
    if suffix not in LEAN_SUFFIXES:
        return data
    try:
        return without_comments(data.decode("utf-8"), suffix).encode("utf-8")
    except UnicodeDecodeError:
        return data


def _shipped_file(path: str, suffix: str) -> Shipped | None:
    """The file at `path` as it is sent; None when it is not a regular file (then
    send_static_file answers, with its 404)."""
    try:
        stat = os.stat(path)
        if not S_ISREG(stat.st_mode):
            return None
        cache = current_app.extensions.setdefault("shipped_static", {})
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    plain = shipped_bytes(data, suffix)
    entry = Shipped(
        plain,
        gzip_bytes(plain) if len(plain) >= MIN_BYTES else None,
        hashlib.sha256(plain).hexdigest()[:32],
        stat.st_mtime,
    )
    with _static_lock:
        cache[path] = (stamp, entry)  # one entry per file: an edit replaces the old one
    return entry


def register(app) -> None:
    app.after_request(compress_dynamic)
    if "static" in app.view_functions:
        app.view_functions["static"] = static_file
