"""One lesson built from its files: the tracks parsed, the metadata read, the regions each
cue lights, the video and poster found. Whatever the files hold, the problems are collected
on the lesson (it is then broken) or as warnings, never raised.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import time
from dataclasses import replace
from pathlib import Path

from .glossary import lesson_glossary
from .lesson_files import POSTER_SUFFIXES, LessonFiles
from .metadata import DEFAULT_LANGUAGE, read_metadata
from .model import (
    Callout,
    Chapter,
    Cue,
    Description,
    Lesson,
    MediaSource,
    Problem,
    TrackFile,
)
from .publisher_files import UnreadableFile, read_publisher_file
from .regions import parse_callout_payload, regions_in_text
from .vtt import CaptionError, ParsedTrack, ends_with_line_break, parse_track, srt_as_webvtt

# All of one lesson's tracks together (captions, chapters, callouts, translations): ten
# translations of 19 MB each took 99 s and 1.9 GiB to load and made a 199 MB page.
MAX_LESSON_BYTES = 40_000_000


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

    def read_track(
        path: Path, over_budget: list[Problem] | None = None, derive=None, served_as: str = ""
    ) -> ParsedTrack | None:
        """The track read from `path`, served as `served_as` (by default its own name)."""
        try:
            budget.take(path)
        except UnreadableFile as error:
            (problems if over_budget is None else over_budget).append(error.problem)
            return None
        read = _read_srt if path.suffix == ".srt" else parse_track
        try:
            data = read_publisher_file(path, max_caption_bytes)
            parsed = read(
                data, path.name, max_bytes=max_caption_bytes, cache_key=str(path), derive=derive
            )
        except (CaptionError, UnreadableFile) as error:
            problems.append(error.problem)
            return None
        warnings.extend(parsed.warnings)
        track_files[served_as or path.name] = _track_file(path, data, parsed)
        return parsed

    meta = (
        read_metadata(files.metadata, problems, warnings) if files.present(files.metadata) else {}
    )
    # Without a callouts track, the regions each cue names light the diagram: read with the
    # cues (on every core, and only for cues that changed).
    infer_regions = not files.present(files.callouts)
    source = files.captions_source
    captions = read_track(
        source, derive=regions_in_text if infer_regions else None, served_as=files.captions.name
    )
    cues = captions.cues if captions else ()
    if captions and not cues:
        problems.append(Problem(source.name, None, "the file has no cues"))
    if source != files.srt_captions and files.present(files.srt_captions):
        warnings.append(
            Problem(
                files.srt_captions.name,
                None,
                f"ignored: {files.captions.name} is the lesson's captions; remove one of them",
            )
        )

    chapters: tuple[Chapter, ...] = ()
    if files.present(files.chapters) and (parsed := read_track(files.chapters)):
        chapters = tuple(Chapter(c.start_ms, c.end_ms, c.text) for c in parsed.cues)

    callouts: tuple[Callout, ...] | None = None
    if files.present(files.callouts) and (parsed := read_track(files.callouts)):
        callouts = _callouts_from_track(parsed, files.callouts.name, warnings)
    if callouts is None:
        if captions and infer_regions:
            named = captions.derived
        else:  # a callouts track that could not be read: from the cues after all
            named = tuple(regions_in_text(c.text) for c in cues)
        callouts = tuple(
            Callout(c.start_ms, c.end_ms, regions)
            for c, regions in zip(cues, named, strict=True)
            if regions
        )

    descriptions: tuple[Description, ...] = ()
    if files.present(files.descriptions) and (parsed := read_track(files.descriptions)):
        descriptions = _descriptions_from_track(parsed, files.descriptions.name, warnings)

    sources = tuple(
        MediaSource(path.name, mime)
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

    tracks = {"captions": files.captions.name}
    if chapters:
        tracks["chapters"] = files.chapters.name
    if files.present(files.callouts) and callouts is not None:
        tracks["callouts"] = files.callouts.name
    if descriptions:
        tracks["descriptions"] = files.descriptions.name

    if captions and infer_regions and _apart(cues):
        # Each cue is lit by what it names itself: no other cue's callout reaches it.
        regions_per_cue = captions.derived
    else:
        regions_per_cue = _regions_per_cue(cues, callouts)

    return Lesson(
        slug=files.slug,
        title=meta.get("title") or title_from_slug(files.slug),
        summary=meta.get("summary", ""),
        language=language,
        related=meta.get("related", ()),
        topics=meta.get("topics", ()),
        cues=cues,
        chapters=chapters,
        callouts=callouts,
        descriptions=descriptions,
        regions=regions_per_cue,
        sources=sources,
        poster=_poster_name(files, meta.get("poster"), warnings),
        tracks=tracks,
        translations=translations,
        # Its problems are the glossary's own: a broken glossary costs only the glossary.
        glossary=lesson_glossary(files.glossary),
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
    return TrackFile(body, etag, mtime, whole=ends_with_line_break(data))


def _read_srt(data: bytes, name: str, **options) -> ParsedTrack:
    """An SRT file's cues, read from its WebVTT conversion, which is what browsers get.
    A warning about the conversion names the SRT file and the conversion's line (the
    cues' lines there are not the SRT file's)."""
    conversion = srt_as_webvtt(data, name)
    parsed = parse_track(conversion.webvtt, name, **options)
    about_conversion = tuple(
        Problem(name, None, f"{w.message} (line {w.line} of its WebVTT conversion)")
        if w.line
        else w
        for w in parsed.warnings
    )
    return replace(
        parsed,
        warnings=conversion.warnings + about_conversion,
        rewritten=parsed.rewritten or conversion.webvtt,
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


def _descriptions_from_track(parsed: ParsedTrack, name: str, warnings: list[Problem]):
    """One description per cue, in start order (a player reads them out in that order)."""
    if not parsed.cues:
        warnings.append(Problem(name, None, "the file has no cues: no description is offered"))
    for cue in parsed.cues:
        if not cue.text.strip():
            warnings.append(Problem(name, cue.line, "an empty description is never shown"))
    found = (Description(c.start_ms, c.end_ms, " ".join(c.text.split())) for c in parsed.cues)
    return tuple(sorted((d for d in found if d.text), key=lambda d: d.start_ms))


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


def _apart(cues: tuple[Cue, ...]) -> bool:
    """Whether no two cues overlap and none is empty (then a callout made from a cue
    overlaps that cue alone)."""
    return all(c.start_ms < c.end_ms for c in cues) and all(
        a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues)
    )


def title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _poster_name(files: LessonFiles, named: str | None, warnings: list[Problem]) -> str | None:
    # A missing poster is only cosmetic: the video shows its first frame instead.
    if named:
        path = files.media_dir / named
        if "/" in named or "\\" in named or named.startswith(".") or not path.is_file():
            warnings.append(
                Problem(files.metadata.name, None, f"poster '{named}' is not in the media folder")
            )
            return None
        return named
    for ext in POSTER_SUFFIXES:
        if (files.media_dir / f"{files.slug}.{ext}").is_file():
            return f"{files.slug}.{ext}"
    return None
