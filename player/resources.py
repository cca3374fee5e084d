"""Where the app's own files are: static/ (scripts, styles, images, the built-in lesson's media)
and the built-in lesson's captions.

The repository keeps them at its top (static/, captions/); the wheel carries them inside the
package (player/static, player/captions; pyproject.toml maps them at build time). An installed
package is asked through importlib.resources; an editable install or a plain checkout reads the
package in place, where the build has mapped nothing, and has the repository's folders beside it.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def _folder(name: str) -> Path:
    package = files(__package__)
    inside = package / name
    if inside.is_dir():  # installed from a wheel
        # A package on disk (never a zip: the wheel is installed unzipped) is a real folder,
        # which Flask and the lesson library need: they list, stat and send its files.
        return Path(str(inside))
    return Path(str(package)).parent / name  # a checkout: the repository's own folder


def static_folder() -> Path:
    """The folder served at /static/."""
    return _folder("static")


def builtin_captions() -> Path:
    """The default captions folder: the built-in lesson's tracks, glossary and metadata."""
    return _folder("captions")


def builtin_media() -> Path:
    """The default media folder: the built-in lesson's video and poster (inside static/)."""
    return static_folder() / "media"


def is_installed() -> bool:
    """True when the built-in folders are the installed package's copy, not a checkout's:
    nothing should write there (an upgrade replaces them; site-packages may be read-only)."""
    return (files(__package__) / "static").is_dir()


def user_cache_dir() -> Path:
    """The player's folder in the user's cache: `$XDG_CACHE_HOME/lesson-player`, or
    `~/.cache/lesson-player` when it is unset (the search index, the studio's speech and
    voice files live under it). Not made here."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lesson-player"
