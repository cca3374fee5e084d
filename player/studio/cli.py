"""Command line: `lesson-player render SCRIPT` (also `python -m player.studio SCRIPT`).

Any `StudioError` (bad script, missing tool) is reported in one line with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from player.studio.errors import StudioError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lesson-player render",
        description="Generate a lesson's narration, caption tracks, video and poster from its "
        "lesson script.",
    )
    parser.add_argument("script", type=Path, help="lesson script, e.g. lessons/NAME.toml")
    parser.add_argument(
        "--captions",
        type=Path,
        default=Path("captions"),
        help="folder for the .vtt tracks and the lesson .toml (default: captions)",
    )
    parser.add_argument(
        "--media",
        type=Path,
        default=Path("static/media"),
        help="folder for the .mp4, .webm and poster (default: static/media)",
    )
    parser.add_argument(
        "--only-tracks", action="store_true", help="write only the text tracks (fast; no video)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="cache of synthesized phrases (default: ~/.cache/lesson-player)",
    )
    return parser  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from player.studio.render import render

        result = render(args.script, args.captions, args.media, args.only_tracks, args.cache)
    except StudioError as exc:
        print(f"lesson-player render: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # the studio extra is not installed
        print(
            f"lesson-player render: error: {exc.name or exc} is missing: "
            "pip install 'lesson-player[studio]'",
            file=sys.stderr,
        )
        return 2
    cues = len(result.narration.phrases)
    print(
        f"{result.script.slug}: {cues} cues, {result.narration.duration_ms / 1000:.3f} s",
        file=sys.stderr,
    )
    for name, seconds in result.seconds.items():
        print(f"  {name:<8} {seconds:6.1f} s", file=sys.stderr)
    for path in result.files:
        print(f"  {path}  {path.stat().st_size:,} bytes", file=sys.stderr)
    return 0
