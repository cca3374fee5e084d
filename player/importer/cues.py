"""Cuts a paragraph's aligned words into caption-sized cues.

A cue fits two lines of MAX_LINE characters and lasts at most MAX_CUE_MS; within those limits
the cuts fall where a reader expects them: at the end of a sentence, else of a clause, else at a
pause in the voice, never after "the" or "of" when it can be helped. The cuts are chosen for a
whole paragraph at once (the cheapest sequence of cues), so one early greedy cut does not force
an awkward one later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from player.studio.layout import MAX_LINE, CueTooLong, wrap_cue

MAX_CUE_MS = 7000
# Costs of the choices, in arbitrary units: each cue costs CUE_COST (fewer, fuller cues read
# better); a cut costs what its boundary is worth.
CUE_COST = 2.0
CUT_AT_SENTENCE = 0.0
CUT_AT_CLAUSE = 2.0
CUT_ELSEWHERE = 8.0
CUT_AFTER_FUNCTION_WORD = 4.0  # added: "of | the spine" strands a word
# A pause in the voice is a phrase boundary even without a comma: 300 ms makes a cut there as
# good as at a comma; shorter ones still choose between cuts that have no punctuation.
PAUSE_BONUS_PER_MS = 1 / 50
PAUSE_BONUS_MAX = 6.0
# A cue left on screen through a silence this long looks stuck: cut there if anywhere.
LONG_PAUSE_MS = 1500
LONG_PAUSE_COST = 10.0
SHORT_CUE_CHARS = 16
SHORT_CUE_COST = 2.0
SHORT_CUE_MS = 1000  # a cue gone before it can be read

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"[,;:—–][\"'”’)\]]*$")
FUNCTION_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "and",
        "or",
        "but",
        "nor",
        "if",
        "as",
        "than",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "be",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "this",
        "these",
        "those",
    )  # fmt: skip
)


@dataclass(frozen=True)
class CueWords:
    id: str  # p<paragraph>-<n>, both from 1
    paragraph: int
    words: tuple  # player.align.AlignedWord, in order
    start_ms: int
    end_ms: int

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def cut_cues(paragraphs: Sequence[Sequence]) -> list[CueWords]:
    """Cues for paragraphs of aligned words, ids `p<paragraph>-<n>`; cue times are their
    first word's start and last word's end, kept apart so no two cues overlap."""
    spans = []
    for number, words in enumerate(paragraphs, start=1):
        cuts = _best_cuts(words)
        for n, (i, j) in enumerate(zip(cuts, cuts[1:], strict=False), start=1):
            spans.append((f"p{number}-{n}", number, tuple(words[i:j])))
    cues = []
    for k, (cue_id, number, words) in enumerate(spans):
        start = words[0].start_ms
        end = words[-1].end_ms
        if k + 1 < len(spans):
            end = min(end, spans[k + 1][2][0].start_ms)
        if cues:
            start = max(start, cues[-1].end_ms)
        cues.append(CueWords(cue_id, number, words, start, max(end, start + 1)))
    return cues


def _best_cuts(words: Sequence) -> list[int]:
    """Word indexes where the paragraph's cues start, and its length: the cheapest cutting."""
    n = len(words)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        end_cost = 0.0 if j == n else _cut_cost(words[j - 1], words[j])
        for i in range(j - 1, -1, -1):
            if j - i > 1 and not fits(words[i:j]):
                break  # a longer cue would not fit either
            cost = best[i] + CUE_COST + end_cost + _inside_cost(words[i:j])
            if cost < best[j]:
                best[j], back[j] = cost, i
    cuts = [n]
    while cuts[-1]:
        cuts.append(back[cuts[-1]])
    return cuts[::-1]


def fits(words: Sequence) -> bool:
    """Whether these words make one cue: two lines at most, MAX_CUE_MS at most."""
    if words[-1].end_ms - words[0].start_ms > MAX_CUE_MS:
        return False
    try:
        wrap_cue(" ".join(word.text for word in words), MAX_LINE)
    except CueTooLong:
        return False
    return True


def _cut_cost(before, after) -> float:
    text = before.text
    if _SENTENCE_END.search(text):
        cost = CUT_AT_SENTENCE
    elif _CLAUSE_END.search(text):
        cost = CUT_AT_CLAUSE
    else:
        cost = CUT_ELSEWHERE
        if text.lower() in FUNCTION_WORDS:
            cost += CUT_AFTER_FUNCTION_WORD
    pause = after.start_ms - before.end_ms
    return max(0.0, cost - min(PAUSE_BONUS_MAX, max(0, pause) * PAUSE_BONUS_PER_MS))


def _inside_cost(words: Sequence) -> float:
    cost = sum(
        LONG_PAUSE_COST
        for before, after in zip(words, words[1:], strict=False)
        if after.start_ms - before.end_ms >= LONG_PAUSE_MS
    )
    if len(" ".join(word.text for word in words)) < SHORT_CUE_CHARS:
        cost += SHORT_CUE_COST
    if words[-1].end_ms - words[0].start_ms < SHORT_CUE_MS:
        cost += SHORT_CUE_COST
    return cost
