"""The narration track and its timing: spoken paragraphs laid end to end, cut into the
phrases' cues where the aligner finds their words.

Every time here is an integer millisecond on the final track. A paragraph is trimmed to its
voice; a cue's edges sit on the voice where a pause is heard, and on the aligner's word
boundary where the phrases run on in one breath.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from player.studio.errors import StudioError
from player.studio.script import LessonScript, Phrase

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


def from_paragraphs(script: LessonScript, spoken: list, align_words=None) -> Narration:
    """Lay whole spoken paragraphs end to end and cut them into the phrases' cues.

    `spoken` holds one voices.Speech per paragraph, spoken as a whole so that its intonation
    follows each sentence. Where each word falls is found with the aligner publishers use
    (player/align, issue 16); a cue runs from its first word's start to its last word's end,
    moved onto the voice where a pause is heard (_cue_edges), and the pauses inside a
    paragraph are the voice's own."""
    align_words = align_words or _align_words
    rate = spoken[0].rate
    if any(s.rate != rate or rate % 1000 for s in spoken):
        raise StudioError("spoken paragraphs must share one sample rate, a multiple of 1 kHz")
    per_ms = rate // 1000
    groups = _phrases_by_paragraph(script)
    if len(groups) != len(spoken):
        raise StudioError(f"{len(spoken)} spoken paragraphs for {len(groups)} in the script")
    pieces = [np.zeros(script.pacing.title_card_ms * per_ms, dtype=np.int16)]
    timed: list[TimedPhrase] = []
    now = script.pacing.title_card_ms
    for number, (speech, phrases) in enumerate(zip(spoken, groups, strict=True), start=1):
        audio = _trimmed(speech.samples, rate)
        audio = np.pad(audio, (0, -len(audio) % per_ms))  # a whole number of milliseconds
        words = [word for phrase in phrases for word in phrase.text.split(" ")]
        aligned = align_words(audio, rate, words)
        spread = [w.text for w in aligned if w.how == "spread"]
        if spread:
            raise StudioError(
                f"{script.path}: paragraph {number}: the aligner could not hear {spread!r} in "
                "the spoken audio; check the text, or the voice"
            )
        edges = _cue_edges(audio, rate, phrases, aligned)
        at = 0
        for phrase, (cue_start, cue_end) in zip(phrases, edges, strict=True):
            own = aligned[at : at + len(phrase.text.split(" "))]
            at += len(own)
            start, end = now + cue_start, now + cue_end
            starts = (start, *(now + w.start_ms for w in own[1:]))
            if not MIN_CUE_MS <= end - start <= MAX_CUE_MS:
                raise StudioError(
                    f"{script.path}: phrase {phrase.id} ({phrase.text!r}) lasts {end - start} "
                    f"ms; cues must last {MIN_CUE_MS}-{MAX_CUE_MS} ms: split or join phrases"
                )
            timed.append(TimedPhrase(phrase, start, end, starts))
        pieces.append(audio)
        now += len(audio) // per_ms
        if number < len(groups):
            gap = script.pacing.paragraph_gap_ms
            pieces.append(np.zeros(gap * per_ms, dtype=np.int16))
            now += gap
    pieces.append(np.zeros(script.pacing.tail_ms * per_ms, dtype=np.int16))
    return Narration(rate, np.concatenate(pieces), tuple(timed))


# A pause between two phrases at least this long is one a listener hears: the cues' edges
# there are put where the voice stops and starts again (measured in 5 ms windows), not
# where the aligner's 10 ms frames put the words. Shorter, the phrases run on in one breath
# and the cue edge is the aligner's word boundary.
HEARD_PAUSE_MS = 120
EDGE_WINDOW_MS = 5


def _cue_edges(audio: np.ndarray, rate: int, phrases, aligned) -> list[tuple[int, int]]:
    """(start, end) in ms from the paragraph's first sample, for each phrase: its words'
    times, with the edges next to a heard pause, and the paragraph's own ends (the audio is
    trimmed to its voice), moved onto the voice."""
    from player.studio.audio import window_db

    size = rate * EDGE_WINDOW_MS // 1000
    level = window_db(audio, size)
    # A word starts where the level leaps out of the pause (a breath or a fading tail sits
    # 40-50 dB under the speech: not a word); a phrase ends where its tail fades 40 dB under.
    speech = float(np.percentile(level, 90))
    starts_voice, ends_voice = level >= speech - 30.0, level >= speech - 40.0
    edges, at = [], 0
    for phrase in phrases:
        count = len(phrase.text.split(" "))
        edges.append([aligned[at].start_ms, aligned[at + count - 1].end_ms])
        at += count
    edges[0][0], edges[-1][1] = 0, len(audio) * 1000 // rate
    for before, after in zip(edges, edges[1:], strict=False):
        if after[0] - before[1] < HEARD_PAUSE_MS:
            continue
        # the voice's last window in the pause's first half, its first in the second half
        middle = (before[1] + after[0]) // 2 // EDGE_WINDOW_MS
        lo = max(0, (before[1] - 60) // EDGE_WINDOW_MS)
        hi = min(len(level), (after[0] + 60) // EDGE_WINDOW_MS)
        ends = np.flatnonzero(ends_voice[lo:middle])
        starts = np.flatnonzero(starts_voice[middle:hi])
        if len(ends):
            before[1] = (lo + int(ends[-1]) + 1) * EDGE_WINDOW_MS
        if len(starts):
            after[0] = (middle + int(starts[0])) * EDGE_WINDOW_MS
    return [(start, end) for start, end in edges]


def paragraph_texts(script: LessonScript) -> list[str]:
    """What is spoken for each paragraph: its phrases, as the captions write them."""
    return [" ".join(p.text for p in phrases) for phrases in _phrases_by_paragraph(script)]


def _phrases_by_paragraph(script: LessonScript) -> list[list[Phrase]]:
    groups: list[list[Phrase]] = []
    for phrase in script.phrases:
        if not groups or groups[-1][-1].paragraph != phrase.paragraph:
            groups.append([])
        groups[-1].append(phrase)
    return groups


def _trimmed(samples: np.ndarray, rate: int) -> np.ndarray:
    """The samples from the first to the last loud window, with 3 ms ramps against clicks."""
    from player.studio.audio import voice_bounds

    start, end = voice_bounds(samples, rate)
    out = samples[start:end].astype(np.float64)
    fade = rate * 3 // 1000
    out[:fade] *= np.linspace(0, 1, fade)
    out[-fade:] *= np.linspace(1, 0, fade)
    return np.round(out).astype(np.int16)


def _align_words(audio: np.ndarray, rate: int, words: list[str]):
    """The aligner's words for `audio` (a temporary WAV it decodes as any media file)."""
    import tempfile
    from pathlib import Path

    from player.align import AlignmentError, align
    from player.studio.audio import write_wav

    with tempfile.TemporaryDirectory(prefix="studio-align-") as tmp:
        wav = Path(tmp, "paragraph.wav")
        write_wav(wav, rate, audio)
        try:
            return align(wav, words).words
        except AlignmentError as error:
            raise StudioError(f"aligning the narration: {error}") from error
