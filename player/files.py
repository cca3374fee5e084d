"""Serving a lesson's files: media with HTTP byte ranges, and caption tracks.

Werkzeug's conditional `send_file` implements single byte ranges (206 with
Content-Range, 416 when unsatisfiable), If-Range, ETag and Last-Modified. This module
only decides which names may be served: a plain file name inside its folder, never
a path, a dotfile or a name that could mean something else on another OS.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, send_file

bp = Blueprint("files", __name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
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
    if not SAFE_NAME.match(name) or ".." in name:
        abort(404, description="No such file.")
    path = folder / name
    try:
        inside = path.resolve().parent == folder.resolve()
    except OSError:
        inside = False
    if not inside or not path.is_file():
        abort(404, description="No such file.")
    return path


@bp.get("/media/<name>")
def media(name: str):
    path = file_in(current_app.config["MEDIA_DIR"], name)
    mime = MEDIA_TYPES.get(path.suffix.lower())
    if mime is None:
        abort(404, description="No such file.")
    response = send_file(path, mimetype=mime, conditional=True, etag=True, max_age=3600)
    response.headers["Accept-Ranges"] = "bytes"
    return response


@bp.get("/captions/<name>")
def captions(name: str):
    if not name.endswith(".vtt"):
        abort(404, description="No such file.")
    path = file_in(current_app.config["CAPTIONS_DIR"], name)
    response = send_file(path, mimetype="text/vtt", conditional=True, etag=True, max_age=0)
    response.headers["Content-Type"] = "text/vtt; charset=utf-8"
    return response
