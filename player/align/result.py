"""What the aligner returns, and the one error it raises: the interface other code builds on."""

from __future__ import annotations

from dataclasses import dataclass

# How a word got its time, from most to least trustworthy. "spread" words were not found in the
# audio at all: an importer should flag their cue for review.
ANCHORED = "anchored"
FORCED = "forced"
SPREAD = "spread"


@dataclass(frozen=True)
class AlignedWord:
    """One transcript word, its text exactly as given, and when it is spoken."""

    text: str
    start_ms: int
    end_ms: int
    how: str  # ANCHORED (recognised and matched), FORCED (between anchors), SPREAD (review)


@dataclass(frozen=True)
class Alignment:
    """One AlignedWord per input word, in input order, with non-decreasing times."""

    words: tuple[AlignedWord, ...]
    pronunciations: dict[str, str]  # words not in the dictionary -> the ARPAbet used
    duration_ms: int  # of the audio


class AlignmentError(Exception):
    """The media or the transcript cannot be aligned; the message says why, in one sentence."""
