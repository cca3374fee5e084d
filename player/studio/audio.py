"""The narration's audio: WAV files, levels in short windows, and where a voice begins and
ends in a take (so the take can be trimmed to it)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

WINDOW_MS = 5


def voice_bounds(samples: np.ndarray, rate: int) -> tuple[int, int]:
    """Sample range from the first to the last loud 5 ms window.

    The threshold is measured per phrase: 40 dB below its speech level (90th percentile window),
    but at least 15 dB above its noise floor (10th percentile window).
    """
    size = rate * WINDOW_MS // 1000
    level = window_db(samples, size)
    floor, speech = np.percentile(level, 10), np.percentile(level, 90)
    threshold = max(speech - 40.0, floor + 15.0)
    loud = np.flatnonzero(level >= threshold)
    if len(loud) == 0:
        raise ValueError("no voice found in the synthesized audio")
    return int(loud[0]) * size, min(len(samples), (int(loud[-1]) + 1) * size)


def window_db(samples: np.ndarray, size: int) -> np.ndarray:
    """RMS level (dBFS) of consecutive windows of `size` samples (the last one zero-padded)."""
    x = samples.astype(np.float64) / 32768.0
    x = np.pad(x, (0, -len(x) % size))
    rms = np.sqrt(np.mean(x.reshape(-1, size) ** 2, axis=1))
    return 20 * np.log10(np.maximum(rms, 1e-6))


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono audio")
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def write_wav(path: Path, rate: int, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())
