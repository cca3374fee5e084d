"""Serving a lesson's files: media with HTTP byte ranges, and caption tracks.

Which names may be served: a plain file name inside its folder, never a path, a dotfile
or a name that could mean something else on another OS. How: RFC 9110's conditional and
range rules (`send_ranged`). Werkzeug's `make_conditional` answers ETag, Last-Modified,
If-None-Match and 304; the Range and If-Range decisions are made here, because Werkzeug
answers 416 where RFC 9110 asks for the whole file (`bytes=-N` longer than the file, an
unknown unit, several ranges), 206 where it asks for the whole file (a weak or `*`
If-Range) or for 304 (Range with a matching If-None-Match), and all of `bytes=-0`.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_file
from werkzeug.datastructures import ContentRange
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.http import is_resource_modified, parse_date

from .model import TrackFile
from .publisher_files import stays_in_folder

bp = Blueprint("files", __name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def servable_name(name: str) -> bool:
    """Whether a file name (or one part of a path) may be served: a plain name, no dotfile,
    no ".." that could mean something else on another OS."""
    return bool(SAFE_NAME.match(name)) and ".." not in name


MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".vtt": "text/vtt; charset=utf-8",
}


def file_in(folder: Path, name: str) -> Path:
    """The regular file called `name` directly inside `folder`, or a 404."""
    if not servable_name(name):
        abort(404, description="No such file.")
    path = folder / name
    if not stays_in_folder(path) or not path.is_file():  # a link out, a loop, a FIFO: 404
        abort(404, description="No such file.")
    return path


@bp.before_app_request
def static_files_stay_inside():
    """Flask's /static view serves dotfiles and follows links out of its folder; the
    default media folder is inside static/, so /static keeps /media's rule for names."""
    if request.endpoint != "static":
        return
    folder = Path(current_app.static_folder).resolve()
    parts = (request.view_args or {}).get("filename", "").split("/")
    if not all(servable_name(part) for part in parts):
        abort(404, description="No such file.")
    try:
        inside = folder.joinpath(*parts).resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        inside = False
    if not inside:
        abort(404, description="No such file.")


@bp.get("/media/<name>")
def media(name: str):
    path = file_in(current_app.config["MEDIA_DIR"], name)
    mime = MEDIA_TYPES.get(path.suffix.lower())
    if mime is None:
        abort(404, description="No such file.")
    return send_ranged(path, mime, max_age=MEDIA_MAX_AGE)


@bp.get("/captions/<name>")
def captions(name: str):
    if not name.endswith(".vtt") or not servable_name(name):
        abort(404, description="No such file.")
    if track := _lesson_track(name):
        # The bytes the lesson was loaded from: never a file torn by a write in progress,
        # and with cues nested too deep for a browser unwrapped.
        return send_ranged_bytes(track.body, track.etag, track.mtime, VTT, max_age=0)
    path = file_in(current_app.config["CAPTIONS_DIR"], name)
    return send_ranged(path, VTT, max_age=0)


VTT = "text/vtt; charset=utf-8"


def _lesson_track(name: str) -> TrackFile | None:
    """The track `name` as its lesson holds it: `<slug>.vtt`, `<slug>.<kind or lang>.vtt`.
    What browsers get is always WebVTT in UTF-8: a UTF-16 file re-encoded, and a lesson's
    `<slug>.srt` converted, at `<slug>.vtt` (lesson_loading.py)."""
    slug = name.split(".", 1)[0]
    lesson = current_app.extensions["lessons"].get(slug)
    return lesson.track_files.get(name) if lesson else None


UNSATISFIABLE = "unsatisfiable"
_RANGES_SPECIFIER = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+)=(.*)", re.DOTALL)
_RANGE_SPEC = re.compile(r"([0-9]+)-([0-9]*)|-([0-9]+)")
_BIGGER_THAN_ANY_FILE = 10**19


def requested_span(header: str, size: int) -> tuple[int, int] | str | None:
    """The byte span (first, last) that a Range header asks of a `size`-byte file
    (RFC 9110 §14.1.2), UNSATISFIABLE (416), or None: ignore the header, send it all.

    Ignored: another unit (a server MUST, §14.2), invalid syntax, and several ranges:
    a server MAY ignore Range, and this one never sends multipart/byteranges (browsers
    ask media for one range at a time).
    """
    specifier = _RANGES_SPECIFIER.fullmatch(header)
    if not specifier or specifier[1].lower() != "bytes":
        return None
    # a list may hold empty elements, which a recipient ignores (RFC 9110 §5.6.1.2)
    specs = [spec for item in specifier[2].split(",") if (spec := item.strip(" \t"))]
    spec = _RANGE_SPEC.fullmatch(specs[0]) if len(specs) == 1 else None
    if spec is None:
        return None
    first, last, suffix = (_number(group) for group in spec.groups())
    if suffix is not None:  # the last `suffix` bytes, or all of a shorter file
        return (max(0, size - suffix), size - 1) if suffix and size else UNSATISFIABLE
    if last is not None and last < first:
        return None
    if first >= size:
        return UNSATISFIABLE
    return first, size - 1 if last is None else min(last, size - 1)


