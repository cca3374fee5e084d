"""The lesson player: a Flask app serving lessons with a synchronized transcript."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {
    "CAPTIONS_DIR": REPO_ROOT / "captions",
    "MEDIA_DIR": REPO_ROOT / "static" / "media",
    "DEFAULT_LESSON": "metastatic-spinal-cancer",
    "MAX_CAPTION_BYTES": 20_000_000,
    # All of one lesson's tracks together (player/lessons.py, MAX_LESSON_BYTES).
    "MAX_LESSON_BYTES": 40_000_000,
    # Longer transcripts go to the page as JSON and are drawn near the viewport only.
    "FULL_TRANSCRIPT_MAX_LINES": 2000,
    # How many reverse proxies in front set X-Forwarded-For and -Proto (docs/deploy.md).
    # 0: such headers are ignored, as a client's.
    "PROXIES": 0,
    # The path the app is served under ("/education"), never taken from a request.
    "PATH_PREFIX": "",
}


def create_app(captions_dir=None, media_dir=None, test_config: dict | None = None) -> Flask:
    """Build the app. Folders default to the repo's `captions/` and `static/media/`;
    environment variables `LESSON_PLAYER_CAPTIONS_DIR` etc. override the defaults,
    and arguments override both."""
    app = Flask(
        __name__,
        static_folder=str(REPO_ROOT / "static"),
        static_url_path="/static",
    )
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("LESSON_PLAYER")
    if captions_dir is not None:
        app.config["CAPTIONS_DIR"] = captions_dir
    if media_dir is not None:
        app.config["MEDIA_DIR"] = media_dir
    if test_config:
        app.config.update(test_config)
    app.config["CAPTIONS_DIR"] = Path(app.config["CAPTIONS_DIR"]).resolve()
    app.config["MEDIA_DIR"] = Path(app.config["MEDIA_DIR"]).resolve()
    app.json.sort_keys = False

    from . import api, compress, downloads, errors, files, mount, pages, redirects, security
    from .lessons import LessonLibrary

    app.extensions["lessons"] = LessonLibrary(
        app.config["CAPTIONS_DIR"],
        app.config["MEDIA_DIR"],
        max_caption_bytes=int(app.config["MAX_CAPTION_BYTES"]),
        max_lesson_bytes=int(app.config["MAX_LESSON_BYTES"]),
    )
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(downloads.bp)
    errors.register(app)
    redirects.register(app)
    compress.register(app)
    security.register(app)
    mount.mount(app)
    return app
