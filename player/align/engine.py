"""The PocketSphinx decoders both passes use, built on a dictionary of the transcript's words only.

A dictionary of just these words (not cmudict's 126,000) makes a decoder start in milliseconds
and keeps the recogniser from hearing words the transcript does not have.
"""

from __future__ import annotations

from pathlib import Path

import pocketsphinx

FRAME_MS = 10  # the model's frame rate is 100 frames/s
# Beams for the retry of a failed forced alignment: wider means slower but finds a path through
# audio that matches the text poorly (noise, an accent, a pronunciation guessed by espeak-ng).
WIDE_BEAMS = {"beam": 1e-80, "pbeam": 1e-80, "wbeam": 1e-60}
_FILLERS = ("<", "[")


def write_dictionary(entries: dict[str, tuple[str, ...]], path: Path) -> Path:
    """A cmudict-format file; variants as word(2), in sorted order so runs are reproducible."""
    with path.open("w", encoding="utf-8") as out:
        for word in sorted(entries):
            for n, phones in enumerate(entries[word], start=1):
                out.write(f"{word}{f'({n})' if n > 1 else ''} {phones}\n")
    return path


def decoder(dictionary: Path, **settings) -> pocketsphinx.Decoder:
    """A quiet decoder on the bundled en-US acoustic model and the given dictionary."""
    settings.setdefault("lm", None)
    return pocketsphinx.Decoder(dict=str(dictionary), loglevel="FATAL", **settings)


def words_heard(decoder: pocketsphinx.Decoder, offset_ms: int = 0) -> list[tuple[str, int, int]]:
    """The decoder's word segmentation as (word, start_ms, end_ms), silences and noises left out."""
    heard = []
    for seg in decoder.seg():
        if seg.word.startswith(_FILLERS):
            continue
        word = seg.word.split("(")[0]  # "the(2)" is cmudict's second pronunciation of "the"
        start = offset_ms + seg.start_frame * FRAME_MS
        heard.append((word, start, offset_ms + (seg.end_frame + 1) * FRAME_MS))
    return heard