def _number(digits: str | None) -> int | None:
    # int() refuses strings of over 4300 digits; any such position is past every file
    if digits is None or digits == "":
        return None
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 19 else _BIGGER_THAN_ANY_FILE


def _if_range_holds(value: str | None, etag: str, last_modified) -> bool:
    """If-Range (RFC 9110 §13.1.5): a strong match of the ETag, or exactly the
    Last-Modified date; anything else (a weak tag, `*`, another date) fails."""
    if value is None:
        return True
    value = value.strip()
    if value.startswith('"'):
        return value == etag
    date = parse_date(value)
    return date is not None and date == last_modified


MEDIA_MAX_AGE = 3600  # seconds a browser may keep a video without asking again


def file_etag(path: Path, stat: os.stat_result) -> str:
    """A file's ETag (unquoted): its version (mtime, size) and which file it is."""
    checksum = zlib.adler32(str(path).encode()) & 0xFFFFFFFF
    return f"{stat.st_mtime}-{stat.st_size}-{checksum}"


def send_ranged(path: Path, mimetype: str, *, max_age: int) -> Response:
    """The file at `path` as a 200, 206, 304 or 416 answer to this GET."""
    file = path.open("rb")
    try:
        stat = os.fstat(file.fileno())
        etag = file_etag(path, stat)
        return _send_open(file, stat.st_size, etag, stat.st_mtime, mimetype, max_age)
    except BaseException:
        file.close()
        raise


def send_ranged_bytes(
    body: bytes, etag: str, mtime: float, mimetype: str, *, max_age: int
) -> Response:
    """`body` (held in memory) as a 200, 206, 304 or 416 answer to this GET."""
    return _send_open(io.BytesIO(body), len(body), etag, mtime, mimetype, max_age)


def _send_open(file, size: int, etag: str, mtime: float, mimetype: str, max_age: int):
    response = send_file(
        file,
        mimetype=mimetype,
        conditional=False,
        etag=etag,
        last_modified=mtime,
        max_age=max_age,
    )
    response.headers["Content-Type"] = mimetype
    response.content_length = size
    environ = request.environ
    # Preconditions come first (RFC 9110 §13.2.2): a matching If-None-Match is a 304 even
    # for a Range request. Werkzeug judges them once Range and If-Range are set aside.
    plain = {k: v for k, v in environ.items() if k not in ("HTTP_RANGE", "HTTP_IF_RANGE")}
    span = None
    etag = response.headers["ETag"]
    if (
        "HTTP_RANGE" in environ
        and is_resource_modified(plain, etag, last_modified=response.last_modified)
        and _if_range_holds(environ.get("HTTP_IF_RANGE"), etag, response.last_modified)
    ):
        span = requested_span(environ["HTTP_RANGE"], size)
    if span is None:
        return response.make_conditional(plain, accept_ranges=True, complete_length=size)
    if span == UNSATISFIABLE:
        response.close()
        raise RequestedRangeNotSatisfiable(length=size)
    first, last = span
    file.seek(first)
    response.response = _body(environ, file, last - first + 1)
    response.status_code = 206
    response.content_length = last - first + 1
    response.content_range = ContentRange("bytes", first, last + 1, size)
    response.accept_ranges = "bytes"
    return response


def _body(environ, file, length: int):
    # A server's wsgi.file_wrapper sends from the file's position and stops at
    # Content-Length (PEP 3333), from its own loop: waitress then needs no worker thread
    # while a slow viewer downloads. Without one (the test client), read the span here.
    if "wsgi.file_wrapper" in environ:
        return environ["wsgi.file_wrapper"](file, CHUNK_BYTES)
    return _FileSpan(file, length)


CHUNK_BYTES = 64 * 1024


class _FileSpan:
    """`length` bytes of `file` from where it stands; closing the span closes the file."""

    def __init__(self, file, length: int) -> None:
        self.file = file
        self.length = length

    def __iter__(self):
        remaining = self.length
        while remaining > 0 and (chunk := self.file.read(min(CHUNK_BYTES, remaining))):
            remaining -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.file.close()

    # Werkzeug's development server skips close() when a browser resets the connection
    # mid-video (its cleanup reads the socket first, which then raises).
    __del__ = close
