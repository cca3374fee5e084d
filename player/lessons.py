"""Find the lessons in a captions folder and a media folder, and load each one.

A lesson exists when `captions/<slug>.vtt` does; everything else is optional. Each
lesson is parsed once and cached until one of its files changes (size or mtime), so
edits are picked up without a restart. A broken file breaks only its own lesson:
the problem is recorded on the lesson, never raised.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .folder import Folder
from .languages import is_language_tag
from .metadata import DEFAULT_LANGUAGE, read_metadata
from .model import Callout, Chapter, Cue, Lesson, MediaSource, Problem, TrackFile
from .publisher_files import UnreadableFile, read_publisher_file
from .regions import parse_callout_payload, regions_in_text
from .vtt import CaptionError, ParsedTrack, parse_track

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RACY_NS = 2_000_000_000  # the coarsest file-system clock in common use (FAT) ticks in 2 s
# A file changed this recently may still be being written: while it is, a load that finds it
# broken, cut short or changing keeps the last good version on show.
SETTLE_NS = 2_000_000_000
# In the order a browser should try them: the first it can play wins.
VIDEO_TYPES = (("mp4", "video/mp4"), ("webm", "video/webm"))
POSTER_SUFFIXES = ("jpg", "jpeg", "png", "webp")
# All of one lesson's tracks together (captions, chapters, callouts, translations): ten
# translations of 19 MB each took 99 s and 1.9 GiB to load and made a 199 MB page.
MAX_LESSON_BYTES = 40_000_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LessonFiles:
    """Where each file of one lesson is, and which are present (from the folders' listings);
    `signature` stats only those, and changes when any of them does."""

    slug: str
    captions_dir: Path
    media_dir: Path
    caption_names: tuple[str, ...] = ()
    media_names: tuple[str, ...] = ()

    @property
    def captions(self) -> Path:
        return self.captions_dir / f"{self.slug}.vtt"

    @property
    def chapters(self) -> Path:
        return self.captions_dir / f"{self.slug}.chapters.vtt"

    @property
    def callouts(self) -> Path:
        return self.captions_dir / f"{self.slug}.callouts.vtt"

    @property
    def metadata(self) -> Path:
        return self.captions_dir / f"{self.slug}.toml"

    def present(self, path: Path) -> bool:
        names = self.media_names if path.parent == self.media_dir else self.caption_names
        return path.name in names

    def videos(self) -> list[tuple[Path, str]]:
        return [(self.media_dir / f"{self.slug}.{ext}", mime) for ext, mime in VIDEO_TYPES]

    def translations(self) -> dict[str, Path]:
        """Captions in other languages, `<slug>.<lang>.vtt`, by language tag."""
        prefix = f"{self.slug}."
        found = {}
        for name in self.caption_names:
            lang = name[len(prefix) : -len(".vtt")]
            if name == f"{prefix}{lang}.vtt" and _is_translation_tag(lang):
                found[lang] = self.captions_dir / name
        return found

    def all_paths(self) -> list[Path]:
        """The lesson's files that are present (not its glossary: that is read apart)."""
        captions, media = str(self.captions_dir), str(self.media_dir)
        return [Path(folder, name) for folder, name in self._present_names(captions, media)]

    def _present_names(self, captions: str, media: str) -> list[tuple[str, str]]:
        slug = self.slug
        fixed = {f"{slug}.vtt", f"{slug}.chapters.vtt", f"{slug}.callouts.vtt", f"{slug}.toml"}
        prefix = f"{slug}."
        out = [
            (captions, name)
            for name in self.caption_names
            if name in fixed
            or (name.endswith(".vtt") and _is_translation_tag(name[len(prefix) : -len(".vtt")]))
        ]
        media_kinds = {f"{slug}.{ext}" for ext, _ in VIDEO_TYPES}
        media_kinds |= {f"{slug}.{ext}" for ext in POSTER_SUFFIXES}
        out += [(media, name) for name in self.media_names if name in media_kinds]
        return out

    def signature(self) -> tuple:
        # os.stat on strings: a catalogue of 2,000 lessons checks ~6,000 files per request,
        # and pathlib's objects cost more than the stats themselves.
        stamps = []
        for folder, name in self._present_names(str(self.captions_dir), str(self.media_dir)):
            try:
                st = os.stat(os.path.join(folder, name))
                stamps.append((name, st.st_mtime_ns, st.st_size))
            except OSError:  # gone since the listing, a symlink loop: read, it will say
                stamps.append((name, None, None))
        return tuple(stamps)


@dataclass(frozen=True)
class _Cached:
    signature: tuple
    lesson: Lesson
    loaded_at: int
    # A newer signature whose load looked like a write in progress: the lesson above stays
    # on show until that signature has settled (or changes again).
    waiting_on: tuple | None = None


class LessonLibrary:
    """The lessons in one captions folder (and their media), cached by file signature."""

    def __init__(
        self,
        captions_dir: Path,
        media_dir: Path,
        *,
        max_caption_bytes: int,
        max_lesson_bytes: int = MAX_LESSON_BYTES,
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

    def slugs(self) -> list[str]:
        names = self._captions.listing().names
        return sorted(n[: -len(".vtt")] for n in names if _is_lesson_captions(n))

    def files(self, slug: str) -> LessonFiles | None:
        """The lesson's files, or None when there is no such lesson (no `<slug>.vtt`)."""
        caption_names = self._captions.names_of(slug)
        if f"{slug}.vtt" not in caption_names:
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
            and (changed_meanwhile or (_fresh(signature, loaded_at) and _looks_unfinished(lesson)))
        ):
            # A file being written (truncated, half there, or changing as it was read): the
            # last good version stays on show until it settles; a problem that persists
            # past that is reported then.
            self._cache[slug] = replace(previous, waiting_on=signature)
            return previous.lesson
        if previous and previous.lesson == lesson:
            lesson = previous.lesson  # reloaded only to be sure: keep the object callers hold
        self._cache[slug] = _Cached(signature, lesson, loaded_at)
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
        if cached.waiting_on == signature and _fresh(signature, time.time_ns()):
            return cached.lesson
        if cached.signature != signature:
            return None
        if 0 <= cached.loaded_at - _newest(signature) <= RACY_NS:
            return None
        return cached.lesson

    def all(self) -> list[Lesson]:
        return [lesson for slug in self.slugs() if (lesson := self.get(slug))]


def _is_translation_tag(lang: str) -> bool:
    # A BCP 47 tag written as tags conventionally are, its language in lowercase (`pt-BR`):
    # `sample.EN.vtt` beside `sample.en.vtt` would be the same language twice.
    return is_language_tag(lang) and lang.split("-", 1)[0].islower()


def _newest(signature: tuple) -> int:
    return max((stamp[1] for stamp in signature if stamp[1] is not None), default=0)


def _fresh(signature: tuple, now_ns: int) -> bool:
    return now_ns - _newest(signature) < SETTLE_NS


def _looks_unfinished(lesson: Lesson) -> bool:
    return lesson.broken or not all(track.whole for track in lesson.track_files.values())


def _is_lesson_captions(name: str) -> bool:
    return name.endswith(".vtt") and bool(SLUG_RE.match(name[: -len(".vtt")]))


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
            title=_title_from_slug(files.slug),
            problems=(Problem(files.captions.name, None, reason),),
        )


