"""A lesson's glossary: plain-language definitions kept in `captions/<slug>.glossary.toml`,
and where its terms occur in a line of the transcript.

The file is optional, and read as every publisher file is (publisher_files: a plain file
in the captions folder, not a link out of it, at most GLOSSARY_MAX_BYTES). A broken one
costs the lesson its glossary, never the lesson: the problem is recorded on the glossary
(and logged by the page), the page shows no terms.

    [[term]]
    term = "Vertebra"                      # as shown in the glossary list
    forms = ["vertebra", "vertebrae"]      # optional: the words that mark it in the transcript
    definition = "One of the small bones that stack up to make the spine."
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .publisher_files import UnreadableFile, parse_toml, read_publisher_file

# A real glossary is a few dozen terms in a few kilobytes; these leave room for a course's
# worth while keeping a hostile file's cost (reading it, and indexing its forms) small.
GLOSSARY_MAX_BYTES = 1_000_000
MAX_TERMS = 2_000
# A form is looked up one word (or punctuation mark) at a time, so its length bounds the
# lookups made at each word of a line.
MAX_FORM_WORDS = 16


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
    index: FormIndex | None = field(init=False, default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.terms:
            object.__setattr__(self, "index", FormIndex(self.terms))

    def matches(self, text: str) -> list[tuple[int, int, Term]]:
        """Where terms occur in `text`: (start, end, term), in order, never overlapping."""
        return self.index.occurrences(text) if self.index else []


@dataclass(frozen=True)
class Piece:
    """A run of a line's text: in one timed word (or none) and one term occurrence (or none)."""

    text: str
    start: float | None = None  # the word's start in seconds, when the cue has word timings
    term: Term | None = None
    opens: bool = False  # the first piece of a term occurrence
    closes: bool = False  # the last piece of a term occurrence


def lesson_glossary(path: Path) -> Glossary:
    """The glossary at `path`, read with the rest of its lesson (player/lesson_loading.py);
    empty when there is no such file. A link that loops or leads nowhere is still a file,
    and says so."""
    return read_glossary(path) if os.path.lexists(path) else Glossary()


def read_glossary(path: Path) -> Glossary:
    """The terms of the glossary file at `path`, and its problems, each with its line where
    it is known (the TOML error's, or the bad term's `[[term]]`)."""
    return _read(path)


def glossary_problems(path: Path) -> tuple[Problem, ...]:
    return read_glossary(path).problems


TERM_TABLE = re.compile(r"^[ \t]*\[\[[ \t]*term[ \t]*\]\]", re.MULTILINE)


def _read(path: Path) -> Glossary:
    def problem(line: int | None, message: str) -> Problem:
        return Problem(path.name, line, message)

    try:
        raw = parse_toml(path, GLOSSARY_MAX_BYTES)
    except UnreadableFile as error:
        line, reason = error.problem.line, error.problem.message
        return Glossary(problems=(problem(line, f"cannot read the glossary: {reason}"),))
    entries = raw.get("term", [])
    if not isinstance(entries, list):
        return Glossary(problems=(problem(None, "use [[term]] tables"),))
    problems: list[Problem] = []
    lines = _term_lines(path, len(entries))
    if len(entries) > MAX_TERMS:
        message = f"{len(entries)} terms; the limit is {MAX_TERMS}, the rest are left out"
        problems.append(problem(lines[MAX_TERMS], message))
        entries, lines = entries[:MAX_TERMS], lines[:MAX_TERMS]
    terms: list[Term] = []
    keys: set[str] = set()
    for number, (entry, line) in enumerate(zip(entries, lines, strict=True), start=1):
        term, message = _term(entry, number, keys)
        if message:
            problems.append(problem(line, message))
        else:
            terms.append(term)
            keys.add(term.key)
    return Glossary(tuple(terms), tuple(problems))


def _term_lines(path: Path, count: int) -> list[int | None]:
    """The line of each `[[term]]` header, or None for every term when they cannot be told
    apart (inline tables, or a look-alike line inside a string)."""
    try:
        text = read_publisher_file(path, GLOSSARY_MAX_BYTES).decode("utf-8", errors="replace")
    except UnreadableFile:  # changed since it was parsed
        return [None] * count
    lines: list[int | None] = []
    line, counted_to = 1, 0
    for header in TERM_TABLE.finditer(text):  # counting as we go: one pass over the file
        line += text.count("\n", counted_to, header.start())
        counted_to = header.start()
        lines.append(line)
    return lines if len(lines) == count else [None] * count


