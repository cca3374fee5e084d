"""The lessons of a captions folder and a media folder, each loaded once and kept until one
of its files changes, with what is made from it (lesson_views.py).

A lesson exists when `captions/<slug>.vtt` (or `<slug>.srt`) does; everything else is optional
(lesson_files.py says which files are whose; lesson_loading.py builds a lesson from them).
A lesson is kept until one of its files changes (size or mtime), so edits are picked up
without a restart; a file caught mid-write does not replace a good version until it
settles. A broken file breaks only its own lesson: the problem is recorded on the lesson,
never raised.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from .folder import RACY_NS, Folder
from .lesson_files import LessonFiles
from .lesson_loading import MAX_LESSON_BYTES, load_lesson, title_from_slug
from .lesson_views import VIEWS_MAX_BYTES, ViewBudget, Views
from .model import Lesson, Problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A file changed this recently may still be being written: while it is, a load that finds it
# broken, cut short or changing keeps the last good version on show.
SETTLE_NS = 2_000_000_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Cached:
    signature: tuple
    lesson: Lesson
    loaded_at: int
    views: Views  # what is made from the lesson (its page, JSON...): goes with it
    # A newer signature whose load looked like a write in progress: the lesson above stays
    # on show until that signature has settled (or changes again).
    waiting_on: tuple | None = None
    waiting_since: int = 0  # when this library first saw `waiting_on` (its own clock)

    def settled(self, signature: tuple, now_ns: int) -> bool:
        """Whether files with this signature have stopped changing: written SETTLE_NS ago by
        their mtimes, and seen unchanged for SETTLE_NS here. The second half is for mtimes
        that lie: a stat racing a truncate can give the new size with the old mtime (seen
        under load), and `cp -p` dates a half-copied file to its source's time."""
        waited = self.waiting_on == signature and now_ns - self.waiting_since >= SETTLE_NS
        return waited and not _fresh(signature, now_ns)


class LessonLibrary:
    """The lessons in one captions folder (and their media), cached by file signature."""

    def __init__(
        self,
        captions_dir: Path,
        media_dir: Path,
        *,
        max_caption_bytes: int,
        max_lesson_bytes: int = MAX_LESSON_BYTES,
        max_view_bytes: int = VIEWS_MAX_BYTES,
    ):
        self.captions_dir = Path(captions_dir)
        self.media_dir = Path(media_dir)
        self.max_caption_bytes = max_caption_bytes
        self.max_lesson_bytes = max_lesson_bytes
        self._captions = Folder(self.captions_dir)
        self._media = Folder(self.media_dir)
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}
        self.views_budget = ViewBudget(max_view_bytes)  # all lessons' views together

    def slugs(self) -> list[str]:
        names = self._captions.listing().names
        return sorted({slug for n in names if (slug := _lesson_of_captions(n))})

    def skipped(self) -> list[tuple[str, str]]:
        """The caption files that make no lesson because of their names, each with why and
        the name it would need: (file name, reason)."""
        names = self._captions.listing().names
        return sorted((name, reason) for name in names if (reason := _why_no_lesson(name, names)))

    def files(self, slug: str) -> LessonFiles | None:
        """The lesson's files, or None when there is no such lesson (no `<slug>.vtt` or
        `<slug>.srt`)."""
        caption_names = self._captions.names_of(slug)
        if f"{slug}.vtt" not in caption_names and f"{slug}.srt" not in caption_names:
            return None
        media_names = self._media.names_of(slug)
        return LessonFiles(slug, self.captions_dir, self.media_dir, caption_names, media_names)

    def get(self, slug: str) -> Lesson | None:
        if not SLUG_RE.match(slug) or (files := self.files(slug)) is None:
            return None
        if lesson := self._unchanged(slug, files.signature()):
            return lesson
        # One load of a lesson at a time: a big file changed under many viewers is parsed
        # once, while the other requests for it wait, not once per request.
        with self._lock:
            loading = self._loading.setdefault(slug, threading.Lock())
        with loading:
            if (files := self.files(slug)) is None:
                return None
            signature = files.signature()
            if lesson := self._unchanged(slug, signature):
                return lesson
            return self._load(files, signature)

    def _load(self, files: LessonFiles, signature: tuple) -> Lesson:
        slug = files.slug
        loaded_at = time.time_ns()
        lesson = _load_or_report(files, self.max_caption_bytes, self.max_lesson_bytes)
        previous = self._cache.get(slug)
        changed_meanwhile = files.signature() != signature
        if (
            previous
            and not previous.lesson.broken
            and (
                changed_meanwhile
                or (not previous.settled(signature, loaded_at) and _looks_unfinished(lesson))
            )
        ):
            # A file being written (truncated, half there, or changing as it was read): the
            # last good version stays on show until it settles; a problem that persists
            # past that is reported then.
            since = previous.waiting_since if previous.waiting_on == signature else loaded_at
            self._cache[slug] = replace(previous, waiting_on=signature, waiting_since=since)
            return previous.lesson
        if previous and previous.lesson == lesson:
            # Reloaded only to be sure: keep the object callers hold, and its views.
            self._cache[slug] = _Cached(signature, previous.lesson, loaded_at, previous.views)
            return previous.lesson
        self._cache[slug] = _Cached(signature, lesson, loaded_at, Views(self.views_budget))
        if previous:
            previous.views.drop()  # a new version: nothing made from the old one is kept
        return lesson

    def _unchanged(self, slug: str, signature: tuple) -> Lesson | None:
        """The cached lesson, if its files are surely as they were when it was loaded, or
        are still being written since a load found them unfinished.

        A file written twice within one tick of the file system's clock (up to 2 s on
        some) can keep its mtime and size, and so its signature: a lesson loaded that soon
        after a change is loaded again rather than trusted (git calls this "racy")."""
        cached = self._cache.get(slug)
        if not cached:
            return None
        if cached.waiting_on == signature and not cached.settled(signature, time.time_ns()):
            return cached.lesson
        if cached.signature != signature:
            return None
        if 0 <= cached.loaded_at - _newest(signature) <= RACY_NS:
            return None
        return cached.lesson

    def views(self, lesson: Lesson) -> Views:
        """The views kept with `lesson` (lesson_views.py); views kept by nobody for a lesson
        no longer held (replaced while a request was using it)."""
        cached = self._cache.get(lesson.slug)
        return cached.views if cached and cached.lesson is lesson else Views.unkept()

    def all(self) -> list[Lesson]:
        return [lesson for slug in self.slugs() if (lesson := self.get(slug))]


