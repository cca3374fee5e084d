"""A lesson's glossary: plain-language definitions kept in `captions/<slug>.glossary.toml`,
and where its terms occur in a line of the transcript.

The file is optional. A broken one costs the lesson its glossary, never the lesson: the
problem is recorded on the glossary (and logged by the page), the page shows no terms.

    [[term]]
    term = "Vertebra"                      # as shown in the glossary list
    forms = ["vertebra", "vertebrae"]      # optional: the words that mark it in the transcript
    definition = "One of the small bones that stack up to make the spine."
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem


@dataclass(frozen=True)
class Term:
    key: str  # unique, id-safe: "bone-marrow"
    term: str
    definition: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    problems: tuple[Problem, ...] = ()
    pattern: re.Pattern | None = field(default=None, compare=False)

    def matches(self, text: str) -> list[tuple[int, int, Term]]:
        """Where terms occur in `text`: (start, end, term), in order, never overlapping."""
        if self.pattern is None:
            return []
        by_form = {form.casefold(): term for term in self.terms for form in term.forms}
        found = []
        for match in self.pattern.finditer(text):
            term = by_form.get(" ".join(match.group().split()).casefold())
            if term:
                found.append((match.start(), match.end(), term))
        return found


@dataclass(frozen=True)
class Piece:
    """A run of a line's text: in one timed word (or none) and one term occurrence (or none)."""

    text: str
    start: float | None = None  # the word's start in seconds, when the cue has word timings
    term: Term | None = None
    opens: bool = False  # the first piece of a term occurrence
    closes: bool = False  # the last piece of a term occurrence


def glossary_path(captions_dir: Path, slug: str) -> Path:
    return Path(captions_dir) / f"{slug}.glossary.toml"


_cache: dict[Path, tuple[tuple[int, int], Glossary]] = {}
_lock = threading.Lock()


def load_glossary(captions_dir: Path, slug: str) -> Glossary:
    """The lesson's glossary, read again only when its file changes; empty without a file."""
    path = glossary_path(captions_dir, slug)
    try:
        stat = path.stat()
    except OSError:
        return Glossary()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    glossary = read_glossary(path)
    with _lock:
        _cache[path] = (stamp, glossary)
    return glossary


def read_glossary(path: Path) -> Glossary:
    return _read(path, with_lines=False)


def glossary_problems(path: Path) -> tuple[Problem, ...]:
    """The file's problems as `lesson-player check` prints them: each with its line where it
    is known (the TOML error's, or the bad term's `[[term]]`). The page logs read_glossary's,
    which name the file only."""
    return _read(path, with_lines=True).problems


TERM_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*term[ \t]*\]\]", re.MULTILINE)
TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _read(path: Path, *, with_lines: bool) -> Glossary:
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        found = TOML_ERROR_LINE.search(str(error)) if with_lines else None
        line = int(found.group(1)) if found else None
        return Glossary(problems=(Problem(path.name, line, f"cannot read the glossary: {error}"),))
    entries = raw.get("term", [])
    if not isinstance(entries, list):
        return Glossary(problems=(Problem(path.name, None, "use [[term]] tables"),))
    starts = [text.count("\n", 0, m.start()) + 1 for m in TERM_TABLE.finditer(text)]
    if not with_lines or len(starts) != len(entries):  # inline tables, or a look-alike line
        starts = [None] * len(entries)
    terms: list[Term] = []
    problems: list[Problem] = []
    for number, (entry, line) in enumerate(zip(entries, starts, strict=True), start=1):
        term, problem = _term(entry, number, {t.key for t in terms})
        if problem:
            problems.append(Problem(path.name, line, problem))
        else:
            terms.append(term)
    return Glossary(tuple(terms), tuple(problems), _pattern(terms))


def _term(entry, number: int, keys: set[str]) -> tuple[Term | None, str | None]:
    if not isinstance(entry, dict):
        return None, f"term #{number} must be a [[term]] table"
    name, definition = entry.get("term"), entry.get("definition")
    if not (isinstance(name, str) and name.strip()):
        return None, f"term #{number} needs a 'term'"
    if not (isinstance(definition, str) and definition.strip()):
        return None, f"term #{number} ({name}) needs a 'definition'"
    forms = entry.get("forms", [name])
    words = isinstance(forms, list) and all(isinstance(f, str) and f.strip() for f in forms)
    if not (words and forms):
        return None, f"term #{number} ({name}): 'forms' must be a list of words"
    key = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or f"term-{number}"
    if key in keys:
        return None, f"term #{number} ({name}) is defined twice"
    forms = tuple(" ".join(f.split()) for f in forms)
    return Term(key, name.strip(), " ".join(definition.split()), forms), None


def _pattern(terms: Sequence[Term]) -> re.Pattern | None:
    forms = sorted({f for t in terms for f in t.forms}, key=len, reverse=True)
    if not forms:
        return None
    # Longest first, so "compression fracture" wins over "fracture"; a line break inside a
    # phrase ("bone\nmarrow") still matches.
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def mark_terms(segments: Sequence[tuple[float | None, str]], glossary: Glossary) -> list[Piece]:
    """Split a line's text, given as (word start or None, text) segments, into pieces so that
    every term occurrence covers whole pieces and every piece lies in one segment."""
    text = "".join(segment for _, segment in segments)
    matches = glossary.matches(text)
    cuts = sorted({0, len(text)} | {i for a, b, _ in matches for i in (a, b)})
    pieces: list[Piece] = []
    offset = 0
    for start, segment in segments:
        end = offset + len(segment)
        inner = [c for c in cuts if offset < c < end]
        for a, b in zip([offset, *inner], [*inner, end], strict=True):
            term = next(((ma, mb, t) for ma, mb, t in matches if ma <= a and b <= mb), None)
            pieces.append(
                Piece(
                    text[a:b],
                    start,
                    term[2] if term else None,
                    opens=bool(term) and term[0] == a,
                    closes=bool(term) and term[1] == b,
                )
            )
        offset = end
    return [piece for piece in pieces if piece.text]
