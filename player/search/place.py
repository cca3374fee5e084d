"""Where the search index of a captions folder is kept: the SEARCH_INDEX setting when it names
a file, else the user's cache folder (never the installed package, which may be read-only and
is replaced on upgrade), one file per captions folder."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from player.resources import user_cache_dir

log = logging.getLogger(__name__)


def index_path(setting: str | os.PathLike, captions_dir: Path) -> Path:
    """The index file for `captions_dir`: `setting` when given, else
    `$XDG_CACHE_HOME/lesson-player/search-<folder hash>.sqlite` (~/.cache when unset), or the
    temp folder when no cache folder can be made."""
    if str(setting):
        return Path(setting).expanduser().resolve()
    # The folder's own path names its index: two libraries served from one account each
    # keep their own, and a moved folder starts afresh rather than reusing stale rows.
    key = hashlib.blake2b(str(captions_dir).encode(), digest_size=6).hexdigest()
    name = f"search-{key}.sqlite"
    folder = user_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder / name
    except OSError:
        pass
    log.warning("search: %s cannot be written; the index is kept in the temp folder", folder)
    return Path(tempfile.gettempdir()) / f"lesson-player-{name}"
