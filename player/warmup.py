"""Every lesson loaded when the server starts, in the background: the first viewer of a long
lesson then does not wait for its parsing (100,000 cues: ~6 s) and for its transcript to be
built (~1 s). A request that comes meanwhile shares the load under way, since the library
loads a lesson once at a time; the server answers from the first moment. The transcripts are
kept with their lesson within the views' byte budget (lesson_views.py): with more long
lessons than it holds, those warmed first give way to the later ones. The search index is
brought up to date at the same time (player/search/)."""

from __future__ import annotations

import sqlite3
import threading
import time

from . import parse_pool
from .search import search_index
from .transcript import transcripts


def warm_up(app) -> threading.Thread:
    parse_pool.start()  # its workers ready before the first big caption file changes
    thread = threading.Thread(target=_load_all, args=(app,), name="warm-up", daemon=True)
    thread.start()
    # The search index is brought up to date beside it: lessons it finds unchanged since
    # the last run cost a stat each; the others share the warm-up's loads (one per lesson).
    try:
        search_index(app).start()
    except (sqlite3.Error, OSError):  # the server still serves; /search says it cannot
        app.logger.exception("search: the index cannot be opened")
    return thread


def _load_all(app) -> None:
    started = time.perf_counter()
    loaded = 0
    with app.app_context():
        library = app.extensions["lessons"]
        for slug in library.slugs():
            # One lesson that fails here fails alone: it says why when it is asked for, and
            # the warm-up goes on to the next.
            try:
                if lesson := library.get(slug):
                    transcripts(lesson)
                    loaded += 1
            except Exception:
                app.logger.exception("warm-up: lesson %s failed; it loads when asked for", slug)
    took = time.perf_counter() - started
    print(f"Warmed up: {loaded} lesson(s) loaded in {took:.1f} s", flush=True)
