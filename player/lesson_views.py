"""What is made from a loaded lesson (its page, its JSON, its transcripts), kept beside it in
the library's cache entry: one unit under one file signature.

A lesson's views are made on first demand, once (requests arriving together wait for one
making), and kept until its files change: the library then replaces the lesson and drops
all of its views with it, so none can outlive the version it shows. A view stays current
while what else it is made from (its `version`: the path the app is mounted at, the number
of lessons, the transcript limit) is equal; a different one replaces it, so each view is
kept once per lesson whatever the number of mount paths.

The views of every lesson share one byte budget (ViewBudget): a 150,000-cue lesson's page
is 15 MB and its JSON 53 MB, so a few such lessons are kept and the views used longest ago
are dropped (to be made again on demand), never the lessons themselves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app

from . import compress
from .bodies import Body
from .model import Lesson

# The views of all lessons together: what the page and JSON budgets were (64 + 256 MiB), now
# shared with the transcripts, which had none.
VIEWS_MAX_BYTES = 320 * 2**20


class _Kept:
    """One view as kept: its value, what it was made from, and its weight. Hashed by
    identity: the budget's order of use holds these."""

    __slots__ = ("views", "name", "version", "value", "_size")

    def __init__(self, views, name, version, value, size: int | None):
        self.views = views
        self.name = name
        self.version = version
        self.value = value
        self._size = size

    def size(self) -> int:
        # A body grows when its gzip is made, after it is kept: weighed as it is now.
        return self.value.size if self._size is None else self._size


class ViewBudget:
    """The views of all of a library's lessons, in order of use, at most `max_bytes`
    together: the least recently used go first, the newest is kept whatever its size.

    Its one lock guards every lesson's kept views too: a view is found, kept or dropped
    with nothing else held, so no two locks are ever taken in turn."""

    def __init__(self, max_bytes: int = VIEWS_MAX_BYTES):
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self._used: OrderedDict[_Kept, None] = OrderedDict()

    def size(self) -> int:
        """The bytes the kept views hold now (a body's gzip counts once it is made)."""
        with self.lock:
            return sum(kept.size() for kept in self._used)

    def __len__(self) -> int:
        return len(self._used)

    def _use(self, kept: _Kept) -> None:
        self._used[kept] = None
        self._used.move_to_end(kept)

    def _forget(self, kept: _Kept) -> None:
        self._used.pop(kept, None)

    def _trim(self) -> None:
        total = sum(kept.size() for kept in self._used)
        while total > self.max_bytes and len(self._used) > 1:
            oldest, _ = self._used.popitem(last=False)
            if oldest.views._slots.get(oldest.name) is oldest:
                del oldest.views._slots[oldest.name]
            total -= oldest.size()


class Views:
    """The views made from one thing, by name, one version each: from a loaded lesson
    ("page", "json", "transcripts"; made by the library with the lesson and dropped with
    it), or from the whole library (library_views)."""

    def __init__(self, budget: ViewBudget):
        self._budget = budget
        self._slots: dict[str, _Kept] = {}
        self._making: dict[str, threading.Lock] = {}
        self._dropped = False

    @classmethod
    def unkept(cls) -> Views:
        """Views for a lesson the library no longer holds (replaced while a request was
        using it): made for that request, kept by nobody."""
        return cls(ViewBudget(0))

    def get(
        self,
        name: str,
        version: Hashable,
        make: Callable[[], Any],
        size_of: Callable[[Any], int] | None = None,
    ) -> Any:
        """The view `name` made from this lesson and `version`, made by `make` if none is
        kept (one making at a time: others asking meanwhile wait for it and share it).
        `size_of` weighs it against the budget, once, when it is kept; without it, the
        view's own `size` (a Body's) is read whenever the budget is counted."""
        if (kept := self._current(name, version)) is not None:
            return kept.value
        with self._budget.lock:
            making = self._making.setdefault(name, threading.Lock())
        with making:
            if (kept := self._current(name, version)) is not None:
                return kept.value
            value = make()
            kept = _Kept(self, name, version, value, size_of(value) if size_of else None)
            with self._budget.lock:
                if not self._dropped:  # a lesson replaced meanwhile: its view is not kept
                    self._keep(kept)
        return value

    def body(
        self,
        name: str,
        version: tuple,
        make: Callable[[], bytes],
        gzip: Callable[[bytes], bytes] | None = None,
    ) -> Body:
        """The view `name` as a body to send (bodies.send): its bytes, their ETag, and their
        gzip made once, on first demand (by `gzip`, compress.gzip_bytes unless told)."""
        return self.get(name, version, lambda: Body(make(), gzip or compress.gzip_bytes))

    def kept(self, name: str) -> Any | None:
        """The view `name` if one is kept, whatever its version (for tests and the bench)."""
        with self._budget.lock:
            kept = self._slots.get(name)
        return kept.value if kept else None

    def drop(self) -> None:
        """Forget every view, and keep none made from now on: the lesson was replaced."""
        with self._budget.lock:
            self._dropped = True
            for kept in self._slots.values():
                self._budget._forget(kept)
            self._slots.clear()

    def _current(self, name: str, version: Hashable) -> _Kept | None:
        with self._budget.lock:
            kept = self._slots.get(name)
            if kept is None or kept.version != version:
                return None
            self._budget._use(kept)
            return kept

    def _keep(self, kept: _Kept) -> None:
        if (previous := self._slots.get(kept.name)) is not None:
            self._budget._forget(previous)
        self._slots[kept.name] = kept
        self._budget._use(kept)
        self._budget._trim()


def views_of(lesson: Lesson) -> Views:
    """The views kept with `lesson` by the app's library."""
    return current_app.extensions["lessons"].views(lesson)


# The catalogue page and the lesson list, kept once each (per mount path and set of lessons).
LIBRARY_VIEWS_MAX_BYTES = 64 * 2**20


def library_views() -> Views:
    """The views made from every lesson at once (the catalogue, the lesson list): they belong
    to no one lesson's views, since any lesson's change, arrival or departure changes them;
    their version holds the lessons they show. Their own budget, apart from the lessons':
    they are small, asked for often, and must not be pushed out by one long lesson's JSON."""
    extensions = current_app.extensions
    views = extensions.get("library_views")
    if views is None:
        views = extensions.setdefault("library_views", Views(ViewBudget(LIBRARY_VIEWS_MAX_BYTES)))
    return views
