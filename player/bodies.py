"""A body made once (a lesson's page or JSON, the catalogue: kept by lesson_views.py),
gzipped once, and sent without being copied.

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
from collections.abc import Callable

from flask import Response, request
from werkzeug.wsgi import wrap_file

from .compress import MIN_BYTES, accepts_gzip, gzip_etag

# Above this a body is sent through wsgi.file_wrapper (below, the wrapper costs more than
# the copy it saves).
WRAPPED_BYTES = 256 * 1024


class Body:
    """One version of a body: its bytes, a strong ETag of them, and their gzip."""

    def __init__(self, data: bytes, gzip: Callable[[bytes], bytes]):
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
