"""Bodies made once per version of what they show (a lesson's page, a lesson's JSON), kept
within a byte budget, gzipped once, and sent without being copied.

A 150,000-cue lesson's page is 15 MB. Rendered per request, 200 requests for it took the
server's threads for ~100 s and its memory from 247 MiB to 1.25 GiB (issue 13); made
once, every request shares one bytes object. A big body goes to the WSGI server as a
`wsgi.file_wrapper` over a BytesIO of those bytes (which CPython shares rather than
copies), so waitress sends it from its event loop instead of copying 15 MB per response
into its own buffers; a small one is simply the response's data.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Response, current_app, request
from werkzeug.wsgi import wrap_file

from . import compress
from .compress import MIN_BYTES, accepts_gzip, gzip_etag

# Above this a body is sent through wsgi.file_wrapper (below, the wrapper costs more than
# the copy it saves).
WRAPPED_BYTES = 256 * 1024


class Body:
    """One version of a body: its bytes, a strong ETag of them, and their gzip."""

    def __init__(self, version: tuple, data: bytes, gzip: Callable[[bytes], bytes]):
        self.version = version
        self.data = data
        self._gzip = gzip
        self.etag = hashlib.sha256(data).hexdigest()[:32]
        self._gzipped: bytes | None = None
        self._gzip_lock = threading.Lock()

    def gzipped(self) -> bytes:
        # Made on first demand, once: requests arriving together wait for it.
        with self._gzip_lock:
            if self._gzipped is None:
                self._gzipped = self._gzip(self.data)
        return self._gzipped

    @property
    def size(self) -> int:
        return len(self.data) + len(self._gzipped or b"")


class BodyCache:
    """Bodies by key (a lesson's slug), one version each, at most `max_bytes` together;
    the least recently used go first, and the newest is kept whatever its size.

    `version` is what the body is made from (the Lesson, which the library hands out as
    the same object until one of its files changes; the glossary, compared by value; the
    path the app is mounted at...): a body is current while its version is equal. One
    body is made at a time per key: requests arriving together for a page not yet made
    wait for one rendering rather than each making their own. `gzip` compresses a body
    (compress.gzip_bytes unless told)."""

    def __init__(self, max_bytes: int, gzip: Callable[[bytes], bytes] | None = None):
        self.max_bytes = max_bytes
        self.gzip = gzip or compress.gzip_bytes
        self._bodies: OrderedDict[Hashable, Body] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, version: tuple, make: Callable[[], bytes]) -> Body:
        if (body := self._current(key, version)) is not None:
            return body
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            if (body := self._current(key, version)) is not None:
                return body
            body = Body(version, make(), self.gzip)
            with self._lock:
                self._bodies[key] = body
                self._bodies.move_to_end(key)
                self._trim()
        return body

    def _current(self, key: Hashable, version: tuple) -> Body | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is None or body.version != version:
                return None
            self._bodies.move_to_end(key)
            return body

    def _trim(self) -> None:
        total = sum(body.size for body in self._bodies.values())
        while total > self.max_bytes and len(self._bodies) > 1:
            _, oldest = self._bodies.popitem(last=False)
            total -= oldest.size

    def __len__(self) -> int:
        return len(self._bodies)


def app_cache(name: str, max_bytes: int, gzip: Callable[[bytes], bytes] | None = None):
    """The app's BodyCache called `name`, made on first use."""
    caches = current_app.extensions
    cache = caches.get(name)
    if cache is None:
        cache = caches.setdefault(name, BodyCache(max_bytes, gzip))
    return cache


def send(body: Body, mimetype: str, *, etag: bool = False) -> Response:
    """`body` as the answer, gzipped for a browser that accepts it; with `etag`, its
    strong ETag (each form its own), and a 304 when the browser holds either form."""
    gzipped = len(body.data) >= MIN_BYTES and accepts_gzip()
    tag = gzip_etag(body.etag) if gzipped else body.etag
    if etag:
        # The browser's copy may be either form (it may have asked without gzip before):
        # both are current, so a match on either is a 304 naming the copy it holds.
        for held in (tag, body.etag if gzipped else gzip_etag(body.etag)):
            if request.if_none_match.contains_weak(held):  # RFC 9110 13.1.2: weak comparison
                return Response(
                    status=304, headers={"ETag": f'"{held}"', "Vary": "Accept-Encoding"}
                )
    data = body.gzipped() if gzipped else body.data
    response = Response(mimetype=mimetype)
    if len(data) >= WRAPPED_BYTES:
        response.response = wrap_file(request.environ, io.BytesIO(data))
        response.direct_passthrough = True
    else:
        response.set_data(data)
    response.content_length = len(data)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(tag)
    response.vary.add("Accept-Encoding")
    return response
