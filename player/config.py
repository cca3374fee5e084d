"""The player's settings, built one way for every command (serve, check, export, render) and
for `create_app`, so that a `LESSON_PLAYER_*` variable means the same to all of them.

Precedence, lowest first: the defaults below; `LESSON_PLAYER_<NAME>` environment variables
(values read as JSON when they parse, as Flask's `from_prefixed_env` does: `=20000` is a
number); the `captions_dir` / `media_dir` arguments (a command's --captions / --media);
`overrides` (a command's other options, a test's config).
"""

from __future__ import annotations

from pathlib import Path

from flask import Config

from .resources import builtin_captions, builtin_media

ENV_PREFIX = "LESSON_PLAYER"

DEFAULTS = {
    "CAPTIONS_DIR": builtin_captions(),
    "MEDIA_DIR": builtin_media(),
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
    # The studio's Kokoro voice files, when not those `render --setup-voice` fetched (the
    # official kokoro-v1.0.int8.onnx and voices-v1.0.bin; held to the same SHA-256).
    "KOKORO_MODEL": "",
    "KOKORO_VOICES": "",
    # The search index's file (player/search/place.py): empty, the user's cache folder.
    "SEARCH_INDEX": "",
}


def settings(captions_dir=None, media_dir=None, overrides: dict | None = None) -> dict:
    """The settings in force: defaults, then the environment, then the arguments. The two
    folders come back as absolute paths."""
    config = Config(root_path=".")  # Flask's own reading of the environment
    config.update(DEFAULTS)
    config.from_prefixed_env(ENV_PREFIX)
    if captions_dir is not None:
        config["CAPTIONS_DIR"] = captions_dir
    if media_dir is not None:
        config["MEDIA_DIR"] = media_dir
    if overrides:
        config.update(overrides)
    config["CAPTIONS_DIR"] = Path(config["CAPTIONS_DIR"]).resolve()
    config["MEDIA_DIR"] = Path(config["MEDIA_DIR"]).resolve()
    return dict(config)


def lesson_library(config: dict):
    """The lessons these settings describe: their folders and size limits."""
    from .lessons import LessonLibrary

    return LessonLibrary(
        config["CAPTIONS_DIR"],
        config["MEDIA_DIR"],
        max_caption_bytes=int(config["MAX_CAPTION_BYTES"]),
        max_lesson_bytes=int(config["MAX_LESSON_BYTES"]),
    )
