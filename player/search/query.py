"""What a person typed, read as a search: words, and "phrases in double quotes", each made
an FTS5 string so that nothing typed is ever FTS5 syntax (NEAR, *, column:, parentheses,
a lone quote are words or nothing). A glossary's forms widen a word: where a term lists
"metastasize" and "metastatic", either finds both."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# As the transcript's own search (static/js/search.js): longer than any question a person
# asks, and a pasted page of text stays cheap to read.
MAX_QUERY_CHARS = 200
MAX_UNITS = 12  # words and phrases; the rest of a longer query is left out
QUOTED = re.compile(r'"([^"]*)"')
# FTS5's unicode61 reads letters and digits as a word's characters and anything else as a
# space: a unit with none of them would be an empty phrase, which matches nothing.
WORD_CHAR = re.compile(r"[^\W_]")


# Words too common to say what a question is about ("when should I see a doctor"): left out
# when no lesson has every word and lessons with any of them are looked for instead, where
# they would match nearly every line. Kept in phrases, and when nothing else is left.
_STOPWORDS = (
    "a about after again all am an and any are as at be been before being but by can could "
    "did do does doing down during each few for from further had has have having he her here "
    "hers him his how i if in into is it its just me more most my no nor not now of off on "
    "once only or other our out over own same she should so some such than that the their "
    "them then there these they this those through to too under until up very was we were "
    "what when where which while who whom why will with would you your"
)
STOPWORDS = frozenset(_STOPWORDS.split())


@dataclass(frozen=True)
class Unit:
    """A word, or a quoted phrase, of the query, as typed (spaces normalised)."""

    text: str
    phrase: bool

    @property
    def key(self) -> str:
        """As glossary forms are kept (store.py): casefolded, single spaces."""
        return self.text.casefold()

    @property
    def common(self) -> bool:
        return not self.phrase and self.key in STOPWORDS


def telling(units: list[Unit]) -> list[Unit]:
    """The units that say what the query is about: all but the stopwords, if any is left."""
    return [unit for unit in units if not unit.common] or units


def read_query(typed: str) -> tuple[str, list[Unit]]:
    """The query as searched (cleaned, cut to MAX_QUERY_CHARS) and its units, in order,
    without repeats."""
    text = clean(typed[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS].strip()
    units: list[Unit] = []
    at = 0
    for quoted in QUOTED.finditer(text):
        units += _words(text[at : quoted.start()])
        phrase = " ".join(quoted.group(1).split())
        if WORD_CHAR.search(phrase):
            units.append(Unit(phrase, " " in phrase))
        at = quoted.end()
    units += _words(text[at:])  # an unbalanced quote is dropped: its words stay words
    seen: dict[str, Unit] = {}
    for unit in units:
        seen.setdefault(unit.key, unit)
    return text, list(seen.values())[:MAX_UNITS]


def _words(text: str) -> list[Unit]:
    return [Unit(w, False) for w in text.replace('"', " ").split() if WORD_CHAR.search(w)]


def clean(text: str) -> str:
    """Text without what a database or a page should not be given: control characters (a
    NUL included) become spaces, lone surrogates replacement characters."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def fts_string(text: str) -> str:
    """`text` as an FTS5 string: every character literal, tokenized as a cue is."""
    return '"' + text.replace('"', '""') + '"'


def match_expression(
    units: Iterable[Unit], forms_of: Callable[[str], Iterable[str]], *, every: bool
) -> str:
    """The FTS5 query for `units`: each unit (or any of its glossary forms) must be in a
    cue when `every`, any one of them otherwise."""
    parts = []
    for unit in units:
        alternatives = dict.fromkeys([unit.text, *forms_of(unit.key)])
        strings = [fts_string(a) for a in alternatives]
        parts.append(strings[0] if len(strings) == 1 else "(" + " OR ".join(strings) + ")")
    return (" AND " if every else " OR ").join(parts)
