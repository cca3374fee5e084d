"""Offline forced alignment: when each word of a plain transcript is spoken in a video.

Two passes on PocketSphinx's bundled en-US model (issue 16; measured in bench/align.py):
recognise the audio with a language model made from the transcript, keep the runs of 3+ words
that match the text as anchors, force-align only the words between anchors on the audio between
them, and spread evenly (flagged "spread" for review) what even wide beams cannot place. Anchoring
first is what survives a transcript that is not quite what is said: a whole-file forced
alignment fails outright on one unspoken sentence.

    from player.align import align
    result = align(Path("talk.mp4"), transcript.split())
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .anchors import anchor_pairs
from .audio import BYTES_PER_MS, decode
from .engine import write_dictionary
from .force import ForcedAligner
from .pronounce import vocabulary
from .recognise import recognise, transcript_language_model
from .result import ANCHORED, FORCED, SPREAD, AlignedWord, Alignment, AlignmentError
from .timeline import Timeline
from .words import spoken_words

__all__ = [
    "ANCHORED",
    "FORCED",
    "SPREAD",
    "SUPPORTED_LANGUAGES",
    "AlignedWord",
    "Alignment",
    "AlignmentError",
    "align",
]

SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"en"})  # the one acoustic model in the wheel

Progress = Callable[[str, float], None]


def align(
    media: Path,
    words: Sequence[str],
    *,
    language: str = "en",
    progress: Progress | None = None,
) -> Alignment:
    """Time every word of `words` (whitespace tokens of the transcript) in the audio of `media`.

    progress(step, fraction) is called with step "decode", "recognise" then "align".
    Raises AlignmentError with one clear sentence for anything that makes alignment impossible.
    """
    _check_language(language)
    spoken = [spoken_words(token) for token in words]
    if not any(spoken):
        raise AlignmentError("The transcript is empty: there are no words to align.")
    report = progress or (lambda step, fraction: None)
    pcm = decode(Path(media), lambda f: report("decode", f))
    duration_ms = len(pcm) // BYTES_PER_MS
    keys, entries, guessed = vocabulary(spoken)
    with tempfile.TemporaryDirectory(prefix="lesson-align-") as tmp:
        dictionary = write_dictionary(entries, Path(tmp) / "transcript.dict")
        model = transcript_language_model(_sentences(words, keys), Path(tmp) / "transcript.lm")
        report("recognise", 0.0)
        heard = recognise(pcm, dictionary, model, lambda f: report("recognise", f))
        timeline = Timeline(keys, duration_ms)
        for at, h in anchor_pairs(timeline.spoken_keys, [word for word, _, _ in heard]):
            timeline.place(at, heard[h][1], heard[h][2], ANCHORED)
        _fill_gaps(timeline, ForcedAligner(pcm, dictionary), entries, report)
    report("align", 1.0)
    aligned = timeline.words(list(words))
    return Alignment(words=aligned, pronunciations=dict(guessed), duration_ms=duration_ms)


def _check_language(language: str) -> None:
    base = language.replace("_", "-").split("-")[0].lower()
    if base not in SUPPORTED_LANGUAGES:
        names = ", ".join(sorted(SUPPORTED_LANGUAGES))
        raise AlignmentError(
            f"The aligner cannot do language {language!r}: its only acoustic model is for {names}."
        )


def _sentences(words: Sequence[str], keys: list[str]) -> list[list[str]]:
    """The transcript's keys cut at sentence ends, the units the language model learns from."""
    sentences, current = [], []
    for token, key in zip(words, keys, strict=True):
        if key:
            current.append(key)
        if token.rstrip("\"')]”’").endswith((".", "?", "!")) and current:
            sentences.append(current)
            current = []
    return sentences + ([current] if current else [])


def _fill_gaps(timeline: Timeline, aligner: ForcedAligner, entries, report: Progress) -> None:
    """Force-align each run of unanchored words on its span; spread it where that fails."""
    gaps = timeline.gaps()
    total = sum(len(gap.positions) for gap in gaps) or 1
    done = 0
    for gap in gaps:
        keys = [timeline.spoken_keys[p] for p in gap.positions]
        times = aligner.align(keys, gap.start_ms, gap.end_ms)
        if times is not None:
            for position, (start, end) in zip(gap.positions, times, strict=True):
                timeline.place(position, start, end, FORCED)
        else:
            weights = [len(entries[key][0].split()) for key in keys]  # phones, roughly duration
            timeline.spread(gap, weights)
        done += len(gap.positions)
        report("align", done / total)