def _newest(signature: tuple) -> int:
    return max((stamp[1] for stamp in signature if stamp[1] is not None), default=0)


def _fresh(signature: tuple, now_ns: int) -> bool:
    return now_ns - _newest(signature) < SETTLE_NS


def _looks_unfinished(lesson: Lesson) -> bool:
    return lesson.broken or not all(track.whole for track in lesson.track_files.values())


LESSON_CAPTIONS = (".vtt", ".srt")  # a lesson's captions: <slug>.vtt, or <slug>.srt


def _lesson_of_captions(name: str) -> str | None:
    """The slug of the lesson whose captions file `name` is, if it is one."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and f".{suffix}" in LESSON_CAPTIONS and SLUG_RE.match(stem) else None


def _why_no_lesson(name: str, names: frozenset[str]) -> str | None:
    """Why a caption file (.vtt or .srt, its own or a lesson's other track) is passed over
    for its name, and the name it would need; None for a name that is fine, or no caption
    file (a dotfile, an editor's backup)."""
    head, _, rest = name.partition(".")
    if name.startswith(".") or not name.lower().endswith(LESSON_CAPTIONS):
        return None
    if SLUG_RE.match(head) and name.endswith(LESSON_CAPTIONS):
        return None
    reason = "skipped: a lesson's name must be lowercase letters, digits and hyphens"
    slug = slug_for(head)
    if not slug:
        return f"{reason}; rename it with only those"
    stem, _, suffix = rest.rpartition(".")
    wanted = f"{slug}.{stem}.{suffix.lower()}" if stem else f"{slug}.{suffix.lower()}"
    taken = " (a file of that name is there already)" if wanted in names else ""
    return f"{reason}; rename it {wanted}{taken}"


def slug_for(name: str) -> str:
    """The slug a name would make: `My Lecture` -> `my-lecture`, `Leçon_01` -> `lecon-01`
    ("" when nothing of it is a letter or digit)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))


def _load_or_report(files: LessonFiles, max_caption_bytes: int, max_lesson_bytes: int) -> Lesson:
    """load_lesson, or, should any content still find a way to make it fail, a broken lesson
    saying so: one lesson's files never take another lesson, or the server, down."""
    try:
        return load_lesson(
            files, max_caption_bytes=max_caption_bytes, max_lesson_bytes=max_lesson_bytes
        )
    except Exception as error:  # reported on the lesson, and logged
        log.exception("lesson %s could not be loaded", files.slug)
        reason = f"could not be loaded ({type(error).__name__}); the server log has the details"
        return Lesson(
            slug=files.slug,
            title=title_from_slug(files.slug),
            problems=(Problem(files.captions_source.name, None, reason),),
        )
