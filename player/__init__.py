"""The lesson player: a Flask app serving lessons with a synchronized transcript."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from .config import DEFAULTS, lesson_library, settings
from .resources import static_folder

# A checkout's root, for the tests and the bench (its captions/, lessons/). The app never uses
# it: it finds its own files through player/resources.py, which works installed too.
REPO_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["DEFAULTS", "REPO_ROOT", "create_app"]


def create_app(captions_dir=None, media_dir=None, test_config: dict | None = None) -> Flask:
    """Build the app from `player.config.settings` (the one reading every command shares):
    folders default to the built-in lesson's; `LESSON_PLAYER_CAPTIONS_DIR` etc. override the
    defaults, the folder arguments override both, and `test_config` overrides all."""
    app = Flask(__name__, static_folder=str(static_folder()), static_url_path="/static")
    app.config.update(settings(captions_dir, media_dir, test_config))
    app.json.sort_keys = False

    from . import (
        api,
        compress,
        downloads,
        error_pages,
        files,
        mount,
        pages,
        redirects,
        search_pages,
        security,
    )

    app.extensions["lessons"] = lesson_library(app.config)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(search_pages.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(downloads.bp)
    error_pages.register(app)
    redirects.register(app)
    compress.register(app)
    security.register(app)
    mount.mount(app)
    # Templates make URLs with url() (player/urls.py), which knows an exported page from a
    # served one; Flask's url_for would write root-absolute URLs into an export.
    app.jinja_env.globals.pop("url_for", None)
    return app
