"""Pronunciations: cmudict (bundled with PocketSphinx) first, espeak-ng's IPA mapped to ARPAbet for
the rest ("radiculopathy"), so the acoustic model can look for any word the transcript has."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

from pocketsphinx import get_model_path

# espeak-ng IPA (en-us voice) -> the en-us model's ARPAbet phones; longest symbols match first.
_IPA_TO_ARPABET = {
    "tʃ": "CH",
    "dʒ": "JH",
    "aɪ": "AY",
    "aʊ": "AW",
    "ɔɪ": "OY",
    "oʊ": "OW",
    "əʊ": "OW",
    "eɪ": "EY",
    "ɑːɹ": "AA R",
    "ɔːɹ": "AO R",
    "ɪɹ": "IH R",
    "ɛɹ": "EH R",
    "ʊɹ": "UH R",
    "ɜː": "ER",
    "ɝ": "ER",
    "ɚ": "ER",
    "ɑː": "AA",
    "ɑ": "AA",
    "ɒ": "AA",
    "ɔː": "AO",
    "ɔ": "AO",
    "iː": "IY",
    "i": "IY",
    "uː": "UW",
    "u": "UW",
    "ə": "AH",
    "ɐ": "AH",
    "ʌ": "AH",
    "æ": "AE",
    "ɛ": "EH",
    "e": "EH",
    "ɪ": "IH",
    "ᵻ": "IH",
    "ʊ": "UH",
    "o": "OW",
    "a": "AA",
    "p": "P",
    "b": "B",
    "t": "T",
    "d": "D",
    "k": "K",
    "ɡ": "G",
    "g": "G",
    "f": "F",
    "v": "V",
    "θ": "TH",
    "ð": "DH",
    "s": "S",
    "z": "Z",
    "ʃ": "SH",
    "ʒ": "ZH",
    "h": "HH",
    "m": "M",
    "n": "N",
    "ŋ": "NG",
    "l": "L",
    "ɹ": "R",
    "r": "R",
    "w": "W",
    "j": "Y",
    "ɾ": "T",
    "x": "K",
    "ç": "HH",
    "ɬ": "L",
    "n̩": "AH N",
    "l̩": "AH L",
}
_IPA_KEYS = sorted(_IPA_TO_ARPABET, key=len, reverse=True)
_IPA_IGNORED = set("ˈˌː.ʔ‿͡ -")
# Without espeak-ng a word still needs some pronunciation; one phone per letter is crude but
# lets the word be force-aligned between its neighbours instead of failing the whole file.
_LETTER_PHONES = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            [
                "AE",
                "B",
                "K",
                "D",
                "EH",
                "F",
                "G",
                "HH",
                "IH",
                "JH",
                "K",
                "L",
                "M",
                "N",
                "AA",
                "P",
                "K",
                "R",
                "S",
                "T",
                "AH",
                "V",
                "W",
                "K S",
                "IY",
                "Z",
            ]
        ),
        strict=True,
    )
)


@functools.cache
def cmudict() -> dict[str, tuple[str, ...]]:
    """cmudict as bundled in the PocketSphinx wheel: word -> its pronunciations, first = usual."""
    entries: dict[str, list[str]] = {}
    path = Path(get_model_path("en-us/cmudict-en-us.dict"))
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, phones = line.strip().partition(" ")
            entries.setdefault(re.sub(r"\(\d+\)$", "", word), []).append(phones.strip())
    return {word: tuple(prons) for word, prons in entries.items()}


def guess_pronunciations(words: list[str]) -> dict[str, str]:
    """ARPAbet for words cmudict lacks, from espeak-ng when installed (one call for all words)."""
    if not words:
        return {}
    ipa = _espeak_ipa(words) if shutil.which("espeak-ng") else [""] * len(words)
    guesses = {}
    for word, sound in zip(words, ipa, strict=True):
        phones = ipa_to_arpabet(sound) or _spelled(word)
        guesses[word] = phones
    return guesses


def ipa_to_arpabet(ipa: str) -> str:
    """Map espeak-ng's IPA to ARPAbet, dropping stress and length marks the model has no use for."""
    phones, i = [], 0
    while i < len(ipa):
        key = next((k for k in _IPA_KEYS if ipa.startswith(k, i)), None)
        if key:
            phones.append(_IPA_TO_ARPABET[key])
            i += len(key)
        else:
            i += 1  # stress, length, syllable marks and anything unknown carry no phone
    return " ".join(phones)


def _espeak_ipa(words: list[str]) -> list[str]:
    """One IPA line per word; espeak-ng reads stdin line by line, so one process does them all."""
    command = ["espeak-ng", "-v", "en-us", "-q", "--ipa"]
    done = subprocess.run(command, input="\n".join(words) + "\n", capture_output=True, text=True)
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if done.returncode == 0 and len(lines) == len(words):
        return lines
    return [_espeak_ipa([word])[0] if len(words) > 1 else "" for word in words]


def _spelled(word: str) -> str:
    return " ".join(_LETTER_PHONES[c] for c in word if c in _LETTER_PHONES) or "AH"


def vocabulary(
    spoken: list[list[str]],
) -> tuple[list[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Decoder words for the transcript: one key per token, its pronunciations, and the guesses.

    A token read as several words ("T8." -> "t eight") becomes one compound key ("t_eight") so
    that every token is exactly one word for the recogniser and the aligner: times then map back
    to tokens one to one. Returns (key per token, "" for unspoken tokens; key -> pronunciations;
    guessed word -> ARPAbet, for the report).
    """
    known = cmudict()
    missing = sorted({w for words in spoken for w in words if w not in known})
    guessed = guess_pronunciations(missing)

    def pronunciations(word: str) -> tuple[str, ...]:
        return known.get(word) or (guessed[word],)

    keys, entries = [], {}
    for words in spoken:
        key = "_".join(words)
        keys.append(key)
        if key and key not in entries:
            if len(words) == 1:
                entries[key] = pronunciations(key)
            else:
                entries[key] = (" ".join(pronunciations(w)[0] for w in words),)
    return keys, entries, guessed
