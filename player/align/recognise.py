"""First pass: recognise the audio with a language model made from the transcript itself.

The model knows only the transcript's words and word orders, so recognition is accurate where
the audio follows the text, and the words it hears carry times that anchor the second pass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pocketsphinx.lm import ArpaBoLM

from .audio import BYTES_PER_MS
from .chunks import utterances
from .engine import decoder, words_heard

# Speed over a lattice: the forward tree pass alone gives word starts as close as the slower
# fwdflat + bestpath passes on the built-in lesson (measured: 5/15 ms cue starts either way).
_SETTINGS = {"fwdflat": False, "bestpath": False}


def transcript_language_model(sentences: list[list[str]], path: Path) -> Path:
    """A trigram ARPA model of the transcript's sentences (as decoder keys) written to `path`."""
    text = "\n".join(" ".join(sentence) for sentence in sentences if sentence)
    model = ArpaBoLM(text=text, add_start=True)
    model.compute()
    with path.open("w", encoding="utf-8") as out:
        model.write(out)
    return path


def recognise(
    pcm: bytes,
    dictionary: Path,
    language_model: Path,
    progress: Callable[[float], None] | None = None,
) -> list[tuple[str, int, int]]:
    """(word, start_ms, end_ms) for each transcript word the recogniser hears, in time order."""
    search = decoder(dictionary, lm=str(language_model), **_SETTINGS)
    spans = utterances(pcm)
    heard = []
    for done, (start, end) in enumerate(spans, start=1):
        search.start_utt()
        search.process_raw(pcm[start * BYTES_PER_MS : end * BYTES_PER_MS], full_utt=True)
        search.end_utt()
        heard += words_heard(search, offset_ms=start)
        if progress:
            progress(done / len(spans))
    return heard
