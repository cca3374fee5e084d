"""What each run of non-empty lines of a caption file parsed to, kept per file, so a file
saved again is parsed only where it changed.

A segment's result depends on its text alone (vtt.py says why), so the cache is keyed by
the exact text; it is kept per file so that one file's entries are replaced by its next
version's instead of piling up. Bounded: the most recently parsed files, up to
`MAX_SEGMENTS` segments in all (about 150 MB for 300,000 short cues).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_SEGMENTS = 300_000

_lock = threading.Lock()
_files: OrderedDict[str, dict[str, object]] = OrderedDict()


def segments_of(key: str) -> dict[str, object]:
    """The segments last parsed for this file (empty when none are kept); read-only."""
    with _lock:
        return _files.get(key, {})


def keep(key: str, segments: dict[str, object]) -> None:
    """Remember this file's segments in place of its previous ones, dropping the files
    parsed longest ago while there are too many."""
    with _lock:
        _files.pop(key, None)
        if len(segments) > MAX_SEGMENTS:
            return
        _files[key] = segments
        total = sum(len(kept) for kept in _files.values())
        while total > MAX_SEGMENTS:
            _, dropped = _files.popitem(last=False)
            total -= len(dropped)


def clear() -> None:
    with _lock:
        _files.clear()
