"""The production server: waitress, set up for many viewers streaming video at once.

Waitress is pure Python (nothing to compile, runs wherever the player does) and serves
from one process: a small pool of threads runs the Flask views, and one event loop does
all the socket work. File bodies (whole files and byte ranges alike, see `files._body`)
are handed to that loop through `wsgi.file_wrapper`, so a viewer who downloads slowly, or
whose browser stops reading once its buffer is full, holds a socket, not a thread.
A video's plain byte-range requests, nearly all of a server's requests while lessons
play, are answered by that loop itself without Flask (`media_ranges.py`, issue 15: 0.77x
nginx's rate at 50 clients where the app alone under waitress, gunicorn or granian made
0.10-0.19x; bench/serving.py).
Connections are guarded against clients that hold them without asking for anything
(`slow_clients.py`).
"""

from __future__ import annotations

import logging

from .media_ranges import MediaRanges
from .slow_clients import Limits, guarded_server

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
# Ours (player/slow_clients.py), for what waitress has no setting for.
LIMITS = {
    # A request must arrive whole this long after its first byte (a phone on a poor
    # link sends a request head of a few hundred bytes in well under a second).
    "request_seconds": 15,
    # Connections one client address may hold: a browser opens at most 6 to a host, so
    # this is a dozen browsers behind one address (an office's NAT); a tenth of
    # connection_limit, so one address cannot fill the server. With --proxies there is
    # no cap: the proxy is the only client (limit it there: nginx's limit_conn).
    "connections_per_address": 100,
}


def make_server(app, host: str = "127.0.0.1", port: int = 8000, **overrides):
    """A waitress server for `app`, bound (port 0 picks a free one) but not yet running.
    `overrides` are waitress settings or LIMITS."""
    limits = {key: overrides.pop(key, value) for key, value in LIMITS.items()}
    settings = {**SETTINGS, **overrides}
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        # Waitress would drop X-Forwarded-Proto and -For before the app's ProxyFix
        # (player/mount.py) reads them: the app decides whom to trust, under any server.
        settings["clear_untrusted_proxy_headers"] = False
        limits["connections_per_address"] = None
    media = MediaRanges(app.config["MEDIA_DIR"], app.config["PATH_PREFIX"], settings["ident"])
    return guarded_server(
        app,
        Limits(limits["request_seconds"], limits["connections_per_address"]),
        media,
        host=host,
        port=port,
        **settings,
    )


def serve(app, host: str = "127.0.0.1", port: int = 8000, **overrides) -> int:
    """Serve `app` until interrupted; prints the address actually bound."""
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    server = make_server(app, host, port, **overrides)
    threads = overrides.get("threads", SETTINGS["threads"])
    # One socket, or several when `host` names more than one address (IPv4 and IPv6).
    listening = getattr(server, "effective_listen", None)
    host, port = listening[0] if listening else (server.effective_host, server.effective_port)
    print(
        f"Serving on http://{host}:{port}/ (waitress, {threads} threads; Ctrl+C to stop)",
        flush=True,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
