"""Redirects say where to go as a path on this site, never with the request's Host.

Werkzeug's router answers `/lessons//x` with a redirect to `/lessons/x` (merge_slashes)
whose Location is an absolute URL built from the Host header: `Host: evil.example` came
back as `Location: http://evil.example/lessons/x` (issue 13), and behind a TLS proxy as
`http://`. A path (RFC 9110 10.2.2 allows a relative reference) is right whatever host,
scheme and proxy the browser went through.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, request
from werkzeug.routing import RequestRedirect


def path_redirect():
    """The router's redirect, as a path (with the app's prefix) and its query."""
    error = request.routing_exception
    if not isinstance(error, RequestRedirect):
        return None
    url = urlsplit(error.new_url)
    location = url.path + (f"?{url.query}" if url.query else "")
    return redirect(location, code=error.code)


def register(app) -> None:
    # Flask hands routing redirects to no error handler (it returns them as they are), but
    # before_request functions run first: the redirect is answered here instead.
    app.before_request(path_redirect)
