"""Search across every lesson: `/search?q=` (a page of links) and `/api/search?q=` (JSON),
both answered from the search index (player/search/)."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from flask import Blueprint, abort, current_app, render_template, request

from .search import LessonHits, Moment, SearchResults, search_index
from .serialize import seconds
from .urls import url

bp = Blueprint("search", __name__)


@bp.get("/search")
def page():
    results, skipped, building = _search()
    return render_template(
        "search.html",
        results=results,
        summary=summary(results),
        skipped=skipped,
        building=building,
        moment_url=moment_url,
    )


def summary(results: SearchResults) -> str:
    """What the search found, in one sentence (the page's title and its announcement)."""
    if not results.lesson_count:
        return f"Nothing found for “{results.query}”"
    lessons, moments, shown = results.lesson_count, results.moment_count, len(results.lessons)
    if lessons > shown:  # moments are counted in the lessons shown only
        return f"{lessons} lessons for “{results.query}”, the best {shown} shown"
    return (
        f"{lessons} lesson{'s' if lessons != 1 else ''}, {moments} moment"
        f"{'s' if moments != 1 else ''} for “{results.query}”"
    )


@bp.get("/api/search")
def api():
    results, skipped, building = _search()
    return {
        "query": results.query,
        "match": results.match,
        "results": [_lesson_json(hits) for hits in results.lessons],
        "counts": {
            "lessons": results.lesson_count,
            "moments": results.moment_count,
            "shown": len(results.lessons),
        },
        "skipped": [{"slug": slug, "reason": reason} for slug, reason in skipped],
        "indexing": building,
    }


def _search() -> tuple[SearchResults, list[tuple[str, str]], bool]:
    typed = request.args.get("q", "")
    try:
        index = search_index(current_app)
        return index.search(typed), index.skipped(), index.building
    except (sqlite3.Error, OSError):  # the index's file cannot be opened or read: logged
        current_app.logger.exception("search: the index is unavailable")
        abort(503, description="Search is not available just now. Please try again later.")


def moment_url(hits: LessonHits, moment: Moment) -> str:
    """The lesson page at the moment's time, asking it to light the hit words there
    (static/js/fragment.js reads `hit`)."""
    hit = " ".join(quote(word, safe="") for word in moment.hit_words)
    anchor = f"t={seconds(moment.start_ms)}" + (f"&hit={hit}" if hit else "")
    return url("pages.lesson", slug=hits.lesson.slug, _anchor=anchor)


def _lesson_json(hits: LessonHits) -> dict:
    lesson = hits.lesson
    return {
        "slug": lesson.slug,
        "title": lesson.title,
        "language": lesson.language,
        "url": url("pages.lesson", slug=lesson.slug),
        "moment_count": hits.moment_count,
        "moments": [
            {
                "start": seconds(m.start_ms),
                "text": m.text,
                "marks": [list(mark) for mark in m.marks],
                "chapter": m.chapter,
                "url": moment_url(hits, m),
            }
            for m in hits.moments
        ],
    }