class _Budget:
    """Bytes left for one lesson's tracks."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def take(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError:
            return  # reading it will say what is wrong
        if size > self.left:
            raise UnreadableFile(
                path,
                f"left out: the lesson's tracks would pass {self.limit} bytes, "
                f"the limit for one lesson ({self.left} left, this file is {size})",
            )
        self.left -= size


def load_lesson(
    files: LessonFiles, *, max_caption_bytes: int, max_lesson_bytes: int = MAX_LESSON_BYTES
) -> Lesson:
    """Build a Lesson from its files; problems are collected, never raised."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    track_files: dict[str, TrackFile] = {}
    budget = _Budget(max_lesson_bytes)

    def read_track(path: Path, over_budget: list[Problem] | None = None) -> ParsedTrack | None:
        try:
            budget.take(path)
        except UnreadableFile as error:
            (problems if over_budget is None else over_budget).append(error.problem)
            return None
        try:
            data = read_publisher_file(path, max_caption_bytes)
            parsed = parse_track(data, path.name, max_bytes=max_caption_bytes)
        except (CaptionError, UnreadableFile) as error:
            problems.append(error.problem)
            return None
        warnings.extend(parsed.warnings)
        track_files[path.name] = _track_file(path, data, parsed)
        return parsed

    meta = (
        read_metadata(files.metadata, problems, warnings) if files.present(files.metadata) else {}
    )
    captions = read_track(files.captions)
    cues = captions.cues if captions else ()
    if captions and not cues:
        problems.append(Problem(files.captions.name, None, "the file has no cues"))

    chapters: tuple[Chapter, ...] = ()
    if files.present(files.chapters) and (parsed := read_track(files.chapters)):
        chapters = tuple(Chapter(c.start_ms, c.end_ms, c.text) for c in parsed.cues)

    callouts: tuple[Callout, ...] | None = None
    if files.present(files.callouts) and (parsed := read_track(files.callouts)):
        callouts = _callouts_from_track(parsed, files.callouts.name, warnings)
    if callouts is None:
        callouts = tuple(Callout(c.start_ms, c.end_ms, regions_in_text(c.text)) for c in cues)
        callouts = tuple(c for c in callouts if c.regions)

    sources = tuple(
        MediaSource(f"/media/{path.name}", mime)
        for path, mime in files.videos()
        if files.present(path) and path.is_file()
    )
    if not sources:
        names = " or ".join(path.name for path, _ in files.videos())
        problems.append(Problem(files.slug, None, f"no video: add {names} to the media folder"))

    language = meta.get("language", DEFAULT_LANGUAGE)
    translations = {}
    for lang, path in files.translations().items():
        if lang == language:
            warnings.append(Problem(path.name, None, f"'{lang}' is the lesson's own language"))
        elif parsed := read_track(path, over_budget=warnings):
            translations[lang] = parsed.cues

    tracks = {"captions": f"/captions/{files.captions.name}"}
    if chapters:
        tracks["chapters"] = f"/captions/{files.chapters.name}"
    if files.present(files.callouts) and callouts is not None:
        tracks["callouts"] = f"/captions/{files.callouts.name}"

    return Lesson(
        slug=files.slug,
        title=meta.get("title") or _title_from_slug(files.slug),
        summary=meta.get("summary", ""),
        language=language,
        related=meta.get("related", ()),
        cues=cues,
        chapters=chapters,
        callouts=callouts,
        regions=_regions_per_cue(cues, callouts),
        sources=sources,
        poster=_poster_url(files, meta.get("poster"), warnings),
        tracks=tracks,
        translations=translations,
        problems=tuple(problems),
        warnings=tuple(warnings),
        track_files=track_files,
    )


