"""Search across every lesson's transcript: an SQLite FTS5 index of the cues (store.py),
kept in step with the library (indexer.py), queried as words and phrases (query.py,
results.py). The app holds one index, made on first use (`search_index`)."""

from __future__ import annotations

import threading

from flask import Flask

from .indexer import SearchIndex
from .place import index_path
from .results import LessonHits, Moment, SearchResults

__all__ = ["LessonHits", "Moment", "SearchIndex", "SearchResults", "search_index"]

_making = threading.Lock()


def search_index(app: Flask) -> SearchIndex:
    """The app's search index, opened on first use at the SEARCH_INDEX setting's place."""
    index = app.extensions.get("search")
    if index is None:
        with _making:
            index = app.extensions.get("search")
            if index is None:
                library = app.extensions["lessons"]
                path = index_path(app.config["SEARCH_INDEX"], library.captions_dir)
                index = app.extensions["search"] = SearchIndex(library, path)
    return index
