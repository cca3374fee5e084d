"""`lesson-player import VIDEO TRANSCRIPT`: checks every input before any slow step, aligns,
cuts cues, stages every file and puts them in place together, then reports.

Bad input is one line on stderr and exit status 2, with nothing written.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from pathlib import Path

from player.languages import is_language_tag
from player.lessons import SLUG_RE

from . import media, tracks
from .cues import cut_cues
from .errors import ImportRefused
from .progress import StepBars
from .report import report, review_flags
from .transcript import Transcript, read_transcript
from .write import StagedFiles

# The files an import writes, or that hold an earlier lesson of the slug (its captions may be
# an SRT): --force replaces all of them, and without --force any of them means "taken".
CAPTION_NAMES = ("{}.vtt", "{}.srt", "{}.toml", "{}.chapters.vtt", "{}.callouts.vtt")
MEDIA_NAMES = ("{}.mp4", "{}.webm", "{}.jpg", "{}.jpeg", "{}.png", "{}.webp")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video", metavar="VIDEO", type=Path, help="any video ffmpeg reads")
    parser.add_argument(
        "transcript",
        metavar="TRANSCRIPT",
        type=Path,
        help="plain text or Markdown (# and ## headings become chapters), SRT or WebVTT",
    )
    parser.add_argument("--slug", metavar="S", help="the lesson's name in URLs and files"
                        " (default: the transcript's file name, e.g. back-pain)")  # fmt: skip
    parser.add_argument("--title", metavar="T", help="default: the Markdown's own # title,"
                        " else the transcript's file name")  # fmt: skip
    parser.add_argument("--language", metavar="LANG", default="en",
                        help="the language spoken (default: en)")  # fmt: skip
    parser.add_argument("--force", action="store_true",
                        help="replace a lesson that has this slug already")  # fmt: skip


def run(args: argparse.Namespace, config: dict) -> int:
    """The command, given its parsed arguments and the settings (player/config.py)."""
    try:
        print(import_lesson(args, config["CAPTIONS_DIR"], config["MEDIA_DIR"]))
    except ImportRefused as refused:
        print(f"lesson-player import: {refused}", file=sys.stderr)
        return 2
    return 0


def import_lesson(args: argparse.Namespace, captions_dir: Path, media_dir: Path) -> str:
    """Import, and return the report."""
    started = time.monotonic()
    aligner = _aligner(args.language)
    slug = _slug(args.slug, args.transcript)
    old = _old_files(slug, captions_dir, media_dir)
    if old and not args.force:
        raise ImportRefused(
            f"a lesson '{slug}' exists ({old[0]}); choose another --slug or add --force"
        )
    transcript = read_transcript(args.transcript)
    info = media.probe(args.video)

    bars = StepBars()
    words = transcript.words
    try:
        alignment = aligner.align(args.video, words, language=args.language, progress=bars)
    except aligner.AlignmentError as error:
        bars.close()
        raise ImportRefused(f"{args.video}: {error}") from None
    if len(alignment.words) != len(words):
        raise RuntimeError(f"the aligner returned {len(alignment.words)} of {len(words)} words")
    cues = cut_cues(_by_paragraph(transcript, alignment.words))
    duration_ms = max(info.duration_ms, alignment.duration_ms)

    files = {
        "captions": captions_dir / f"{slug}.vtt",
        "chapters": captions_dir / f"{slug}.chapters.vtt",
        "callouts": captions_dir / f"{slug}.callouts.vtt",
        "metadata": captions_dir / f"{slug}.toml",
        "video": media_dir / f"{slug}.mp4",
        "poster": media_dir / f"{slug}.jpg",
    }
    source = args.transcript.name
    spans = tracks.chapter_spans(transcript.chapters, cues, duration_ms)
    callouts = tracks.callout_cues(cues)
    title = args.title or transcript.title or _title_from(args.transcript)
    summary = tracks.summary_from(transcript.paragraphs[0])
    written: dict[Path, str] = {}
    with StagedFiles([captions_dir, media_dir]) as staged:
        media.prepare_video(info, staged.reserve(files["video"]), lambda f: bars("write", 0.8 * f))
        written[files["video"]] = media.how_prepared(info)
        poster_ms = media.poster_at_ms(duration_ms)
        media.write_poster(args.video, poster_ms, staged.reserve(files["poster"]))
        written[files["poster"]] = f"poster frame at {poster_ms / 1000:.1f} s"
        bars("write", 0.9)
        staged.write_text(files["captions"], tracks.captions_vtt(cues, source))
        written[files["captions"]] = f"{len(cues)} cues"
        if spans:
            staged.write_text(files["chapters"], tracks.chapters_vtt(spans, source))
            written[files["chapters"]] = f"{len(spans)} chapters"
        if callouts:
            staged.write_text(files["callouts"], tracks.callouts_vtt(callouts, source))
            written[files["callouts"]] = f"{len(callouts)} callouts"
        toml = tracks.metadata_toml(title, summary, args.language, files["poster"].name)
        staged.write_text(files["metadata"], toml)
        written[files["metadata"]] = f"title {title!r}"
        removed = [path for path in old if path not in written]
        for path in removed:
            staged.remove_at_commit(path)
        staged.commit(last=files["captions"])
        bars("write", 1.0)
        bars.close()
    kept = _other_files(slug, captions_dir, media_dir, set(written) | set(removed))
    return report(
        slug=slug,
        seconds=time.monotonic() - started,
        written=written,
        flags=review_flags(cues),
        pronunciations=alignment.pronunciations,
        removed=removed,
        kept=kept,
    )


def _aligner(language: str):
    try:
        from player import align as aligner
    except ImportError as error:
        raise ImportRefused(
            f"the aligner cannot be loaded ({error}); "
            "install it: pip install 'lesson-player[align]'"
        ) from None
    if language not in aligner.SUPPORTED_LANGUAGES:
        shown = language[:40] if is_language_tag(language) else repr(language[:40])
        supported = ", ".join(sorted(aligner.SUPPORTED_LANGUAGES))
        raise ImportRefused(f"the aligner cannot do language {shown}; it can do: {supported}")
    return aligner


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _slug(given: str | None, transcript: Path) -> str:
    if given is not None:
        if not SLUG_RE.match(given):
            hint = slugify(given)
            suggestion = f" (such as '{hint}')" if hint else ""
            raise ImportRefused(
                f"--slug {given[:60]!r} is not a slug: lowercase letters, digits and single "
                f"hyphens{suggestion}"
            )
        return given
    slug = slugify(transcript.stem)
    if not slug:
        raise ImportRefused(f"{transcript}: no slug can be made from this file name; give --slug")
    return slug


def _title_from(transcript: Path) -> str:
    words = re.sub(r"[-_]+", " ", transcript.stem).strip()
    return words[:1].upper() + words[1:]


def _old_files(slug: str, captions_dir: Path, media_dir: Path) -> list[Path]:
    names = [(captions_dir, name) for name in CAPTION_NAMES]
    names += [(media_dir, name) for name in MEDIA_NAMES]
    paths = [folder / name.format(slug) for folder, name in names]
    return [path for path in paths if path.exists() or path.is_symlink()]


def _other_files(slug: str, captions_dir: Path, media_dir: Path, ours: set[Path]) -> list[Path]:
    """Files of the slug that an import neither writes nor replaces (a glossary, a translation,
    descriptions): the publisher's to keep or remove."""
    found = []
    for folder in dict.fromkeys((captions_dir, media_dir)):
        found += [path for path in sorted(folder.glob(f"{slug}.*")) if path not in ours]
    return found


def _by_paragraph(transcript: Transcript, aligned) -> list[list]:
    paragraphs, index = [], 0
    for paragraph in transcript.paragraphs:
        paragraphs.append(list(aligned[index : index + len(paragraph)]))
        index += len(paragraph)
    return paragraphs
