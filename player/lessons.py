"""Find the lessons in a captions folder and a media folder, and load each one.

A lesson exists when `captions/<slug>.vtt` does; everything else is optional. Each
lesson is parsed once and cached until one of its files changes (size or mtime), so
edits are picked up without a restart. A broken file breaks only its own lesson:
the problem is recorded on the lesson, never raised.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .model import Callout, Chapter, Cue, Lesson, MediaSource, Problem, Related
from .regions import parse_callout_payload, regions_in_text
from .vtt import CaptionError, ParsedTrack, parse_track

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RACY_NS = 2_000_000_000  # the coarsest file-system clock in common use (FAT) ticks in 2 s
# The language of a translation, `<slug>.<lang>.vtt`: a BCP 47 tag such as `es` or `pt-BR`.
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
# In the order a browser should try them: the first it can play wins.
VIDEO_TYPES = (("mp4", "video/mp4"), ("webm", "video/webm"))
POSTER_SUFFIXES = ("jpg", "jpeg", "png", "webp")


@dataclass(frozen=True)
class LessonFiles:
    """Where each file of one lesson would be; `signature` changes when any of them does."""

    slug: str
    captions_dir: Path
    media_dir: Path

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

    def videos(self) -> list[tuple[Path, str]]:
        return [(self.media_dir / f"{self.slug}.{ext}", mime) for ext, mime in VIDEO_TYPES]

    def translations(self) -> dict[str, Path]:
        """Captions in other languages, `<slug>.<lang>.vtt`, by language tag."""
        prefix = f"{self.slug}."
        try:
            paths = sorted(self.captions_dir.iterdir())
        except OSError:
            return {}
        found = {}
        for path in paths:
            lang = path.name[len(prefix) : -len(".vtt")]
            if path.name == f"{prefix}{lang}.vtt" and LANG_RE.match(lang) and path.is_file():
                found[lang] = path
        return found

    def all_paths(self) -> list[Path]:
        posters = [self.media_dir / f"{self.slug}.{ext}" for ext in POSTER_SUFFIXES]
        videos = [path for path, _ in self.videos()]
        fixed = [self.captions, self.chapters, self.callouts, self.metadata, *videos, *posters]
        return fixed + list(self.translations().values())

    def signature(self) -> tuple:
        stamps = []
        for path in self.all_paths():
            try:
                st = path.stat()
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append(None)
        return tuple(stamps)


class LessonLibrary:
    """The lessons in one captions folder (and their media), cached by file signature."""

    def __init__(self, captions_dir: Path, media_dir: Path, *, max_caption_bytes: int):
        self.captions_dir = Path(captions_dir)
        self.media_dir = Path(media_dir)
        self.max_caption_bytes = max_caption_bytes
        self._cache: dict[str, tuple[tuple, Lesson, int]] = {}  # signature, lesson, loaded at
        self._lock = threading.Lock()
        self._loading: dict[str, threading.Lock] = {}

    def slugs(self) -> list[str]:
        try:
            names = [entry.name for entry in self.captions_dir.iterdir() if entry.is_file()]
        except OSError:
            return []
        return sorted(n[: -len(".vtt")] for n in names if _is_lesson_captions(n))

    def get(self, slug: str) -> Lesson | None:
        if not SLUG_RE.match(slug):
            return None
        files = LessonFiles(slug, self.captions_dir, self.media_dir)
        signature = files.signature()
        if signature[0] is None:  # the captions file is what makes a lesson exist
            return None
        if lesson := self._unchanged(slug, signature):
            return lesson
        # One load of a lesson at a time: a big file changed under many viewers is parsed
        # once, while the other requests for it wait, not once per request.
        with self._lock:
            loading = self._loading.setdefault(slug, threading.Lock())
        with loading:
            signature = files.signature()
            if signature[0] is None:
                return None
            if lesson := self._unchanged(slug, signature):
                return lesson
            loaded_at = time.time_ns()
            lesson = load_lesson(files, max_caption_bytes=self.max_caption_bytes)
            previous = self._cache.get(slug)
            if previous and previous[1] == lesson:
                lesson = previous[1]  # reloaded only to be sure: keep the object callers hold
            self._cache[slug] = (signature, lesson, loaded_at)
        return lesson

    def _unchanged(self, slug: str, signature: tuple) -> Lesson | None:
        """The cached lesson, if its files are surely as they were when it was loaded.

        A file written twice within one tick of the file system's clock (up to 2 s on
        some) can keep its mtime and size, and so its signature: a lesson loaded that soon
        after a change is loaded again rather than trusted (git calls this "racy")."""
        cached = self._cache.get(slug)
        if not cached or cached[0] != signature:
            return None
        newest = max((stamp[0] for stamp in signature if stamp), default=0)
        if 0 <= cached[2] - newest <= RACY_NS:
            return None
        return cached[1]

    def all(self) -> list[Lesson]:
        return [lesson for slug in self.slugs() if (lesson := self.get(slug))]


def _is_lesson_captions(name: str) -> bool:
    return name.endswith(".vtt") and bool(SLUG_RE.match(name[: -len(".vtt")]))


def load_lesson(files: LessonFiles, *, max_caption_bytes: int) -> Lesson:
    """Build a Lesson from its files; problems are collected, never raised."""
    problems: list[Problem] = []
    warnings: list[Problem] = []

    def read_track(path: Path) -> ParsedTrack | None:
        try:
            data = _read_file(path, max_caption_bytes)
            parsed = parse_track(data, path.name, max_bytes=max_caption_bytes)
        except (CaptionError, UnreadableFile) as error:
            problems.append(error.problem)
            return None
        except OSError as error:
            problems.append(Problem(path.name, None, f"cannot read the file: {error.strerror}"))
            return None
        warnings.extend(parsed.warnings)
        return parsed

    meta = _read_metadata(files.metadata, problems) if files.metadata.exists() else {}
    captions = read_track(files.captions)
    cues = captions.cues if captions else ()
    if captions and not cues:
        problems.append(Problem(files.captions.name, None, "the file has no cues"))

    chapters: tuple[Chapter, ...] = ()
    if files.chapters.exists() and (parsed := read_track(files.chapters)):
        chapters = tuple(Chapter(c.start_ms, c.end_ms, c.text) for c in parsed.cues)

    callouts: tuple[Callout, ...] | None = None
    if files.callouts.exists() and (parsed := read_track(files.callouts)):
        callouts = _callouts_from_track(parsed, files.callouts.name, warnings)
    if callouts is None:
        callouts = tuple(Callout(c.start_ms, c.end_ms, regions_in_text(c.text)) for c in cues)
        callouts = tuple(c for c in callouts if c.regions)

    sources = tuple(
        MediaSource(f"/media/{path.name}", mime) for path, mime in files.videos() if path.is_file()
    )
    if not sources:
        names = " or ".join(path.name for path, _ in files.videos())
        problems.append(Problem(files.slug, None, f"no video: add {names} to the media folder"))

    language = meta.get("language", "en")
    translations = {}
    for lang, path in files.translations().items():
        if lang == language:
            warnings.append(Problem(path.name, None, f"'{lang}' is the lesson's own language"))
        elif parsed := read_track(path):
            translations[lang] = parsed.cues

    tracks = {"captions": f"/captions/{files.captions.name}"}
    if chapters:
        tracks["chapters"] = f"/captions/{files.chapters.name}"
    if files.callouts.exists() and callouts is not None:
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
    )


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


META_STRINGS = ("title", "summary", "language", "poster")
METADATA_MAX_BYTES = 1_000_000


class UnreadableFile(Exception):
    """A lesson file that is not read at all: too big, or a link out of its folder."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.problem = Problem(path.name, None, reason)


