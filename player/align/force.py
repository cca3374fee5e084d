"""Second pass: force-align the words between two anchors on the audio between them."""

from __future__ import annotations

from pathlib import Path

import pocketsphinx

from .audio import BYTES_PER_MS
from .engine import WIDE_BEAMS, decoder, words_heard

# Below this much audio per word a forced alignment is fitting noise, not speech: the words are
# most likely not spoken at all (a sentence in the text that the video leaves out).
MIN_MS_PER_WORD = 60


class ForcedAligner:
    """Aligns word runs on audio spans, with the usual beams first and wide beams on failure.

    The decoders are made once and reused for every span: making one costs more than aligning
    a short span.
    """

    def __init__(self, pcm: bytes, dictionary: Path):
        self._pcm = pcm
        self._dictionary = dictionary
        self._decoders: dict[bool, pocketsphinx.Decoder] = {}

    def align(self, keys: list[str], start_ms: int, end_ms: int) -> list[tuple[int, int]] | None:
        """(start_ms, end_ms) per key inside [start_ms, end_ms], or None when no path is found."""
        if not keys or end_ms - start_ms < MIN_MS_PER_WORD * len(keys):
            return None
        for wide in (False, True):
            times = self._try(keys, start_ms, end_ms, wide)
            if times is not None:
                return times
        return None

    def _try(self, keys: list[str], start_ms: int, end_ms: int, wide: bool):
        if wide not in self._decoders:
            self._decoders[wide] = decoder(self._dictionary, **(WIDE_BEAMS if wide else {}))
        search = self._decoders[wide]
        try:
            search.set_align_text(" ".join(keys))
            search.start_utt()
            search.process_raw(
                self._pcm[start_ms * BYTES_PER_MS : end_ms * BYTES_PER_MS], full_utt=True
            )
            search.end_utt()
        except RuntimeError:
            return None
        if search.hyp() is None:
            return None
        heard = words_heard(search, offset_ms=start_ms)
        if [word for word, _, _ in heard] != keys:
            return None
        return [(start, min(end, end_ms)) for _, start, end in heard]
