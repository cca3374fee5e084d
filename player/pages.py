"""The pages people see: a lesson, the catalogue, and the empty state."""

from __future__ import annotations

from flask import Blueprint, render_template

from .library import default_lesson, lesson_or_404, library
from .model import Lesson
from .serialize import callouts_list, paragraph_of, seconds

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    lesson = default_lesson()
    if lesson is None:
        return render_template("empty.html", captions_dir=library().captions_dir)
    return _lesson_page(lesson)


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    return _lesson_page(lesson_or_404(slug))


@bp.get("/lessons")
def catalogue():
    lessons = library().all()
    if not lessons:
        return render_template("empty.html", captions_dir=library().captions_dir)
    return render_template("catalogue.html", lessons=lessons)


def _lesson_page(lesson: Lesson):
    lines = [
        {
            "cue": cue,
            "start": seconds(cue.start_ms),
            "end": seconds(cue.end_ms),
            "regions": " ".join(regions),
            "new_paragraph": i > 0 and paragraph_of(cue) != paragraph_of(lesson.cues[i - 1]),
            "words": [(seconds(w.start_ms), w.text) for w in cue.words],
        }
        for i, (cue, regions) in enumerate(zip(lesson.cues, lesson.regions, strict=True))
    ]
    chapters = [
        {"start": seconds(c.start_ms), "end": seconds(c.end_ms), "title": c.title}
        for c in lesson.chapters
    ]
    data = {"slug": lesson.slug, "callouts": callouts_list(lesson), "chapters": chapters}
    return render_template(
        "lesson.html",
        lesson=lesson,
        lines=lines,
        chapters=chapters,
        data=data,
        lesson_count=len(library().slugs()),
    )


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
