"""A search run against the index: the lessons that match, best first, each with its best
moments (the cue's time, its text, where the hit is in it, its chapter).

Lessons are ranked by FTS5's bm25 over each lesson's whole text: a lesson that says the
words many times ranks above one that says them once, and rare words weigh more than common
ones. Every word must be in a lesson; when no lesson has them all, any word will do (and the
answer says so: `match` is "all" or "any"; common words such as "when" or "a" are then left
out). A lesson's moments are its first cues with every word, or else its cues with the most
of them (the rarer in the lesson a word, the more it counts): scoring the cues with bm25 cost
up to 8 ms a lesson for a question full of common words."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .query import Unit, match_expression, read_query, telling
from .store import CUE_MASK, IndexedLesson, IndexStore, lesson_rowids

MAX_LESSONS = 10  # shown per search; `lesson_count` says how many matched
MAX_MOMENTS = 3  # per lesson
# highlight() marks a hit between these: control characters, which cue text never holds
# here (the indexer turns them into spaces), so they cannot be mistaken for text.
OPEN, CLOSE = "\x02", "\x03"

RANKED = f"""
SELECT lesson_text.rowid, bm25(lesson_text), lessons.slug, lessons.title, lessons.language
FROM lesson_text JOIN lessons ON lessons.id = lesson_text.rowid
WHERE lesson_text MATCH ? ORDER BY rank LIMIT {MAX_LESSONS}
"""
COUNTED = "SELECT count(*) FROM lesson_text WHERE lesson_text MATCH ?"
MOMENTS = f"""
SELECT rowid, start_ms, chapter, highlight(cues, 0, '{OPEN}', '{CLOSE}') FROM cues
WHERE cues MATCH ? AND rowid BETWEEN ? AND ? LIMIT {MAX_MOMENTS}
"""
CUES = "SELECT rowid FROM cues WHERE cues MATCH ? AND rowid BETWEEN ? AND ?"
MOMENTS_COUNTED = "SELECT count(*) FROM cues WHERE cues MATCH ? AND rowid BETWEEN ? AND ?"


@dataclass(frozen=True)
class Moment:
    cue_index: int
    start_ms: int
    text: str
    marks: tuple[tuple[int, int], ...]  # [start, end) of each hit in `text`
    chapter: str

    @property
    def hit_words(self) -> tuple[str, ...]:
        """The hits as they are written in the cue, once each (any case)."""
        found = {self.text[a:b].casefold(): self.text[a:b] for a, b in self.marks}
        return tuple(found.values())

    def pieces(self) -> list[tuple[str, bool]]:
        """The text as (run, is a hit) pieces, in order: for a page to mark as it escapes."""
        out, at = [], 0
        for a, b in self.marks:
            if a > at:
                out.append((self.text[at:a], False))
            out.append((self.text[a:b], True))
            at = b
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


@dataclass(frozen=True)
class LessonHits:
    lesson: IndexedLesson
    score: float  # bm25 of the lesson's text: lower is better
    moment_count: int  # its cues that match (with every word, else with any)
    moments: tuple[Moment, ...]  # the best MAX_MOMENTS of them, in the order they are said


@dataclass(frozen=True)
class SearchResults:
    query: str  # as searched: cleaned, and cut to its first MAX_QUERY_CHARS characters
    units: tuple[Unit, ...]
    lessons: tuple[LessonHits, ...]  # the first MAX_LESSONS, best first
    lesson_count: int
    match: str | None  # "all" (every word in a lesson), "any", None (nothing to search for)

    @property
    def moment_count(self) -> int:
        """The moments of the lessons shown."""
        return sum(hits.moment_count for hits in self.lessons)


def run_search(store: IndexStore, typed: str) -> SearchResults:
    query, units = read_query(typed)
    if not units:
        return SearchResults(query, (), (), 0, None)
    with store.reader() as db:
        forms = _forms_finder(db)
        match, expression = "all", match_expression(units, forms, every=True)
        ranked = db.execute(RANKED, (expression,)).fetchall()
        if not ranked and len(units) > 1:
            match, expression = "any", match_expression(telling(units), forms, every=False)
            ranked = db.execute(RANKED, (expression,)).fetchall()
        if not ranked:
            return SearchResults(query, tuple(units), (), 0, None)
        count = db.execute(COUNTED, (expression,)).fetchone()[0]
        cues = _CueFinder(db, units, forms)
        shown = tuple(
            cues.hits(IndexedLesson(lesson_id, slug, title, language), score)
            for lesson_id, score, slug, title, language in ranked
        )
    return SearchResults(query, tuple(units), shown, count, match)


class _CueFinder:
    """A lesson's moments for one query."""

    def __init__(self, db: sqlite3.Connection, units: list[Unit], forms) -> None:
        self.db = db
        self.every = match_expression(units, forms, every=True)
        self.units = [match_expression([unit], forms, every=True) for unit in telling(units)]
        self.any = match_expression(telling(units), forms, every=False)

    def hits(self, lesson: IndexedLesson, score: float) -> LessonHits:
        rowids = lesson_rowids(lesson.id)
        count = self.db.execute(MOMENTS_COUNTED, (self.every, *rowids)).fetchone()[0]
        if count:  # the first cues with every word: all as good as each other
            return LessonHits(lesson, score, count, self._moments(self.every, rowids))
        best, count = self._best_cues(rowids)
        return LessonHits(lesson, score, count, self._moments(self.any, rowids, best))

    def _best_cues(self, rowids: tuple[int, int]) -> tuple[list[int], int]:
        """The MAX_MOMENTS cues with the most of the words, each word counting more the
        fewer cues of the lesson have it (ties: the earlier cue); and how many have any."""
        scores: dict[int, float] = {}
        for expression in self.units:
            found = [rowid for (rowid,) in self.db.execute(CUES, (expression, *rowids))]
            for rowid in found:
                scores[rowid] = scores.get(rowid, 0) + 1 / len(found)
        best = sorted(scores, key=lambda rowid: (-scores[rowid], rowid))[:MAX_MOMENTS]
        return best, len(scores)

    def _moments(self, expression: str, rowids, only: list[int] | None = None) -> tuple:
        if only is None:
            rows = self.db.execute(MOMENTS, (expression, *rowids))
        elif not only:
            return ()  # a phrase said across two cues
        else:  # one by one: FTS5 seeks to a rowid range, and scans for a list
            rows = [
                r for rowid in only for r in self.db.execute(MOMENTS, (expression, rowid, rowid))
            ]
        found = [_moment(rowid & CUE_MASK, *rest) for rowid, *rest in rows]
        return tuple(sorted(found, key=lambda m: m.start_ms))  # in the order they are said


def _forms_finder(db: sqlite3.Connection):
    """The other forms of a word or phrase, from every lesson's glossary that lists it."""
    query = (
        "SELECT DISTINCT other.form FROM forms AS this JOIN forms AS other"
        " ON other.lesson_id = this.lesson_id AND other.term = this.term"
        " WHERE this.form = ? AND other.form != this.form ORDER BY other.form LIMIT 16"
    )
    return lambda key: [form for (form,) in db.execute(query, (key,))]


def _moment(cue_index: int, start_ms: int, chapter: str, marked: str) -> Moment:
    text, marks, at, opened = [], [], 0, 0
    for char in marked:
        if char == OPEN:
            opened = at
        elif char == CLOSE:
            marks.append((opened, at))
        else:
            text.append(char)
            at += 1
    return Moment(cue_index, int(start_ms), "".join(text), tuple(marks), chapter)
