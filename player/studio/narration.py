"""Lays spoken phrases end to end with measured silences: the narration track and its timing.

Every time here is an integer millisecond on the final track; a phrase's cue spans exactly
the samples of its trimmed voice, so cue edges sit on the voice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from player.studio.errors import StudioError
from player.studio.script import LessonScript, Phrase
from player.studio.speech import Spoken

MIN_CUE_MS = 1000
MAX_CUE_MS = 7000


@dataclass(frozen=True)
class TimedPhrase:
    phrase: Phrase
    start_ms: int
    end_ms: int
    word_starts: tuple[int, ...] | None  # absolute ms of each word; None if untimed


@dataclass(frozen=True)
class Narration:
    rate: int
    samples: np.ndarray  # int16 mono, the whole track including the silent title card
    phrases: tuple[TimedPhrase, ...]

    @property
    def duration_ms(self) -> int:
        return len(self.samples) * 1000 // self.rate


def gap_after(script: LessonScript, phrase: Phrase) -> int:
    pacing = script.pacing
    if phrase.ends_paragraph:
        return pacing.paragraph_gap_ms
    return pacing.sentence_gap_ms if phrase.ends_sentence else pacing.phrase_gap_ms


def assemble(script: LessonScript, spoken: list[Spoken]) -> Narration:
    """Place each phrase after the title card and the pause its punctuation calls for."""
    rate = spoken[0].rate
    if any(s.rate != rate or rate % 1000 for s in spoken):
        raise StudioError("synthesized phrases must share one sample rate, a multiple of 1 kHz")
    per_ms = rate // 1000
    pieces: list[np.ndarray] = []
    timed: list[TimedPhrase] = []
    now = script.pacing.title_card_ms
    pieces.append(np.zeros(now * per_ms, dtype=np.int16))
    for phrase, audio in zip(script.phrases, spoken, strict=True):
        length = audio.duration_ms
        if not MIN_CUE_MS <= length <= MAX_CUE_MS:
            raise StudioError(
                f"{script.path}: phrase {phrase.id} ({phrase.text!r}) lasts {length} ms; "
                f"cues must last {MIN_CUE_MS}-{MAX_CUE_MS} ms: split or join phrases"
            )
        words = None
        if audio.word_starts is not None:
            words = tuple(now + w for w in audio.word_starts)
        timed.append(TimedPhrase(phrase, now, now + length, words))
        gap = 0 if phrase is script.phrases[-1] else gap_after(script, phrase)
        padded = np.zeros((length + gap) * per_ms, dtype=np.int16)
        padded[: len(audio.samples)] = audio.samples
        pieces.append(padded)
        now += length + gap
    pieces.append(np.zeros(script.pacing.tail_ms * per_ms, dtype=np.int16))
    return Narration(rate, np.concatenate(pieces), tuple(timed))
