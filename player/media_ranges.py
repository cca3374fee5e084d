"""The answer to a video's byte-range request, made without Flask, for the production
server's event loop (player/slow_clients.py).

A playing video asks for one range after another: with 50 viewers these are nearly all of
a server's requests. Through Flask each costs ~0.5 ms of Python (routing, `send_file`, the
symlink check, three header passes) plus a hand-off to a worker thread and back; here it
costs one `lstat` and a header, and the bytes go out from the event loop with `sendfile`.

Only the plainest request is answered here: `GET <prefix>/media/<name>` over HTTP/1.1 with
one satisfiable byte range, no condition (If-*), no body, keeping the connection open, for
a regular file (not a link) of a media type the app serves. Everything else (HEAD, a 200,
304, 416, a link, a missing file, `Connection: close`) goes to the app as before, and the
answers made here are the ones `files.send_ranged` makes (tests/test_media_ranges.py holds
the two side by side).
"""

from __future__ import annotations

import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.http import http_date

from .files import (
    MEDIA_MAX_AGE,
    MEDIA_TYPES,
    UNSATISFIABLE,
    file_etag,
    requested_span,
    servable_name,
)
from .security import HEADERS

# Any of these makes the answer depend on what the browser holds: the app decides.
CONDITIONS = ("IF_RANGE", "IF_NONE_MATCH", "IF_MODIFIED_SINCE", "IF_MATCH", "IF_UNMODIFIED_SINCE")


@dataclass(frozen=True, eq=False)
class MediaFile:
    """One version of a media file: an open descriptor every answer reads from at its own
    offset (closed once neither the cache nor an answer being sent holds it), and what
    its answers say about it."""

    signature: tuple
    fd: int
    size: int
    head: str  # the answer's fixed header lines, each ending in CRLF

    def fileno(self) -> int:
        return self.fd

    def __del__(self):
        os.close(self.fd)


class MediaRanges:
    """Range answers for the files in `media_dir`, served under `prefix` ("" or "/x")."""

    def __init__(self, media_dir: Path, prefix: str, server_name: str):
        self.media_dir = Path(media_dir)
        self.prefix = prefix
        self.server_name = server_name
        self._files: dict[str, MediaFile] = {}
        self._lock = threading.Lock()

    def name_in(self, path: str) -> str | None:
        """The media file a request path names, as the app's route would read it (the
        prefix taken off first if the path has it, as mount.PathPrefix does)."""
        prefix = self.prefix
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :]
        if not path.startswith("/media/"):
            return None
        name = path[len("/media/") :]
        return name if servable_name(name) else None

    def answer(self, request) -> tuple[bytes, MediaFile, int, int] | None:
        """(head, file, offset, length) for a waitress request this module answers, else
        None (the app answers it)."""
        headers = request.headers
        if (
            request.command != "GET"
            or request.version != "1.1"
            or request.content_length
            or request.chunked
            or "RANGE" not in headers
            or headers.get("CONNECTION", "").lower() == "close"
            or any(name in headers for name in CONDITIONS)
        ):
            return None
        name = self.name_in(request.path)
        if name is None:
            return None
        media = self._current(name)
        if media is None:
            return None
        span = requested_span(headers["RANGE"], media.size)
        if span is None or span == UNSATISFIABLE:
            return None
        first, last = span
        head = (
            "HTTP/1.1 206 Partial Content\r\n"
            f"Content-Length: {last - first + 1}\r\n"
            f"Content-Range: bytes {first}-{last}/{media.size}\r\n"
            f"{_dates()}{media.head}\r\n"
        )
        return head.encode("latin-1"), media, first, last - first + 1

    def _current(self, name: str) -> MediaFile | None:
        """The open version of `name` if it is what the folder holds now: one lstat per
        request, so a file replaced or rewritten is noticed at its next request."""
        mime = MEDIA_TYPES.get(os.path.splitext(name)[1].lower())
        if mime is None:
            return None
        path = os.path.join(self.media_dir, name)
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):  # a link, a folder, a FIFO: the app decides
            return None
        media = self._files.get(name)
        if media is not None and media.signature == _signature(info):
            return media
        return self._open(name, Path(path), mime)

    def _open(self, name: str, path: Path, mime: str) -> MediaFile | None:
        try:  # without blocking: a FIFO put there since the lstat answers at once
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None
        media = MediaFile(_signature(info), fd, info.st_size, self._head(path, info, mime))
        with self._lock:
            self._files[name] = media
        return media

    def _head(self, path: Path, info: os.stat_result, mime: str) -> str:
        # What files.send_ranged says of the file.
        fields = {
            "Accept-Ranges": "bytes",
            "Cache-Control": f"public, max-age={MEDIA_MAX_AGE}",
            "Content-Type": mime,
            "ETag": f'"{file_etag(path, info)}"',
            "Last-Modified": http_date(info.st_mtime),
            "Server": self.server_name,
            **HEADERS,
        }
        return "".join(f"{name}: {value}\r\n" for name, value in fields.items())


_date_lines = (0, "")


def _dates() -> str:
    """The Date and Expires lines, made once a second (a header date has whole seconds)."""
    global _date_lines
    now = int(time.time())
    second, lines = _date_lines
    if second != now:
        lines = f"Date: {http_date(now)}\r\nExpires: {http_date(now + MEDIA_MAX_AGE)}\r\n"
        _date_lines = (now, lines)
    return lines


def _signature(info: os.stat_result) -> tuple:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class FileSpan:
    """A waitress out-buffer: `length` bytes of a media file from `offset`, sent by the
    channel with sendfile (player/slow_clients.py), or read with pread where it asks."""

    def __init__(self, media: MediaFile, offset: int, length: int):
        self.media = media
        self.offset = offset
        self.remain = length

    def __len__(self) -> int:
        return self.remain

    def get(self, numbytes: int = -1, skip: bool = False) -> bytes:
        if numbytes == -1 or numbytes > self.remain:
            numbytes = self.remain
        data = os.pread(self.media.fileno(), numbytes, self.offset)
        if skip:
            self.skip(len(data))
        return data

    def skip(self, numbytes: int, allow_prune: bool = False) -> None:
        self.offset += numbytes
        self.remain -= numbytes

    def close(self) -> None:
        self.remain = 0
