"""Access to the app's lesson library from inside a request."""

from __future__ import annotations

from flask import abort, current_app

from .lessons import LessonLibrary
from .model import Lesson


def library() -> LessonLibrary:
    return current_app.extensions["lessons"]


def lesson_or_404(slug: str) -> Lesson:
    lesson = library().get(slug)
    if lesson is None:
        abort(404, description=f"There is no lesson called “{slug}”.")
    return lesson


def default_lesson() -> Lesson | None:
    """The built-in lesson if present, else the first lesson by name, else None."""
    lessons = library()
    preferred = lessons.get(current_app.config["DEFAULT_LESSON"])
    if preferred:
        return preferred
    slugs = lessons.slugs()
    return lessons.get(slugs[0]) if slugs else None