def _track_file(path: Path, data: bytes, parsed: ParsedTrack) -> TrackFile:
    body = data if parsed.rewritten is None else parsed.rewritten
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = time.time()
    etag = hashlib.blake2b(body, digest_size=16).hexdigest()
    return TrackFile(body, etag, mtime, whole=data.endswith((b"\n", b"\r")))


def _callouts_from_track(parsed: ParsedTrack, name: str, warnings: list[Problem]):
    callouts = []
    for cue in parsed.cues:
        known, unknown = parse_callout_payload(cue.text)
        if unknown:
            words = ", ".join(repr(w) for w in unknown)
            warnings.append(Problem(name, cue.line, f"unknown region {words} ignored"))
        callouts.append(Callout(cue.start_ms, cue.end_ms, known))
    return tuple(callouts)


def _regions_per_cue(cues: tuple[Cue, ...], callouts: tuple[Callout, ...]):
    """For each cue, the regions of the callouts that overlap it, in order, without repeats.

    Callouts are sorted by start; for each cue a binary search finds the last callout
    starting before the cue ends, and the walk back stops once no earlier callout can still
    reach the cue (the running maximum of ends says so), so a long lesson stays linear.
    """
    ordered = sorted(callouts, key=lambda c: c.start_ms)
    starts = [c.start_ms for c in ordered]
    reach = list(itertools.accumulate((c.end_ms for c in ordered), max))
    per_cue = []
    for cue in cues:
        found: list[str] = []
        k = bisect.bisect_left(starts, cue.end_ms) - 1
        overlapping = []
        while k >= 0 and reach[k] > cue.start_ms:
            if ordered[k].end_ms > cue.start_ms:
                overlapping.append(ordered[k])
            k -= 1
        for callout in reversed(overlapping):
            found.extend(r for r in callout.regions if r not in found)
        per_cue.append(tuple(found))
    return tuple(per_cue)


def _title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _poster_url(files: LessonFiles, named: str | None, warnings: list[Problem]) -> str | None:
    # A missing poster is only cosmetic: the video shows its first frame instead.
    if named:
        path = files.media_dir / named
        if "/" in named or "\\" in named or named.startswith(".") or not path.is_file():
            warnings.append(
                Problem(files.metadata.name, None, f"poster '{named}' is not in the media folder")
            )
            return None
        return f"/media/{named}"
    for ext in POSTER_SUFFIXES:
        if (files.media_dir / f"{files.slug}.{ext}").is_file():
            return f"/media/{files.slug}.{ext}"
    return None
