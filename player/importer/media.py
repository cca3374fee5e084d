"""The video of an imported lesson: probed, put in the media folder as an MP4 a browser can
start before it has all of it (`moov` before `mdat`: "fast start"), and a poster frame.

Streams are copied whenever a browser can play them (H.264 in 4:2:0, AAC); only a stream it
cannot play is re-encoded, so an import never costs quality or time it need not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportRefused

PLAYABLE_VIDEO = "h264"
PLAYABLE_PIXELS = frozenset({"yuv420p", "yuvj420p"})  # 4:4:4 and 10-bit H.264 do not play
PLAYABLE_AUDIO = "aac"
REENCODE_VIDEO = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
REENCODE_AUDIO = ["-c:a", "aac", "-b:a", "128k"]


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    container: str  # ffprobe's format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    video_codec: str
    pixel_format: str
    audio_codec: str
    duration_ms: int
    faststart: bool

    @property
    def video_playable(self) -> bool:
        return self.video_codec == PLAYABLE_VIDEO and self.pixel_format in PLAYABLE_PIXELS

    @property
    def audio_playable(self) -> bool:
        return self.audio_codec == PLAYABLE_AUDIO

    @property
    def is_mp4(self) -> bool:
        return "mp4" in self.container.split(",") and self.path.suffix.lower() in (".mp4", ".m4v")


def probe(video: Path) -> MediaInfo:
    """What the video holds; ImportRefused when it is unreadable or lacks a stream."""
    if not shutil.which("ffprobe") or not shutil.which("ffmpeg"):
        raise ImportRefused("ffmpeg is not installed (Debian: apt-get install ffmpeg)")
    if not video.is_file():
        raise ImportRefused(f"{video}: no such video file")
    command = ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json"]
    done = subprocess.run([*command, str(video)], capture_output=True, text=True)
    found = json.loads(done.stdout or "{}") if done.returncode == 0 else {}
    streams = found.get("streams", [])
    if not found.get("format") or not streams:
        reason = (done.stderr.strip().splitlines() or ["no streams"])[-1]
        raise ImportRefused(f"{video}: not a video ffmpeg can read ({reason})")
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    picture = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    if audio is None:
        raise ImportRefused(f"{video}: has no audio stream, so there is no voice to align to")
    if picture is None:
        raise ImportRefused(f"{video}: has no video stream (a lesson is a video)")
    duration = float(found["format"].get("duration") or audio.get("duration") or 0)
    return MediaInfo(
        path=video,
        container=found["format"].get("format_name", ""),
        video_codec=picture.get("codec_name", ""),
        pixel_format=picture.get("pix_fmt", ""),
        audio_codec=audio.get("codec_name", ""),
        duration_ms=round(duration * 1000),
        faststart=moov_before_mdat(video),
    )


def moov_before_mdat(path: Path) -> bool:
    """Whether an MP4's index (`moov`) comes before its media data, read from the top-level
    box headers (ISO/IEC 14496-12, 4.2: 32-bit size and type, size 1 = 64-bit size follows)."""
    try:
        with path.open("rb") as file:
            while header := file.read(8):
                if len(header) < 8:
                    return False
                size, kind = int.from_bytes(header[:4], "big"), header[4:]
                if kind == b"moov":
                    return True
                if kind == b"mdat" or size == 0:
                    return False
                if size == 1:
                    size = int.from_bytes(file.read(8), "big") - 8
                if size < 8:
                    return False
                file.seek(size - 8, 1)
    except OSError:
        return False
    return False


def how_prepared(info: MediaInfo) -> str:
    """One line for the report: what becomes of the video, and why."""
    if info.is_mp4 and info.faststart and info.video_playable and info.audio_playable:
        return "copied as it is (an H.264/AAC MP4 with fast start)"
    recoded = []
    if not info.video_playable:
        recoded.append(f"video {info.video_codec} {info.pixel_format} -> H.264 4:2:0")
    if not info.audio_playable:
        recoded.append(f"audio {info.audio_codec} -> AAC")
    if not recoded:
        return "remuxed to MP4 with fast start, streams copied (H.264/AAC)"
    return "remuxed to MP4 with fast start; re-encoded for browsers: " + ", ".join(recoded)


def prepare_video(info: MediaInfo, target: Path, progress: Callable[[float], None]) -> None:
    """Write the browser-ready MP4 to `target` (a temporary name: the caller renames it)."""
    if info.is_mp4 and info.faststart and info.video_playable and info.audio_playable:
        shutil.copyfile(info.path, target)
        progress(1.0)
        return
    video = ["-c:v", "copy"] if info.video_playable else REENCODE_VIDEO
    audio = ["-c:a", "copy"] if info.audio_playable else REENCODE_AUDIO
    command = [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(info.path),
        "-map", "0:v:0", "-map", "0:a:0", *video, *audio, "-movflags", "+faststart",
        "-progress", "pipe:1", "-nostats", "-f", "mp4", str(target),
    ]  # fmt: skip
    _run_with_progress(command, info.duration_ms, progress, "preparing the video")


def _run_with_progress(
    command: list[str], duration_ms: int, progress: Callable[[float], None], what: str
) -> None:
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        for line in process.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and value.isdigit() and duration_ms > 0:
                progress(min(1.0, int(value) / 1000 / duration_ms))
        errors = process.stderr.read()
    if process.returncode != 0:
        last = (errors.strip().splitlines() or ["no message"])[-1]
        raise ImportRefused(f"{info_name(command)}: ffmpeg failed {what} ({last})")
    progress(1.0)


def info_name(command: list[str]) -> str:
    return command[command.index("-i") + 1]


def poster_at_ms(duration_ms: int) -> int:
    """A frame a tenth of the way in, at most 10 s: past a fade from black, still the opening."""
    return min(duration_ms // 10, 10_000)


def write_poster(video: Path, at_ms: int, target: Path) -> None:
    command = [
        "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-ss", f"{at_ms / 1000:.3f}", "-i", str(video), "-frames:v", "1", "-q:v", "3",
        "-f", "image2", "-c:v", "mjpeg", str(target),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no frame"])[-1]
        raise ImportRefused(f"{video}: ffmpeg could not take a poster frame ({last})")
