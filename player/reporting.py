"""Problems as a publisher reads them, in `check` and `export`: `path:line: message`, with
the file's path (relative to the current folder when inside it) rather than its name."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .lessons import LessonLibrary
from .model import Lesson, Problem


def located(problem: Problem, lesson: Lesson, library: LessonLibrary) -> str:
    """`problem` with its file's path in place of the file's name. A problem names a file of
    the captions folder, or the lesson itself when its video is missing from the media one."""
    whole_lesson = problem.file == lesson.slug
    path = library.media_dir if whole_lesson else library.captions_dir / problem.file
    return str(replace(problem, file=shown_path(path)))


def shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it, else absolute."""
    path = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)
