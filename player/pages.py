"""The pages people see: a lesson, the catalogue, and the empty state."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from .bodies import send
from .lesson_views import library_views, views_of
from .library import default_lesson, lesson_or_404, library
from .model import Lesson
from .serialize import callouts_list, chapters_list
from .transcript import full_max_lines, transcripts
from .urls import exported_as, url, written_for

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
    topics = topics_of(lessons)
    asked = request.args.get("topic", "").strip()
    topic = topics.get(asked.casefold())
    if asked and topic is None:  # no lesson has it: a short page, not worth keeping
        page = render_template(
            "catalogue.html", lessons=(), topics=topics, topic=asked[:100], filters=True
        )
        return page, 404
    shown = tuple(lesson for lesson in lessons if _about(lesson, topic)) if topic else lessons

    def render() -> bytes:
        # A static export has no server to filter by topic: its catalogue names the topics.
        filters = exported_as() is None
        return render_template(
            "catalogue.html", lessons=shown, topics=topics, topic=topic, filters=filters
        ).encode()

    # Made again only when a lesson changes, appears or goes: 2,000 lessons' catalogue
    # took 60 ms to render, and 16 viewers asking at once kept a seventeenth waiting. One
    # page per topic a lesson has (so no more pages than topics), each kept on its own.
    version = (lessons, written_for())
    name = f"catalogue?topic={topic.casefold()}" if topic else "catalogue"
    return send(library_views().body(name, version, render), "text/html")


def topics_of(lessons) -> dict[str, str]:
    """Every lesson's topics, by their casefolded label, sorted: "spine" -> "Spine" (as the
    first lesson to name it writes it)."""
    found: dict[str, str] = {}
    for lesson in lessons:
        for label in lesson.topics:
            found.setdefault(label.casefold(), label)
    return dict(sorted(found.items()))


def _about(lesson: Lesson, topic: str) -> bool:
    return topic.casefold() in (label.casefold() for label in lesson.topics)


def _lesson_page(lesson: Lesson):
    # Kept with the lesson until one of its files changes (lesson_views.py): a long lesson's
    # page is megabytes, and the same for every viewer. Its version is everything else it
    # is made from, besides the template.
    lesson_count = len(library().slugs())
    version = (lesson_count, written_for(), full_max_lines())
    page = views_of(lesson).body("page", version, lambda: _render(lesson, lesson_count))
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


bp.add_app_template_global(url, "url")  # the one way a template makes a URL


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
