"""Cutting long audio into utterances of about half a minute, at pauses, for the recogniser.

Recognition is most accurate with batch cepstral mean normalisation, which needs a whole
utterance at once (measured on the built-in lesson: cue starts 5/15 ms median/p95 batch, 25/45 ms
with live normalisation fed in blocks). Utterances of ~30 s keep that accuracy, keep memory flat
whatever the length of the audio, and give progress something to count.
"""

from __future__ import annotations

import pocketsphinx

from .audio import BYTES_PER_MS, SAMPLE_RATE

TARGET_MS = 30_000
_WINDOW_MS = 10_000  # cut at the longest pause within this distance of the target


def utterances(pcm: bytes) -> list[tuple[int, int]]:
    """Contiguous (start_ms, end_ms) spans covering all of `pcm`, cut in the longest pauses."""
    duration = len(pcm) // BYTES_PER_MS
    if duration <= TARGET_MS + _WINDOW_MS:
        return [(0, duration)]
    pauses = _pauses(pcm)
    spans, start = [], 0
    while duration - start > TARGET_MS + _WINDOW_MS:
        low, high = start + TARGET_MS - _WINDOW_MS, start + TARGET_MS + _WINDOW_MS
        near = [(b - a, -a, (a + b) // 2) for a, b in pauses if low <= (a + b) // 2 <= high]
        cut = max(near)[2] if near else start + TARGET_MS
        spans.append((start, cut))
        start = cut
    return spans + [(start, duration)]


def _pauses(pcm: bytes) -> list[tuple[int, int]]:
    """(start_ms, end_ms) of each run of frames WebRTC-style voice detection calls non-speech."""
    vad = pocketsphinx.Vad(pocketsphinx.Vad.LOOSE, SAMPLE_RATE)
    step, frame_ms = vad.frame_bytes, round(vad.frame_length * 1000)
    runs, run_start = [], None
    for n, at in enumerate(range(0, len(pcm) - step + 1, step)):
        if vad.is_speech(pcm[at : at + step]):
            if run_start is not None:
                runs.append((run_start, n * frame_ms))
                run_start = None
        elif run_start is None:
            run_start = n * frame_ms
    return runs