def _read_file(path: Path, limit: int) -> bytes:
    """A lesson file's bytes, read only up to just past `limit` (then parse_track refuses
    it), and never through a link out of its folder: what /captions would not serve, a
    lesson does not show either."""
    try:
        outside = path.resolve().parent != path.parent.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        outside = True
    if outside:
        raise UnreadableFile(path, "it links to a file outside its folder; copy the file in")
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            raise UnreadableFile(path, f"file is {size} bytes; the limit is {limit}")
        return file.read(limit + 1)


def _read_metadata(path: Path, problems: list[Problem]) -> dict:
    try:
        raw = tomllib.loads(_read_file(path, METADATA_MAX_BYTES).decode("utf-8"))
    except UnicodeDecodeError as error:
        problems.append(Problem(path.name, None, f"not UTF-8 text ({error.reason})"))
        return {}
    except UnreadableFile as error:
        problems.append(error.problem)
        return {}
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_toml_message(str(error))
        problems.append(Problem(path.name, line, f"not valid TOML: {error}"))
        return {}
    except OSError as error:
        problems.append(Problem(path.name, None, f"cannot read the file: {error.strerror}"))
        return {}
    meta: dict = {}
    for key in META_STRINGS:
        if key in raw:
            if isinstance(raw[key], str):
                meta[key] = raw[key].strip()
            else:
                problems.append(Problem(path.name, None, f"'{key}' must be a string"))
    related = raw.get("related", [])
    items = []
    if not isinstance(related, list):
        problems.append(Problem(path.name, None, "'related' must be a list of [[related]] tables"))
        related = []
    for number, item in enumerate(related, start=1):
        title = item.get("title") if isinstance(item, dict) else None
        url = item.get("url") if isinstance(item, dict) else None
        if not (isinstance(title, str) and isinstance(url, str) and _is_web_url(url)):
            problems.append(
                Problem(path.name, None, f"related #{number} needs a title and an http(s) url")
            )
            continue
        items.append(Related(title.strip(), url.strip()))
    meta["related"] = tuple(items)
    return meta


def _line_from_toml_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _is_web_url(url: str) -> bool:
    # Only http(s) links reach the page: a `javascript:` URL in metadata stays inert.
    return bool(re.match(r"^https?://[^\s]+$", url.strip(), re.IGNORECASE))


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
