"""The temp folder a bench run works in: the generated sync lesson, its clip and the
comparison pages. Built once per run, deleted at the end."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import lessons, pages

SYNC_SLUG = "bench-sync"


@dataclass(frozen=True)
class Workspace:
    root: Path
    captions: Path
    media: Path
    pages: Path
    cues: list

    @property
    def clip(self) -> Path:
        return self.media / f"{SYNC_SLUG}.mp4"


@contextmanager
def workspace():
    root = Path(tempfile.mkdtemp(prefix="lesson-bench-"))
    try:
        cues = lessons.sync_cues()
        captions, media = root / "captions", root / "media"
        lessons.write_lesson(captions, SYNC_SLUG, cues, callouts=True)
        lessons.make_clip(media / f"{SYNC_SLUG}.mp4", cues[-1].end_ms / 1000 + 0.5)
        built = pages.build(root / "pages", cues, f"/media/{SYNC_SLUG}.mp4")
        yield Workspace(root, captions, media, built, cues)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def highlighter_urls(base: str) -> dict[str, str]:
    """Each highlighter's page for the sync lesson, all on the same server."""
    return {
        "ours": f"{base}/lessons/{SYNC_SLUG}",
        "timeupdate": f"{base}/bench/baseline.html?mode=timeupdate",
        "rAF only": f"{base}/bench/baseline.html?mode=raf",
        "Hyperaudio Lite": f"{base}/bench/hyperaudio.html",
    }
