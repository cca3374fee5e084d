"""The lesson's domain types: small frozen values built once from parsed files.

Times are integer milliseconds everywhere inside the server; the JSON API turns
them into seconds (ms / 1000) at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .glossary import Glossary
from .problems import Problem

__all__ = ["Problem"]  # its home is problems.py; `from player.model import Problem` still works


@dataclass(frozen=True)
class Word:
    """A timed span inside a cue, from a WebVTT timestamp tag (`<00:00:01.500>`)."""

    start_ms: int
    text: str


@dataclass(frozen=True)
class Cue:
    """One cue of a WebVTT track, as a browser's TextTrack would expose it."""

    index: int
    id: str
    start_ms: int
    end_ms: int
    text: str  # plain text: tags removed, character references decoded
    raw: str  # the cue payload exactly as in the file (tags kept)
    line: int  # 1-based line number of the cue's timing line in the file
    voice: str | None = None  # speaker named by the first <v> span
    words: tuple[Word, ...] = ()  # empty unless the cue has timestamp tags


@dataclass(frozen=True)
class Chapter:
    start_ms: int
    end_ms: int
    title: str


@dataclass(frozen=True)
class Callout:
    """Anatomical regions to light from start_ms to end_ms."""

    start_ms: int
    end_ms: int
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Description:
    """What the video shows from start_ms, said in words (a descriptions track's cue)."""

    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class Related:
    title: str
    url: str


@dataclass(frozen=True)
class MediaSource:
    """A video of the lesson: its file name in the media folder, and its media type."""

    name: str
    mime: str


@dataclass(frozen=True)
class TrackFile:
    """A caption track as /captions serves it: the bytes the lesson was loaded from (so a file
    being rewritten is never served torn), or their safe rewrite."""

    body: bytes = field(repr=False)
    etag: str
    mtime: float
    whole: bool  # ends with a line break; a file cut short by a write in progress may not


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str = ""
    language: str = "en"
    related: tuple[Related, ...] = ()
    topics: tuple[str, ...] = ()  # labels the catalogue filters by (`topics` in <slug>.toml)
    cues: tuple[Cue, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    callouts: tuple[Callout, ...] = ()  # regions lit over time, in start order
    descriptions: tuple[Description, ...] = ()  # audio description, in start order
    regions: tuple[tuple[str, ...], ...] = ()  # per cue, the anatomical regions it lights
    sources: tuple[MediaSource, ...] = ()
    poster: str | None = None  # its file name in the media folder
    # kind ("captions", "chapters", "callouts", "descriptions") -> file name in the captions
    # folder; player/urls.py makes their URLs
    tracks: dict[str, str] = field(default_factory=dict)
    translations: dict[str, tuple[Cue, ...]] = field(default_factory=dict)  # lang -> cues
    problems: tuple[Problem, ...] = ()  # the lesson cannot be shown as it should
    warnings: tuple[Problem, ...] = ()  # shown to publishers (`check`), not to viewers
    glossary: Glossary = field(default_factory=Glossary)  # its medical words
    # file name -> the track /captions serves; not compared: equal cues mean equal files
    track_files: dict[str, TrackFile] = field(default_factory=dict, compare=False, repr=False)

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    def translation_track(self, lang: str) -> str:
        """The file name of its captions in `lang`, as LessonFiles.translations finds them."""
        return f"{self.slug}.{lang}.vtt"
