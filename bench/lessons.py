"""Generated lessons for the benchmarks: caption files, a callouts track and a real clip.

Times are whole milliseconds so every highlighter (ours reads seconds, Hyperaudio Lite
reads integer `data-m` milliseconds) sees exactly the same boundaries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REGIONS = ("cervical", "thoracic", "lumbar", "sacral")
# "nerves" is a region word: cues that say it get a callout inferred from their text.
SENTENCE = "the spine carries weight and protects the cord while {} leave between bones"
WORDS = SENTENCE.format("nerves").split()
PLAIN_WORDS = SENTENCE.format("roots").split()


@dataclass(frozen=True)
class BenchCue:
    index: int
    start_ms: int
    end_ms: int
    text: str
    region: str

    @property
    def start(self) -> float:
        return self.start_ms / 1000


def sync_cues() -> list[BenchCue]:
    """The lag lesson: a 500 ms lead-in (so the first boundary happens during playback),
    40 contiguous cues of 250 ms, a 500 ms silence (shorter than the hold gap), then
    three longer cues. Consecutive cues light different regions, so every boundary
    changes the diagram too."""
    spans = [(500 + 250 * i, 750 + 250 * i) for i in range(40)]
    spans += [(11000, 12000), (12000, 12500), (12500, 13500)]
    return [
        BenchCue(i, start, end, _text(i, 3), REGIONS[i % len(REGIONS)])
        for i, (start, end) in enumerate(spans)
    ]


def long_cues(count: int, words=WORDS) -> list[BenchCue]:
    """A lecture-like lesson: contiguous cues of eight words. The first 60 are 250 ms
    so a few seconds of playback cross many boundaries; the rest 0.4 to 1 s (short, so
    the video that must reach the last cue of 100k stays a few hours long)."""
    cues, t = [], 1000
    for i in range(count):
        length = 250 if i < 60 else 400 + (i * 37) % 600
        cues.append(BenchCue(i, t, t + length, _text(i, 8, words), REGIONS[i % len(REGIONS)]))
        t += length
    return cues


def _text(i: int, n: int, words=WORDS) -> str:
    return " ".join(words[(i + k) % len(words)] for k in range(n)) + f" {i}"


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def write_lesson(captions: Path, slug: str, cues: list[BenchCue], *, callouts: bool) -> None:
    captions.mkdir(parents=True, exist_ok=True)
    body = ["WEBVTT", ""]
    for cue in cues:
        body += [f"c{cue.index}", f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}"]
        body += [cue.text, ""]
    (captions / f"{slug}.vtt").write_text("\n".join(body), encoding="utf-8")
    if callouts:
        lines = ["WEBVTT", ""]
        for cue in cues:
            lines += [f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}", cue.region, ""]
        (captions / f"{slug}.callouts.vtt").write_text("\n".join(lines), encoding="utf-8")
    (captions / f"{slug}.toml").write_text(f'title = "Bench {slug}"\n', encoding="utf-8")
    age_files(captions)


def age_files(folder: Path, seconds: float = 3600) -> None:
    """Date the files an hour back: the app re-reads a lesson whose newest file is only
    seconds old on every request (a second write within one mtime tick could hide), which
    would make every "cached" request a cold one."""
    old = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (old, old))


def make_clip(path: Path, seconds: float) -> Path:
    """A real H.264/AAC clip with a keyframe every 0.5 s (so seeks land fast)."""
    if not shutil.which("ffmpeg"):
        raise SystemExit("the benchmarks need ffmpeg: apt-get install ffmpeg")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc=size=320x180:rate=30:duration={seconds}",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-c:v", "libx264", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac",
         "-movflags", "+faststart", "-shortest", str(path)],
        check=True,
    )  # fmt: skip
    age_files(path.parent)
    return path


def make_still_clip(path: Path, seconds: float) -> Path:
    """A tiny, long video (black, 1 frame per second, no audio): hours encode in seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"color=c=black:s=64x64:r=1:d={seconds:.0f}",
         "-c:v", "libx264", "-g", "2", "-preset", "ultrafast", "-tune", "stillimage",
         "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)],
        check=True,
    )  # fmt: skip
    age_files(path.parent)
    return path
