"""Our app on a free loopback port (werkzeug in a thread), with a bench-only folder of
comparison pages mounted at /bench/ so they share its origin, media URLs and byte ranges."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from flask import Blueprint, send_from_directory
from werkzeug.serving import make_server

JS_TYPES = (".js", ".mjs")


def mount_folder(app, folder: Path) -> None:
    blueprint = Blueprint("bench", __name__, url_prefix="/bench")

    @blueprint.get("/<path:name>")
    def bench_file(name: str):
        # Module scripts need a JavaScript MIME type (the app sends nosniff).
        mimetype = "text/javascript" if name.endswith(JS_TYPES) else None
        return send_from_directory(folder, name, mimetype=mimetype, max_age=0)

    app.register_blueprint(blueprint)


@contextmanager
def running_app(captions: Path | None, media: Path | None, pages: Path | None = None):
    """Yield the base URL of `player.create_app(...)` served on 127.0.0.1 (folders None:
    the app's defaults, i.e. the built-in lesson)."""
    from player import create_app

    app = create_app(captions_dir=captions, media_dir=media)
    if pages is not None:
        mount_folder(app, pages)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
