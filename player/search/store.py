"""The search index on disk: an SQLite database (the standard library's sqlite3, its FTS5
full-text tables) holding every indexed lesson's cues, its glossary's word forms, and the
file signature each lesson was indexed at. It is a cache: a file that cannot be read, or was
written by another version of this code, is thrown away and built again."""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
# English stemming (porter) over Unicode words with accents folded: "metastases" finds
# "metastasis", "cafe" finds "café". Porter is harmless on other languages' words: both a
# cue and a query go through it alike.
TOKENIZER = "porter unicode61 remove_diacritics 2"
# A cue's rowid is its lesson's id shifted left, plus its index in the lesson: one lesson's
# cues are one rowid range, which FTS5 deletes and searches without a scan of the table.
CUE_BITS = 20
CUE_MASK = (1 << CUE_BITS) - 1

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lessons(
    id INTEGER PRIMARY KEY,
    slug TEXT UNIQUE NOT NULL,
    signature TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    cue_count INTEGER NOT NULL,
    skipped TEXT  -- why the lesson is left out of the index, or NULL
);
CREATE TABLE IF NOT EXISTS forms(lesson_id INTEGER NOT NULL, term TEXT NOT NULL,
                                 form TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS forms_by_form ON forms(form);
CREATE INDEX IF NOT EXISTS forms_by_lesson ON forms(lesson_id);
CREATE VIRTUAL TABLE IF NOT EXISTS cues USING fts5(
    text, chapter UNINDEXED, start_ms UNINDEXED, tokenize='{TOKENIZER}'
);
-- Each lesson's cues as one document (rowid: the lesson's id), which lessons are ranked by:
-- scoring every matching cue of the library for a common word ("pain": a cue in five) took
-- hundreds of milliseconds; scoring lessons, and then the cues of the lessons shown, does not.
CREATE VIRTUAL TABLE IF NOT EXISTS lesson_text USING fts5(text, tokenize='{TOKENIZER}');
"""


@dataclass(frozen=True)
class CueRow:
    index: int
    start_ms: int
    text: str
    chapter: str


@dataclass(frozen=True)
class IndexedLesson:
    id: int
    slug: str
    title: str
    language: str


def lesson_rowids(lesson_id: int) -> tuple[int, int]:
    """The first and last rowid a lesson's cues can have."""
    return lesson_id << CUE_BITS, (lesson_id << CUE_BITS) | CUE_MASK


class IndexStore:
    """One index file: a writer (the indexer's, one at a time) and a pool of readers (the
    queries'; WAL lets them read while a lesson is being written)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._write_lock = threading.Lock()
        self._writer = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._open_as_is()
        except sqlite3.DatabaseError as error:  # not a database, or another version's
            log.warning("search: %s is rebuilt (%s)", self.path, error)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return self._open_as_is()

    def _open_as_is(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._connect()
        version = None
        with contextlib.suppress(sqlite3.OperationalError):
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            version = row and row[0]
        if version not in (None, SCHEMA_VERSION):
            db.close()
            raise sqlite3.DatabaseError(f"schema {version}, this code writes {SCHEMA_VERSION}")
        db.executescript(SCHEMA)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        db.commit()
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        # A cache: after a crash it is rebuilt from the lessons, so no fsync per lesson.
        db.execute("PRAGMA synchronous=OFF")
        return db

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._readers.get_nowait()
        except queue.Empty:
            db = self._connect()
        try:
            yield db
        finally:
            self._readers.put(db)

    # -- what is indexed --------------------------------------------------------------

    def signatures(self) -> dict[str, str]:
        with self.reader() as db:
            return dict(db.execute("SELECT slug, signature FROM lessons"))

    def skipped(self) -> list[tuple[str, str]]:
        with self.reader() as db:
            query = "SELECT slug, skipped FROM lessons WHERE skipped IS NOT NULL ORDER BY slug"
            return list(db.execute(query))

    def counts(self) -> tuple[int, int]:
        """(lessons indexed, cues indexed)."""
        with self.reader() as db:
            query = (
                "SELECT count(*), coalesce(sum(cue_count), 0) FROM lessons WHERE skipped IS NULL"
            )
            return db.execute(query).fetchone()

    # -- writing: one lesson at a time, each in one transaction ------------------------

    def put(
        self,
        slug: str,
        signature: str,
        title: str,
        language: str,
        cues: Iterable[CueRow],
        forms: Iterable[tuple[str, str]],
    ) -> None:
        """Index a lesson's cues and glossary forms ((term, form) pairs), replacing any it had."""
        with self._write_lock, self._writer as db:
            lesson_id = self._emptied(db, slug, signature, title, language)
            first, _ = lesson_rowids(lesson_id)
            rows = [(first | c.index, c.text, c.chapter, c.start_ms) for c in cues]
            db.executemany(
                "INSERT INTO cues(rowid, text, chapter, start_ms) VALUES (?, ?, ?, ?)", rows
            )
            whole = "\n".join(text for _, text, _, _ in rows)
            db.execute("INSERT INTO lesson_text(rowid, text) VALUES (?, ?)", (lesson_id, whole))
            db.executemany(
                "INSERT INTO forms VALUES (?, ?, ?)", [(lesson_id, t, f) for t, f in forms]
            )
            db.execute("UPDATE lessons SET cue_count = ? WHERE id = ?", (len(rows), lesson_id))

    def skip(self, slug: str, signature: str, title: str, reason: str) -> None:
        """Leave a lesson out of the index (its cues gone) and record why."""
        with self._write_lock, self._writer as db:
            lesson_id = self._emptied(db, slug, signature, title, "")
            db.execute("UPDATE lessons SET skipped = ? WHERE id = ?", (reason, lesson_id))

    def remove(self, slug: str) -> None:
        with self._write_lock, self._writer as db:
            row = db.execute("SELECT id FROM lessons WHERE slug = ?", (slug,)).fetchone()
            if row:
                self._empty(db, row[0])
                db.execute("DELETE FROM lessons WHERE id = ?", row)

    def _emptied(self, db, slug, signature, title, language) -> int:
        """The lesson's id, its row updated and its cues and forms gone."""
        row = db.execute("SELECT id FROM lessons WHERE slug = ?", (slug,)).fetchone()
        if row is None:
            insert = (
                "INSERT INTO lessons(slug, signature, title, language, cue_count)"
                " VALUES (?, ?, ?, ?, 0)"
            )
            return db.execute(insert, (slug, signature, title, language)).lastrowid
        self._empty(db, row[0])
        db.execute(
            "UPDATE lessons SET signature = ?, title = ?, language = ?, cue_count = 0, "
            "skipped = NULL WHERE id = ?",
            (signature, title, language, row[0]),
        )
        return row[0]

    @staticmethod
    def _empty(db, lesson_id: int) -> None:
        db.execute("DELETE FROM cues WHERE rowid BETWEEN ? AND ?", lesson_rowids(lesson_id))
        db.execute("DELETE FROM lesson_text WHERE rowid = ?", (lesson_id,))
        db.execute("DELETE FROM forms WHERE lesson_id = ?", (lesson_id,))

    def close(self) -> None:
        self._writer.close()
        while True:
            try:
                self._readers.get_nowait().close()
            except queue.Empty:
                return
