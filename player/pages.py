"""The pages people see: a lesson, the catalogue, and the empty state."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from .bodies import app_cache, send
from .library import default_lesson, lesson_or_404, library
from .model import Lesson
from .serialize import callouts_list, chapters_list, served
from .transcript import full_max_lines, transcripts

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    lesson = default_lesson()
    if lesson is None:
        return render_template("empty.html")
    return _lesson_page(lesson)


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    return _lesson_page(lesson_or_404(slug))


@bp.get("/lessons")
def catalogue():
    lessons = tuple(library().all())
    if not lessons:
        return render_template("empty.html")
    # Made again only when a lesson changes, appears or goes: 2,000 lessons' catalogue
    # took 60 ms to render, and 16 viewers asking at once kept a seventeenth waiting.
    version = (lessons, request.script_root)
    page = app_cache("catalogue_pages", PAGES_MAX_BYTES).get(
        "catalogue", version, lambda: render_template("catalogue.html", lessons=lessons).encode()
    )
    return send(page, "text/html")


# Lesson pages, made once per version of what they show (player/bodies.py): a long
# lesson's page is megabytes, and the same for every viewer until a file changes.
PAGES_MAX_BYTES = 64 * 2**20


def _lesson_page(lesson: Lesson):
    lesson_count = len(library().slugs())
    # Everything the page is made from, besides the lesson's files and the template.
    version = (lesson, lesson_count, request.script_root, full_max_lines())
    pages = app_cache("lesson_pages", PAGES_MAX_BYTES)
    page = pages.get(lesson.slug, version, lambda: _render(lesson, lesson_count))
    return send(page, "text/html")


def _render(lesson: Lesson, lesson_count: int) -> bytes:
    for problem in lesson.glossary.problems:
        current_app.logger.warning("glossary: %s", problem)
    chapters = chapters_list(lesson)
    data = {"slug": lesson.slug, "callouts": callouts_list(lesson), "chapters": chapters}
    return render_template(
        "lesson.html",
        lesson=lesson,
        chapters=chapters,
        transcripts=transcripts(lesson),
        glossary=lesson.glossary,
        data=data,
        lesson_count=lesson_count,
    ).encode()


bp.add_app_template_filter(served, "served")


@bp.app_template_filter("clock")
def clock(value: float) -> str:
    """Seconds as a viewer reads them: 0:05, 1:23, 1:02:03."""
    total = int(value)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@bp.app_template_filter("spoken_clock")
def spoken_clock(value: float) -> str:
    """Seconds as a screen reader should say them: "1 minute 23 seconds"."""
    total = int(value)
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)
