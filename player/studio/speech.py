"""Speaks phrases with Festival (HTS voice), trims each to its voice and times its words.

Phrases are synthesized in one Festival run (one process start, not one per phrase) and cached
by a hash of voice and text, so a re-render only speaks what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from player.studio.errors import ToolFailed, ToolMissing

# Bump when synthesis or trimming changes, so stale cache entries are not reused.
CACHE_VERSION = "3"
VOICE_PACKAGES = {"cmu_us_slt_arctic_hts": "festvox-us-slt-hts"}
WINDOW_MS = 5


@dataclass(frozen=True)
class Spoken:
    """One phrase's audio trimmed to its voice, with each word's start (ms from the start)."""

    text: str
    rate: int
    samples: np.ndarray  # int16, mono; the first and last samples are voice, not silence
    word_starts: tuple[int, ...] | None  # one per space-separated word; None if untimed

    @property
    def duration_ms(self) -> int:
        return -(-len(self.samples) * 1000 // self.rate)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lesson-player" / "speech"


def speak(texts: list[str], voice: str, cache_dir: Path | None = None) -> list[Spoken]:
    """Speak each text with the Festival voice `voice`; reuse cached audio when present."""
    cache = cache_dir or default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    keys = [_key(voice, text) for text in texts]
    missing = {k: t for k, t in zip(keys, texts, strict=True) if not (cache / f"{k}.json").exists()}
    if missing:
        _synthesize(missing, voice, cache)
    return [_load(cache, key, text) for key, text in zip(keys, texts, strict=True)]


def _key(voice: str, text: str) -> str:
    return hashlib.sha256(f"{CACHE_VERSION}\n{voice}\n{text}".encode()).hexdigest()[:24]


def _synthesize(jobs: dict[str, str], voice: str, cache: Path) -> None:
    if not shutil.which("festival"):
        raise ToolMissing("festival (the speech synthesizer)", "festival")
    with tempfile.TemporaryDirectory(prefix="studio-speech-") as tmp:
        lines = [f"({_scheme_voice(voice)})", _SAY]
        for key, text in jobs.items():
            wav, words = Path(tmp, f"{key}.wav"), Path(tmp, f"{key}.words")
            lines.append(f"(studio.say {_quote(text)} {_quote(str(wav))} {_quote(str(words))})")
        program = Path(tmp, "speak.scm")
        program.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = subprocess.run(["festival", "-b", str(program)], capture_output=True, text=True)
        if f"unbound variable : voice_{voice}" in run.stderr + run.stdout:
            package = VOICE_PACKAGES.get(voice, "the festvox-* package of that voice")
            raise ToolMissing(f"the Festival voice {voice}", package)
        for key, text in jobs.items():
            wav, words = Path(tmp, f"{key}.wav"), Path(tmp, f"{key}.words")
            if run.returncode != 0 or not wav.exists() or not words.exists():
                raise ToolFailed(f"festival speaking {text!r}", run.stderr + run.stdout)
            _store(cache, key, text, wav, words.read_text(encoding="utf-8"))


def _scheme_voice(voice: str) -> str:
    if not voice.replace("_", "").isalnum():
        raise ValueError(f"not a Festival voice name: {voice!r}")
    return f"voice_{voice}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# A line "T" opens each written token (space-separated word); "W start end" lines give the
# times in seconds of the words Festival made of it ("body's" becomes "body" and "'s").
_SAY = """
(define (studio.say text wavfile wordfile)
  (let ((utt (utt.synth (eval (list 'Utterance 'Text text)))) (fd (fopen wordfile "w")))
    (utt.save.wave utt wavfile 'riff)
    (mapcar
      (lambda (tok)
        (if (not (item.parent tok))  ; items lists the tree: tokens and their words
          (begin
            (format fd "T\\n")
            (mapcar
              (lambda (w)
                (format fd "W\\t%s\\t%s\\n" (item.feat w "word_start") (item.feat w "word_end")))
              (item.daughters tok)))))
      (utt.relation.items utt 'Token))
    (fclose fd)))
"""


def _store(cache: Path, key: str, text: str, wav: Path, words: str) -> None:
    rate, samples = read_wav(wav)
    start, end = voice_bounds(samples, rate)
    trimmed = samples[start:end].copy()
    fade = rate * 3 // 1000  # 3 ms ramps: the cut is already ~40 dB down, this removes clicks
    trimmed[:fade] = (trimmed[:fade] * np.linspace(0, 1, fade)).astype(np.int16)
    trimmed[-fade:] = (trimmed[-fade:] * np.linspace(1, 0, fade)).astype(np.int16)
    starts = _word_starts(words, len(text.split(" ")), start * 1000 / rate, len(trimmed), rate)
    write_wav(cache / f"{key}.wav", rate, trimmed)
    meta = {"text": text, "word_starts": starts}
    (cache / f"{key}.json").write_text(json.dumps(meta), encoding="utf-8")


def _word_starts(
    table: str, count: int, offset_ms: float, length: int, rate: int
) -> list[int] | None:
    """Each written word's start (ms, relative to the trimmed audio), or None if untimeable."""
    first: dict[int, float] = {}
    token = 0
    for line in table.splitlines():
        if line == "T":
            token += 1
            continue
        _, start, end = line.split("\t")
        if float(end) > 0:  # Festival gives clitics such as "'s" zero times
            first.setdefault(token, float(start))
    if sorted(first) != list(range(1, count + 1)):
        return None  # Festival split the text into other tokens than its spaces do
    limit = length * 1000 // rate
    return [min(max(0, round(first[n] * 1000 - offset_ms)), limit) for n in range(1, count + 1)]


def _load(cache: Path, key: str, text: str) -> Spoken:
    meta = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
    rate, samples = read_wav(cache / f"{key}.wav")
    starts = meta["word_starts"]
    return Spoken(text, rate, samples, None if starts is None else tuple(starts))


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
