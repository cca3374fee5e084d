"""Loads and validates a lesson script: the hand-authored data a lesson is generated from.

A script (TOML) holds the narration as paragraphs split into phrases (one caption cue each),
the anatomical regions each phrase lights, the chapters, the scene that illustrates it, and
the audio description of what the picture shows that the narration does not say.

The diagram says only what the narration says: a phrase lights a region only with the words of
its own caption that name or unmistakably describe it (`lights = { lungs = "lungs" }`), and a
single vertebra only when those words name it ("T8"). `justify` enforces both.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from player.regions import LEVELS, VOCABULARY
from player.studio.errors import LessonScriptError
from player.studio.layout import CueTooLong, wrap_cue

# The spine diagram's region ids: the player owns the vocabulary; lesson scripts must use it.
REGIONS: frozenset[str] = VOCABULARY

_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
# A description is read in a pause of the narration (or over it): a sentence or two.
MAX_DESCRIPTION_WORDS = 40


@dataclass(frozen=True)
class Scene:
    """Which picture illustrates a run of phrases, and its parameters (kind-specific)."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Phrase:
    """One spoken phrase: one caption cue, one callout cue, one beat of its scene."""

    id: str  # p{paragraph}-{n}
    paragraph: int  # 1-based
    text: str
    regions: tuple[str, ...] = ()  # in the order the script lists them
    because: Mapping[str, str] = field(default_factory=dict)  # region -> words of `text`
    scene: Scene | None = None  # set on the phrase where a new scene begins
    description: str | None = None  # what the picture shows, read in the pause after it
    ends_sentence: bool = False
    ends_paragraph: bool = False


@dataclass(frozen=True)
class ChapterMark:
    title: str
    paragraph: int  # the chapter starts at this paragraph's first phrase


@dataclass(frozen=True)
class Related:
    title: str
    url: str


@dataclass(frozen=True)
class Voice:
    engine: str = "festival"
    name: str = "cmu_us_slt_arctic_hts"


@dataclass(frozen=True)
class Pacing:
    """Silences laid between phrases (ms) and the target loudness of the narration."""

    title_card_ms: int = 2000
    phrase_gap_ms: int = 300
    sentence_gap_ms: int = 450
    paragraph_gap_ms: int = 900
    tail_ms: int = 60
    loudness_lufs: float = -16.0


@dataclass(frozen=True)
class LessonScript:
    path: str
    slug: str
    title: str
    summary: str
    language: str
    poster: str
    subtitle: str
    voice: Voice
    pacing: Pacing
    paragraphs: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    chapters: tuple[ChapterMark, ...]
    related: tuple[Related, ...] = ()
    title_description: str | None = None  # what the title card shows


