"""Where the app is: the path it is served under (`PATH_PREFIX`), which is configuration and
never a request header, and the reverse proxies trusted to say who the client is and
whether it came over HTTPS (`PROXIES`). The same under any WSGI server.

A prefix taken from a header (`X-Forwarded-Prefix`) would let whoever can set it choose
the start of every URL the app writes, and make each value a page and a lesson JSON of
its own to build and keep (issue 13: 53 MiB per prefix for a 150,000-cue lesson).
"""

from __future__ import annotations

import re

SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def path_prefix(value) -> str:
    """`PATH_PREFIX` as SCRIPT_NAME wants it: "" for none, else "/education" (one leading
    slash, none trailing); a ValueError for anything but plain path segments."""
    segments = [s for s in str(value or "").split("/") if s]
    bad = [s for s in segments if not SEGMENT.fullmatch(s) or s in (".", "..")]
    if bad:
        raise ValueError(f"PATH_PREFIX must be a path like /education, not {value!r}")
    return "".join(f"/{segment}" for segment in segments)


class PathPrefix:
    """WSGI middleware: the app is at `prefix`. A request path that still starts with it
    (a proxy passing paths as they are) has it taken off; one that does not (a proxy that
    took it off) is served as it is. Either way every URL the app writes starts with it."""

    def __init__(self, app, prefix: str):
        self.app = app
        self.prefix = prefix

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["PATH_INFO"] = path[len(self.prefix) :]
        environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def mount(app) -> None:
    """Wrap `app.wsgi_app` as its config says: the path prefix, then the trusted proxies'
    X-Forwarded-For and -Proto (Host is the one the proxy passes on; the prefix is never
    taken from X-Forwarded-Prefix)."""
    prefix = path_prefix(app.config["PATH_PREFIX"])
    app.config["PATH_PREFIX"] = prefix
    if prefix:
        app.wsgi_app = PathPrefix(app.wsgi_app, prefix)
    proxies = int(app.config["PROXIES"] or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)
