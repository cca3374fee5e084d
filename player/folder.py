"""What a lessons folder holds, listed once per change of the folder rather than once per
question: which lessons exist and which of their optional files are present.

A folder's mtime changes when a file is added, removed or renamed into it (not when a file's
bytes change: the lessons' own signatures see that), so one `stat` of the folder says whether
the last listing still holds. With 2,000 lessons (6,000 files) a listing costs milliseconds,
where listing once per lesson cost 35 ms each, a minute for the catalogue.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# A file or folder changed twice within one tick of its file system's clock keeps its mtime
# (the coarsest clock in common use, FAT's, ticks in 2 s; ext4's in a few ms).
RACY_NS = 2_000_000_000
# A listing made that soon after a change is trusted only briefly: it is made again on the
# first question after this long, so a file added in the same tick shows within it, and a
# catalogue of 2,000 lessons still lists the folder once.
RACY_REUSE_NS = 100_000_000


@dataclass(frozen=True)
class Listing:
    """The names in a folder, when it was listed, and the folder's mtime then."""

    names: frozenset[str] = frozenset()
    by_slug: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> its names
    mtime_ns: int = -1
    listed_ns: int = 0


class Folder:
    """One folder's listing, made again only when the folder changes. Names are grouped by
    the slug they start with (`sample.chapters.vtt` -> `sample`): slugs have no dots."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._listing = Listing()
        self._lock = threading.Lock()

    def listing(self) -> Listing:
        try:
            mtime = os.stat(self.path).st_mtime_ns
        except OSError:
            return Listing()
        listing = self._listing
        now = time.time_ns()
        if listing.mtime_ns == mtime and (
            listing.listed_ns - mtime > RACY_NS or now - listing.listed_ns < RACY_REUSE_NS
        ):
            return listing
        with self._lock:
            if self._listing is listing:  # else another thread listed it meanwhile
                self._listing = _list(self.path, mtime, now)
            return self._listing

    def names_of(self, slug: str) -> tuple[str, ...]:
        return self.listing().by_slug.get(slug, ())


def _list(path: Path, mtime: int, now: int) -> Listing:
    # Every entry, whatever it is (a link, a FIFO, a folder named like a lesson file): reading
    # it says what is wrong with it.
    try:
        with os.scandir(path) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return Listing(mtime_ns=mtime, listed_ns=now)
    by_slug: dict[str, list[str]] = {}
    for name in sorted(names):
        by_slug.setdefault(name.split(".", 1)[0], []).append(name)
    return Listing(
        frozenset(names), {slug: tuple(group) for slug, group in by_slug.items()}, mtime, now
    )
