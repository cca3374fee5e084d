"""The end report of an import: what was written, which cues a person should look at and why,
and the pronunciations guessed for words the dictionary lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from player.reporting import shown_path
from player.studio.layout import MAX_LINE
from player.vtt import format_timestamp

from .cues import MAX_CUE_MS, CueWords
from .tracks import cue_lines


@dataclass(frozen=True)
class Flag:
    cue: CueWords
    reasons: tuple[str, ...]


def review_flags(cues: Sequence[CueWords]) -> list[Flag]:
    """The cues to review: words spread evenly (the aligner did not hear them), a cue longer
    than MAX_CUE_MS, or a line longer than MAX_LINE (one very long word)."""
    flags = []
    for cue in cues:
        reasons = []
        spread = [word.text for word in cue.words if word.how == "spread"]
        if spread:
            reasons.append(f"{len(spread)} word(s) not heard, spread evenly: {' '.join(spread)!r}")
        if cue.end_ms - cue.start_ms > MAX_CUE_MS:
            reasons.append(f"lasts {(cue.end_ms - cue.start_ms) / 1000:.1f} s")
        longest = max(len(" ".join(cue.words[i].text for i in line)) for line in cue_lines(cue))
        if longest > MAX_LINE:
            reasons.append(f"a line of {longest} characters")
        if reasons:
            flags.append(Flag(cue, tuple(reasons)))
    return flags


def report(
    *,
    slug: str,
    seconds: float,
    written: dict[Path, str],
    flags: Sequence[Flag],
    pronunciations: dict[str, str],
    removed: Sequence[Path] = (),
    kept: Sequence[Path] = (),
) -> str:
    lines = [f"Imported lesson '{slug}' in {seconds:.1f} s:"]
    lines += [f"  {shown_path(path)}: {what}" for path, what in written.items()]
    lines += [f"  {shown_path(path)}: removed (the old lesson's)" for path in removed]
    lines += [
        f"  {shown_path(path)}: kept from the old lesson; check it still fits" for path in kept
    ]
    if flags:
        lines.append(f"Review {len(flags)} cue(s):")
        for flag in flags:
            at = format_timestamp(flag.cue.start_ms)
            lines.append(f"  {flag.cue.id} at {at}: {'; '.join(flag.reasons)}")
    else:
        lines.append("No cue needs review.")
    if pronunciations:
        lines.append("Words not in the dictionary, and the pronunciation used:")
        width = max(map(len, pronunciations))
        lines += [f"  {word:<{width}}  {phones}" for word, phones in sorted(pronunciations.items())]
    return "\n".join(lines)
