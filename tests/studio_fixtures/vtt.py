"""Helpers for the studio's tests (imported as `studio_fixtures.vtt`): paths, the seed, and a
deliberately small WebVTT reader, independent of the studio's writer
(so a bug in one is not mirrored in the other) and of webvtt-py (owned by the player)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / "tests" / "data"  # copies of ../shared kept in the repo: CI clones only this
SEED = SHARED / "seed" / "000_527a3eb472856679.txt"
SLUG = "metastatic-spinal-cancer"
CAPTIONS = REPO / "captions"
MEDIA = REPO / "static" / "media"

_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")
_TAG = re.compile(r"<(\d\d):(\d\d):(\d\d)\.(\d\d\d)>")


def ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


@dataclass(frozen=True)
class VttCue:
    id: str
    start: int
    end: int
    lines: tuple[str, ...]  # as written, tags kept

    @property
    def plain(self) -> str:
        return " ".join(re.sub(r"<[^>]*>", "", line) for line in self.lines)

    @property
    def word_times(self) -> list[int]:
        return [ms(*m.groups()) for line in self.lines for m in _TAG.finditer(line)]


def read_vtt(path: Path) -> list[VttCue]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n"), f"{path} does not start with WEBVTT"
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip("\n").split("\n")
        if lines[0].startswith("NOTE"):
            continue
        timing = _TIMING.match(lines[1])
        assert timing, f"{path}: bad timing line {lines[1]!r}"
        g = timing.groups()
        cues.append(VttCue(lines[0], ms(*g[:4]), ms(*g[4:]), tuple(lines[2:])))
    return cues


def seed_parts() -> tuple[str, list[str]]:
    """The seed's summary paragraph and its transcript paragraphs."""
    if not SEED.exists():
        raise AssertionError(f"the seed text is missing: expected it at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    summary = text.split("\n\n")[1].strip()
    transcript = text.split("Video Transcript", 1)[1]
    return summary, [p.strip() for p in transcript.strip().split("\n\n")]
