"""Wraps ffmpeg: loudness normalisation, the MP4/WebM encode from piped frames, the poster.

Every output is bit-exact for the same input: fixed thread counts, `+bitexact` flags, no
metadata (encoder versions, dates) written into the files.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import subprocess
import tempfile
import threading
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from player.studio.errors import StudioError, ToolFailed, ToolMissing

AUDIO_RATE = 48000
THREADS = "2"
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
BITEXACT += ["-map_metadata", "-1", "-map_chapters", "-1"]


@dataclass(frozen=True)
class Loudness:
    input_lufs: float
    input_true_peak: float
    output_lufs: float
    mode: str  # loudnorm's "linear" or "dynamic"


def require_ffmpeg() -> None:
    for tool in ("ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            raise ToolMissing(tool, "ffmpeg")


def _run(args: list[str], what: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise ToolFailed(what, done.stderr)
    return done.stderr


def _loudnorm_json(stderr: str) -> dict[str, str]:
    return json.loads(stderr[stderr.rindex("{") : stderr.rindex("}") + 1])


def normalize_loudness(
    source: Path, target: Path, lufs: float, true_peak: float = -1.5
) -> Loudness:
    """Two-pass EBU R128 normalisation to `lufs`, written as 48 kHz 16-bit mono WAV.

    The first pass measures; the second applies the measurements, linearly when the peaks
    allow, else with loudnorm's limiter. Either way every sample keeps its place (no delay;
    checked by cross-correlation when this was written, and the length is checked on every
    run), so the cue times measured before normalisation still hold.
    """
    settings = f"I={lufs}:TP={true_peak}:LRA=11"
    measure = [
        "ffmpeg", "-hide_banner", "-nostdin", "-i", str(source),
        "-af", f"loudnorm={settings}:print_format=json", "-f", "null", "-",
    ]  # fmt: skip
    measured = _loudnorm_json(_run(measure, "ffmpeg measuring loudness"))
    apply = (
        f"loudnorm={settings}:measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true:print_format=json,"
        f"aresample={AUDIO_RATE}"
    )
    normalise = [
        "ffmpeg", "-hide_banner", "-nostdin", "-y", "-i", str(source), "-af", apply,
        "-ac", "1", "-c:a", "pcm_s16le", *BITEXACT, str(target),
    ]  # fmt: skip
    second = _run(normalise, "ffmpeg normalising loudness")
    applied = _loudnorm_json(second)
    before, after = _wav_seconds(source), _wav_seconds(target)
    if abs(before - after) > 0.001:
        raise StudioError(f"loudness normalisation changed the length: {before} s -> {after} s")
    return Loudness(
        float(measured["input_i"]),
        float(measured["input_tp"]),
        float(applied["output_i"]),
        applied["normalization_type"],
    )


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def encode_video(
    frames: Iterable[bytes],
    size: tuple[int, int],
    fps: int,
    audio: Path,
    mp4: Path,
    webm: Path,
    on_frame: Callable[[], None] = lambda: None,
) -> None:
    """Encode raw BGRX frames (piped, never written to disk) with the narration, twice:
    H.264/AAC in MP4 (fast start) and VP9/Opus in WebM, both 4:2:0 with a keyframe every 2 s.

    The two encoders run as two processes fed the same frames, so they share the cores.
    """
    width, height = size
    gop = str(2 * fps)
    source = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "bgr0", "-s", f"{width}x{height}", "-framerate", str(fps),
        "-i", "pipe:0", "-i", str(audio), "-map", "0:v", "-map", "1:a",
        "-pix_fmt", "yuv420p", "-g", gop, "-keyint_min", gop, "-threads", THREADS,
        "-ac", "1", "-ar", str(AUDIO_RATE), *BITEXACT,
    ]  # fmt: skip
    h264 = [
        "-c:v", "libx264", "-preset", "medium", "-tune", "animation", "-crf", "28",
        "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart", str(mp4),
    ]  # fmt: skip
    vp9 = [
        "-c:v", "libvpx-vp9", "-crf", "46", "-b:v", "0", "-deadline", "realtime",
        "-cpu-used", "6", "-row-mt", "1", "-tile-columns", "2", "-c:a", "libopus", "-b:a", "48k",
        str(webm),
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log_mp4, tempfile.TemporaryFile() as log_webm:
        encoders = [
            _Feeder(source + h264, log_mp4, mp4.name),
            _Feeder(source + vp9, log_webm, webm.name),
        ]
        try:
            for frame in frames:
                for encoder in encoders:
                    encoder.put(frame)
                on_frame()
        finally:
            for encoder in encoders:
                encoder.finish()
        for encoder in encoders:
            encoder.check()


class _Feeder:
    """One encoder process fed from a short queue by its own thread, so drawing the next
    frame overlaps with both encoders working on the previous ones."""

    def __init__(self, args: list[str], log: IO[bytes], name: str) -> None:
        self.name, self.log = name, log
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=log)
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        broken = False
        while (frame := self.queue.get()) is not None:
            if not broken:
                try:
                    stdin.write(frame)
                except BrokenPipeError:
                    broken = True  # keep draining; the encoder's log says what went wrong
        with contextlib.suppress(BrokenPipeError):
            stdin.close()

    def put(self, frame: bytes) -> None:
        self.queue.put(frame)

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.process.wait()

    def check(self) -> None:
        if self.process.returncode != 0:
            self.log.seek(0)
            raise ToolFailed(
                f"ffmpeg encoding {self.name}", self.log.read().decode(errors="replace")
            )


def encode_poster(frame: bytes, size: tuple[int, int], jpg: Path) -> None:
    width, height = size
    args = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "bgr0", "-s", f"{width}x{height}", "-i", "pipe:0",
        "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p",
        "-threads", "1", *BITEXACT, "-f", "image2", str(jpg),
    ]  # fmt: skip
    done = subprocess.run(args, input=frame, capture_output=True)
    if done.returncode != 0:
        raise ToolFailed("ffmpeg writing the poster", done.stderr.decode(errors="replace"))
