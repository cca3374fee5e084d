"""The search index kept in step with the library: a sweep compares each lesson's file
signature (what the library's hot reload compares) with the one it was indexed at, and
indexes again only the lessons that changed, drops those that are gone, and leaves out
broken ones, saying why. Sweeps run in the background at start (warmup.py) and then on a
search when the last one is older than RECHECK_SECONDS."""

from __future__ import annotations

import bisect
import json
import logging
import threading
import time
from pathlib import Path

from ..lessons import SETTLE_NS, LessonLibrary
from ..model import Lesson
from .query import clean
from .results import SearchResults, run_search
from .store import CUE_MASK, CueRow, IndexStore

log = logging.getLogger(__name__)

# How stale the index may be when a search comes: a sweep stats every lesson's files
# (1,000 lessons: a few milliseconds), so it is not made on every search.
RECHECK_SECONDS = 1.0
# Recorded before the signature of files the library has not yet shown (being written): the
# lesson is indexed again on the next sweep, once they have settled (_behind).
UNSETTLED = "unsettled "


class SearchIndex:
    """The search index of one library, in one file (place.py says where)."""

    def __init__(self, library: LessonLibrary, path: Path) -> None:
        self.library = library
        self.store = IndexStore(path)
        self._sweeping = threading.Lock()
        self._swept_at = float("-inf")  # time.monotonic() at the end of the last sweep
        self.building = False  # a sweep is indexing lessons: some may not be found yet
        self.thread: threading.Thread | None = None  # the background sweep, once started

    def start(self) -> threading.Thread:
        """Bring the index up to date in a background thread (the server's start)."""
        self.thread = threading.Thread(target=self.refresh, name="search-index", daemon=True)
        self.thread.start()
        return self.thread

    def search(self, typed: str) -> SearchResults:
        self.freshen()
        return run_search(self.store, typed)

    def freshen(self) -> None:
        """Sweep now if the last sweep is older than RECHECK_SECONDS; a search that comes
        while another sweep is under way answers from the index as it is."""
        if time.monotonic() - self._swept_at < RECHECK_SECONDS:
            return
        if self._sweeping.acquire(blocking=False):
            try:
                self._sweep()
            finally:
                self._sweeping.release()

    def refresh(self) -> None:
        """Sweep now, waiting for a sweep under way to finish first."""
        with self._sweeping:
            self._sweep()

    def skipped(self) -> list[tuple[str, str]]:
        """The lessons left out of the index, each with why: (slug, reason)."""
        return self.store.skipped()

    def _sweep(self) -> None:
        try:
            started = time.perf_counter()
            indexed = self.store.signatures()
            slugs = self.library.slugs()
            for slug in indexed.keys() - set(slugs):
                self.store.remove(slug)
            changed = 0
            for slug in slugs:
                files = self.library.files(slug)
                signature = files.signature() if files else ()
                if indexed.get(slug) != _signature_text(signature):
                    self.building = True
                    self._index(slug, signature)
                    changed += 1
            if changed:
                took = time.perf_counter() - started
                log.info("search: %d lesson(s) indexed in %.2f s", changed, took)
        finally:
            self._swept_at = time.monotonic()
            self.building = False

    def _index(self, slug: str, signature: tuple) -> None:
        """Index one lesson; one that is broken, or fails, is left out and reported."""
        recorded = _signature_text(signature)
        try:
            lesson = self.library.get(slug)
            if lesson is None:  # gone since the listing
                self.store.remove(slug)
                return
            if _behind(lesson, signature):
                recorded = UNSETTLED + recorded
            if lesson.broken:
                reason = "; ".join(str(p) for p in lesson.problems[:3])
                log.warning("search: lesson %s left out of the index: %s", slug, reason)
                self.store.skip(slug, recorded, lesson.title, reason)
            else:
                self.store.put(
                    slug, recorded, lesson.title, lesson.language, cue_rows(lesson), forms(lesson)
                )
        except Exception as error:  # one lesson's failure is its own: the sweep goes on
            log.exception("search: lesson %s could not be indexed", slug)
            reason = (
                f"could not be indexed ({type(error).__name__}); the server log has the details"
            )
            self.store.skip(slug, recorded, slug, reason)


def _behind(lesson: Lesson, signature: tuple) -> bool:
    """Whether the library gave a version of the lesson older than its files, which it does
    while they are being written (the last good one stays on show until they settle), or a
    broken one made from files that may still be being written: then it is indexed again
    on the next sweep."""
    stamps = {name: mtime_ns for name, mtime_ns, _ in signature}
    for name, track in lesson.track_files.items():
        mtime_ns = stamps.get(name)
        if mtime_ns is not None and abs(track.mtime - mtime_ns / 1e9) > 1e-5:
            return True
    return lesson.broken and time.time_ns() - _newest(signature) < SETTLE_NS


def cue_rows(lesson: Lesson) -> list[CueRow]:
    """The lesson's cues (in its own language) as the index keeps them, each with the title
    of the chapter it is in."""
    starts = [c.start_ms for c in lesson.chapters]
    rows = []
    for cue in lesson.cues[: CUE_MASK + 1]:
        at = bisect.bisect_right(starts, cue.start_ms) - 1
        chapter = lesson.chapters[at].title if at >= 0 else ""
        rows.append(CueRow(cue.index, cue.start_ms, _plain(cue.text), chapter))
    return rows


def _plain(text: str) -> str:
    # Control characters are how results.py marks hits: none may be in the text itself.
    return clean(text) if any(c < " " and c not in "\n\t" for c in text) else text


def forms(lesson: Lesson) -> list[tuple[str, str]]:
    """(term, form) for every form of every term of the lesson's glossary, casefolded."""
    return [
        (term.key, " ".join(form.casefold().split()))
        for term in lesson.glossary.terms
        for form in term.forms
    ]


def _signature_text(signature: tuple) -> str:
    return json.dumps(signature, separators=(",", ":"))


def _newest(signature: tuple) -> int:
    return max((stamp[1] for stamp in signature if stamp[1] is not None), default=0)