def _term(entry, number: int, keys: set[str]) -> tuple[Term | None, str | None]:
    if not isinstance(entry, dict):
        return None, f"term #{number} must be a [[term]] table"
    name, definition = entry.get("term"), entry.get("definition")
    if not (isinstance(name, str) and name.strip()):
        return None, f"term #{number} needs a 'term'"
    shown = _shortened(name)
    if not (isinstance(definition, str) and definition.strip()):
        return None, f"term #{number} ({shown}) needs a 'definition'"
    forms = entry.get("forms", [name])
    words = isinstance(forms, list) and all(isinstance(f, str) and f.strip() for f in forms)
    if not (words and forms):
        return None, f"term #{number} ({shown}): 'forms' must be a list of words"
    for form in forms:
        length = sum(1 for _ in WORD_OR_MARK.finditer(form))
        if length > MAX_FORM_WORDS:
            return None, (
                f"term #{number} ({shown}): the form '{_shortened(form)}' is {length} words "
                f"long (a punctuation mark counts as one); the limit is {MAX_FORM_WORDS}"
            )
    key = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or f"term-{number}"
    if key in keys:
        return None, f"term #{number} ({shown}) is defined twice"
    forms = tuple(" ".join(f.split()) for f in forms)
    return Term(key, name.strip(), " ".join(definition.split()), forms), None


def _shortened(text: str, limit: int = 60) -> str:
    """A publisher's string as a message quotes it: on one line, and not a megabyte long."""
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A line is read as words (runs of letters, digits, _) and the single punctuation marks
# between them: the units a form is made of and matched by.
WORD_OR_MARK = re.compile(r"\w+|[^\w\s]")
WORD_CHAR = re.compile(r"\w")
_ABSENT = object()


class FormIndex:
    """A glossary's forms, found in a line in one pass over its words: at each word the
    phrases starting there are looked up one word longer at a time, so the cost is the
    line's length times the longest form's, whatever the number of terms.

    Matching is as it was when the forms were one regular expression: any case, whole words
    only (a form never starts or ends next to a letter or digit), any whitespace (a line
    break too) between a phrase's words, the longest form at a place wins, and occurrences
    never overlap (the earlier one wins)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        # Every form by its words, and every leading part of a form (as None), so that
        # a phrase that leads to no form ends the lookups at its place.
        self.phrases: dict[str, Term | None] = {}
        for term in terms:
            for form in term.forms:
                keys = list(_phrase_keys(_words(form)))
                for key in keys[:-1]:
                    self.phrases.setdefault(key, None)
                if keys:
                    self.phrases[keys[-1]] = term  # a form listed twice: the last term's

    def occurrences(self, text: str) -> list[tuple[int, int, Term]]:
        words = _words(text)
        found: list[tuple[int, int, Term]] = []
        i = 0
        while i < len(words):
            start = words[i][0]
            longest = None
            if start == 0 or not WORD_CHAR.match(text, start - 1):
                for j, key in enumerate(_phrase_keys(words, i), start=i):
                    term = self.phrases.get(key, _ABSENT)
                    if term is _ABSENT:
                        break
                    end = words[j][1]
                    if term is not None and not WORD_CHAR.match(text, end):
                        longest = (j, end, term)
            if longest:
                found.append((start, longest[1], longest[2]))
                i = longest[0] + 1
            else:
                i += 1
        return found


def _words(text: str) -> list[tuple[int, int, str]]:
    """The words and punctuation marks of `text`: (start, end, casefolded text)."""
    return [(m.start(), m.end(), m.group().casefold()) for m in WORD_OR_MARK.finditer(text)]


def _phrase_keys(words: list[tuple[int, int, str]], first: int = 0):
    """The phrases starting at words[first], one word longer each: casefolded, with one
    space where the text has any whitespace and none where words touch ("c-section")."""
    key = ""
    for j in range(first, len(words)):
        if j > first:
            key += " " if words[j][0] > words[j - 1][1] else ""
        key += words[j][2]
        yield key


def mark_terms(segments: Sequence[tuple[float | None, str]], glossary: Glossary) -> list[Piece]:
    """Split a line's text, given as (word start or None, text) segments, into pieces so that
    every term occurrence covers whole pieces and every piece lies in one segment."""
    text = "".join(segment for _, segment in segments)
    occurrences = glossary.matches(text)
    pieces: list[Piece] = []
    offset = 0
    k = 0  # the first occurrence that ends after `at`: segments and occurrences both in order
    for start, segment in segments:
        end = offset + len(segment)
        at = offset
        while at < end:
            while k < len(occurrences) and occurrences[k][1] <= at:
                k += 1
            if k < len(occurrences) and occurrences[k][0] <= at:
                first, last, term = occurrences[k]
                cut = min(last, end)
                pieces.append(Piece(text[at:cut], start, term, at == first, cut == last))
            else:
                cut = min(occurrences[k][0], end) if k < len(occurrences) else end
                pieces.append(Piece(text[at:cut], start))
            at = cut
        offset = end
    return pieces
