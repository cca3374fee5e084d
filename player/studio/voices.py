"""The narrator: text in, speech out, through one interface for two engines.

Kokoro-82M (voice `af_heart`, a StyleTTS 2 model; its files come from voice_files.py) is the
narrator; Festival's CMU SLT HTS voice is the fallback, for a machine without the studio's
Kokoro files. Each speaks whole paragraphs, so that its intonation follows the sentence (a
phrase spoken alone falls at its end as if the sentence ended there); narration.py then
finds the words in the audio with the aligner and cuts the cues.

Speech is cached by a hash of the engine's identity (engine, versions, voice) and the text, so
a re-render only speaks what changed; both engines give the same samples for the same text.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from player.resources import user_cache_dir
from player.studio.audio import read_wav, write_wav
from player.studio.errors import StudioError, ToolFailed, ToolMissing
from player.studio.voice_files import MODEL_SHA256, KokoroFiles, kokoro_files

# Bump when synthesis changes, so that cached speech is not reused.
CACHE_VERSION = "1"
# Festival voices and the Debian package each comes in.
VOICE_PACKAGES = {"cmu_us_slt_arctic_hts": "festvox-us-slt-hts"}


@dataclass(frozen=True)
class Speech:
    rate: int
    samples: np.ndarray  # int16 mono


class Engine(Protocol):
    identity: str  # everything the samples depend on besides the text

    def speak(self, text: str) -> Speech: ...


class KokoroEngine:
    """Kokoro through kokoro-onnx on the CPU (about 0.9 CPU-seconds per second of speech)."""

    LANGUAGE = "en-us"

    def __init__(self, files: KokoroFiles, voice: str = "af_heart", speed: float = 1.0) -> None:
        from importlib.metadata import version

        self.files, self.voice, self.speed = files, voice, speed
        self.identity = (
            f"kokoro-onnx {version('kokoro-onnx')} onnxruntime {version('onnxruntime')} "
            f"model {MODEL_SHA256[:16]} voice {voice} speed {speed}"
        )
        self._model = None

    def speak(self, text: str) -> Speech:
        if self._model is None:
            from kokoro_onnx import Kokoro

            self._model = Kokoro(str(self.files.model), str(self.files.voices))
        samples, rate = self._model.create(
            text, voice=self.voice, speed=self.speed, lang=self.LANGUAGE
        )
        pcm = np.clip(np.round(np.asarray(samples, dtype=np.float64) * 32767), -32768, 32767)
        return Speech(int(rate), pcm.astype(np.int16))


class FestivalEngine:
    """Festival's `text2wave` with one of its voices (Debian's festvox-* packages)."""

    def __init__(self, voice: str = "cmu_us_slt_arctic_hts") -> None:
        if not voice.replace("_", "").isalnum():
            raise StudioError(f"not a Festival voice name: {voice!r}")
        self.voice = voice
        self.identity = f"festival {voice}"

    def speak(self, text: str) -> Speech:
        if not shutil.which("text2wave"):
            raise ToolMissing("festival (the speech synthesizer)", "festival")
        with tempfile.TemporaryDirectory(prefix="studio-festival-") as tmp:
            source, wav = Path(tmp, "text.txt"), Path(tmp, "speech.wav")
            source.write_text(text, encoding="utf-8")
            command = ["text2wave", "-eval", f"(voice_{self.voice})", "-o", str(wav), str(source)]
            run = subprocess.run(command, capture_output=True, text=True)
            if "unbound variable" in run.stderr + run.stdout:
                package = VOICE_PACKAGES.get(self.voice, "the festvox-* package of that voice")
                raise ToolMissing(f"the Festival voice {self.voice}", package)
            if run.returncode or not wav.exists():
                raise ToolFailed(f"text2wave speaking {text[:40]!r}", run.stderr + run.stdout)
            rate, samples = read_wav(wav)
            return Speech(rate, samples.copy())


def engine_for(engine: str, voice: str, model: Path | None = None, voices: Path | None = None):
    """The engine a lesson script names (`[voice] engine = "kokoro" | "festival"`)."""
    if engine == "kokoro":
        return KokoroEngine(kokoro_files(model, voices), voice)
    if engine == "festival":
        return FestivalEngine(voice)
    raise StudioError(f"unknown speech engine {engine!r}: 'kokoro' or 'festival'")


def default_cache_dir() -> Path:
    return user_cache_dir() / "speech"


def speak_all(engine: Engine, texts: list[str], cache_dir: Path) -> list[Speech]:
    """Each text spoken by `engine`, from the cache where it was spoken before."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    spoken = []
    for text in texts:
        key = hashlib.sha256(f"{CACHE_VERSION}\n{engine.identity}\n{text}".encode()).hexdigest()
        path = cache_dir / f"{key[:32]}.wav"
        if path.exists():
            rate, samples = read_wav(path)
            spoken.append(Speech(rate, samples.copy()))
            continue
        speech = engine.speak(text)
        temp = path.with_name(f"{path.name}.{os.getpid()}.part")
        write_wav(temp, speech.rate, speech.samples)
        os.replace(temp, path)
        spoken.append(speech)
    return spoken
