"""The production server: waitress, set up for many viewers streaming video at once.

Waitress is pure Python (nothing to compile, runs wherever the player does) and serves
from one process: a small pool of threads runs the Flask views, and one event loop does
all the socket work. File bodies (whole files and byte ranges alike, see `files._body`)
are handed to that loop through `wsgi.file_wrapper`, so a viewer who downloads slowly, or
whose browser stops reading once its buffer is full, holds a socket, not a thread.
"""

from __future__ import annotations

import logging

from waitress.server import create_server

# Each setting is waitress's name for it (https://docs.pylonsproject.org/projects/waitress).
SETTINGS = {
    # Threads only run views (a lesson page, the JSON, choosing a range); a video element
    # keeps two or three range requests in flight, so 16 serve many viewers at once.
    "threads": 16,
    # Open connections; waitress's default of 100 is a few dozen viewers.
    "connection_limit": 1000,
    "backlog": 2048,
    # select() cannot watch more than 1024 sockets; poll() can.
    "asyncore_use_poll": True,
    # Close a connection that has been idle this long (seconds) between requests.
    "channel_timeout": 60,
    "cleanup_interval": 15,
    # A request is a GET with a few headers; refuse anything bigger early.
    "max_request_header_size": 64 * 1024,
    "max_request_body_size": 1024 * 1024,
    "ident": "lesson-player",
}


def make_server(app, host: str = "127.0.0.1", port: int = 8000, **overrides):
    """A waitress server for `app`, bound (port 0 picks a free one) but not yet running."""
    return create_server(app, host=host, port=port, **{**SETTINGS, **overrides})


def serve(app, host: str = "127.0.0.1", port: int = 8000, **overrides) -> int:
    """Serve `app` until interrupted; prints the address actually bound."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    server = make_server(app, host, port, **overrides)
    threads = overrides.get("threads", SETTINGS["threads"])
    print(
        f"Serving on http://{server.effective_host}:{server.effective_port}/ "
        f"(waitress, {threads} threads; Ctrl+C to stop)",
        flush=True,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