def load(path: str | Path) -> LessonScript:
    """Read and validate a lesson script; raise `LessonScriptError` naming what is wrong."""
    path = Path(path)
    name = str(path)
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except FileNotFoundError:
        raise LessonScriptError(name, "", "no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise LessonScriptError(name, "", f"not valid TOML: {exc}") from None
    return parse(data, name, phrase_lines(source))


def phrase_lines(source: str) -> dict[tuple[int, int], int]:
    """(paragraph, phrase) -> the line of its `[[paragraphs.phrases]]` header, both from 1, so
    an error about a phrase can say where it is in the file (tomllib keeps no positions)."""
    lines: dict[tuple[int, int], int] = {}
    paragraph = phrase = 0
    for number, line in enumerate(source.splitlines(), start=1):
        header = line.split("#", 1)[0].strip().replace(" ", "")
        if header == "[[paragraphs]]":
            paragraph, phrase = paragraph + 1, 0
        elif header == "[[paragraphs.phrases]]":
            phrase += 1
            lines[(paragraph, phrase)] = number
    return lines


def parse(
    data: Mapping[str, Any],
    name: str = "<script>",
    lines: Mapping[tuple[int, int], int] | None = None,
) -> LessonScript:
    """Build a `LessonScript` from already-parsed TOML data (`lines`: see `phrase_lines`)."""
    top = _Table(data, name, "")
    top.allow(
        "slug title summary language poster subtitle voice pacing chapters paragraphs related"
        " title_description"
    )
    slug = top.text("slug")
    if not _SLUG.fullmatch(slug):
        raise LessonScriptError(name, "slug", f"{slug!r} is not lowercase words joined by '-'")
    paragraphs, phrases = _paragraphs(top.tables("paragraphs"), name, lines or {})
    script = LessonScript(
        path=name,
        slug=slug,
        title=top.text("title"),
        summary=top.text("summary"),
        language=top.text("language", "en"),
        poster=top.text("poster", f"{slug}.jpg"),
        subtitle=top.text("subtitle", ""),
        voice=_voice(top.table("voice")),
        pacing=_pacing(top.table("pacing")),
        paragraphs=paragraphs,
        phrases=phrases,
        chapters=_chapters(top.tables("chapters", required=False), len(paragraphs), name),
        related=tuple(
            Related(t.text("title"), t.text("url")) for t in top.tables("related", required=False)
        ),
        title_description=_description(top, "title_description"),
    )
    if phrases[0].scene is None:
        raise LessonScriptError(name, "paragraphs[1].phrases[1]", "the first phrase needs a scene")
    if phrases[-1].description is not None:
        paragraph, n = phrases[-1].id[1:].split("-")
        raise LessonScriptError(
            name,
            f"paragraphs[{paragraph}].phrases[{n}].description",
            "the video ends with this phrase: describe an earlier one",
        )
    return script


def _paragraphs(
    tables: list[_Table], name: str, lines: Mapping[tuple[int, int], int]
) -> tuple[tuple[str, ...], tuple[Phrase, ...]]:
    paragraphs: list[str] = []
    phrases: list[Phrase] = []
    for p, para in enumerate(tables, start=1):
        para.allow("text phrases")
        text = para.text("text")
        parts = para.tables("phrases")
        for n, part in enumerate(parts, start=1):
            part.line = lines.get((p, n))
            if "regions" in part.data:
                raise LessonScriptError(
                    name,
                    part._at("regions"),
                    'say why each region is lit: lights = { REGION = "words of the phrase" }',
                    part.line,
                )
            part.allow("text lights scene description")
            phrase_text = part.text("text")
            if phrase_text != phrase_text.strip() or "  " in phrase_text or "\n" in phrase_text:
                raise LessonScriptError(name, part.where, "text has stray or doubled whitespace")
            try:
                wrap_cue(phrase_text)
            except CueTooLong as exc:
                raise LessonScriptError(name, part.where, str(exc)) from None
            because = justify(part, phrase_text, f"p{p}-{n}")
            phrases.append(
                Phrase(
                    id=f"p{p}-{n}",
                    paragraph=p,
                    text=phrase_text,
                    regions=tuple(because),
                    because=because,
                    scene=_scene(part),
                    description=_description(part, "description"),
                    ends_sentence=bool(_SENTENCE_END.search(phrase_text)),
                    ends_paragraph=n == len(parts),
                )
            )
        joined = " ".join(part.text("text") for part in parts)
        if joined != text:
            at = next(
                (i for i, (a, b) in enumerate(zip(joined, text, strict=False)) if a != b), None
            )
            at = min(len(joined), len(text)) if at is None else at
            raise LessonScriptError(
                name,
                para.where,
                f"phrases joined differ from text at character {at}: "
                f"phrases have {joined[at : at + 30]!r}, text has {text[at : at + 30]!r}",
            )
        paragraphs.append(text)
    return tuple(paragraphs), tuple(phrases)


def justify(part: _Table, caption: str, phrase_id: str) -> dict[str, str]:
    """The phrase's `lights`: region -> the words of its caption that justify lighting it.

    Refused, naming the region, the phrase and its line: an unknown region, a region without
    words, words its caption does not say, and a single vertebra the words do not name.
    """
    lights = part.table("lights")
    because: dict[str, str] = {}
    for region, words in lights.data.items():
        at = lights._at(region)
        said = f"phrase {phrase_id} {caption!r}"
        if region not in REGIONS:
            raise LessonScriptError(
                part.file, at, f"unknown region; use only {sorted(REGIONS)}", part.line
            )
        if not isinstance(words, str) or not words.strip():
            raise LessonScriptError(
                part.file,
                at,
                f"no words justify lighting {region}: quote the words of {said} that name it",
                part.line,
            )
        if not says(caption, words):
            raise LessonScriptError(
                part.file, at, f"{words!r} is not in the words of {said}", part.line
            )
        if region in LEVELS and not says(words, region):
            raise LessonScriptError(
                part.file,
                at,
                f"{words!r} does not name vertebra {region.upper()}: a level shown only as an "
                "example is labelled in its scene, never lit",
                part.line,
            )
        because[region] = words
    return because


def says(caption: str, words: str) -> bool:
    """Whether `words` occur in `caption` as whole words (case and spacing aside)."""
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    return re.search(rf"(?<!\w){pattern}(?!\w)", caption, re.IGNORECASE) is not None


def _description(table: _Table, key: str) -> str | None:
    if key not in table.data:
        return None
    text = table.text(key)
    where = table._at(key)
    if text != text.strip() or "  " in text or "\n" in text:
        raise LessonScriptError(table.file, where, "text has stray or doubled whitespace")
    if len(text.split()) > MAX_DESCRIPTION_WORDS:
        raise LessonScriptError(
            table.file, where, f"{len(text.split())} words: keep it to {MAX_DESCRIPTION_WORDS}"
        )
    return text


def _scene(part: _Table) -> Scene | None:
    if "scene" not in part.data:
        return None
    table = part.table("scene")
    kind = table.text("kind")
    return Scene(kind, {k: v for k, v in table.data.items() if k != "kind"})


def _chapters(tables: list[_Table], paragraph_count: int, name: str) -> tuple[ChapterMark, ...]:
    marks = []
    for table in tables:
        table.allow("title paragraph")
        paragraph = table.integer("paragraph")
        if not 1 <= paragraph <= paragraph_count:
            raise LessonScriptError(
                name, table.where, f"paragraph {paragraph} is not in 1..{paragraph_count}"
            )
        if marks and paragraph <= marks[-1].paragraph:
            raise LessonScriptError(name, table.where, "chapters must start at later paragraphs")
        marks.append(ChapterMark(table.text("title"), paragraph))
    if marks and marks[0].paragraph != 1:
        raise LessonScriptError(name, "chapters[1]", "the first chapter must start at paragraph 1")
    return tuple(marks)


def _voice(table: _Table) -> Voice:
    table.allow("engine name")
    voice = Voice(table.text("engine", Voice.engine), table.text("name", Voice.name))
    if voice.engine not in ("kokoro", "festival"):
        raise LessonScriptError(table.file, table.where, "engine must be 'kokoro' or 'festival'")
    return voice


def _pacing(table: _Table) -> Pacing:
    fields = "title_card_ms phrase_gap_ms sentence_gap_ms paragraph_gap_ms tail_ms"
    table.allow(fields + " loudness_lufs")
    values: dict[str, Any] = {k: table.integer(k, getattr(Pacing, k)) for k in fields.split()}
    loudness = table.data.get("loudness_lufs", Pacing.loudness_lufs)
    if not isinstance(loudness, int | float) or not -40 <= loudness <= -5:
        raise LessonScriptError(table.file, table.where, "loudness_lufs must be -40..-5")
    return Pacing(**values, loudness_lufs=float(loudness))


class _Table:
    """A TOML table with typed, located accessors so every error names its place."""

    def __init__(self, data: Any, file: str, where: str, line: int | None = None) -> None:
        if not isinstance(data, Mapping):
            raise LessonScriptError(file, where, "must be a table", line)
        self.data, self.file, self.where = data, file, where
        self.line = line  # of the phrase this table is or is in, when known

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def allow(self, keys: str) -> None:
        extra = sorted(set(self.data) - set(keys.split()))
        if extra:
            raise LessonScriptError(self.file, self.where, f"unknown keys {extra}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise LessonScriptError(self.file, self._at(key), "must be a non-empty string")
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise LessonScriptError(self.file, self._at(key), "must be a whole number >= 0")
        return value

    def table(self, key: str) -> _Table:
        return _Table(self.data.get(key, {}), self.file, self._at(key), self.line)

    def tables(self, key: str, required: bool = True) -> list[_Table]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or (required and not value):
            raise LessonScriptError(self.file, self._at(key), "must be a non-empty array of tables")
        return [_Table(v, self.file, f"{self._at(key)}[{i}]") for i, v in enumerate(value, 1)]
