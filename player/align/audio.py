"""Decoding any media file ffmpeg reads into the 16 kHz mono 16-bit PCM the acoustic model wants."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .result import AlignmentError

SAMPLE_RATE = 16_000
BYTES_PER_MS = SAMPLE_RATE * 2 // 1000  # s16 mono
_READ_BYTES = 1 << 20


def decode(media: Path, progress: Callable[[float], None] | None = None) -> bytes:
    """The first audio stream of `media` as s16le mono at 16 kHz.

    ffprobe runs first so that "no audio stream" and "not a media file" get their own messages
    rather than ffmpeg's stderr; the PCM is read in blocks so progress can be reported.
    """
    media = Path(media)
    if not media.is_file():
        raise AlignmentError(f"Cannot read {media}: no such file.")
    for tool in ("ffmpeg", "ffprobe"):
        if shutil.which(tool) is None:
            raise AlignmentError(f"The aligner needs {tool} (Debian package ffmpeg) to read media.")
    seconds = _audio_seconds(media)
    command = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(media), "-map", "0:a:0"]
    command += ["-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-"]
    pcm = bytearray()
    expected = max(1, int(seconds * SAMPLE_RATE * 2))
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        while block := proc.stdout.read(_READ_BYTES):
            pcm += block
            if progress:
                progress(min(1.0, len(pcm) / expected))
        error = proc.stderr.read().decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise AlignmentError(f"ffmpeg could not decode the audio of {media}: {_last_line(error)}")
    if len(pcm) < BYTES_PER_MS * 100:
        raise AlignmentError(f"The audio stream of {media} is empty (under 0.1 s of sound).")
    if progress:
        progress(1.0)
    return bytes(pcm)


def _audio_seconds(media: Path) -> float:
    """Duration of the first audio stream (0 if unknown); raises for unreadable or silent media."""
    command = ["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries"]
    command += ["stream=index,duration:format=duration", "-of", "default=nw=1", str(media)]
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        reason = _last_line(done.stderr)
        raise AlignmentError(f"{media} is not a media file ffmpeg can read ({reason}).")
    fields = [line.partition("=") for line in done.stdout.splitlines()]
    if not any(key == "index" for key, _, _ in fields):
        raise AlignmentError(f"{media} has no audio stream: there is no speech to align.")
    for key, _, value in fields:
        if key == "duration":
            try:
                return float(value)
            except ValueError:
                continue
    return 0.0


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no reason given"
