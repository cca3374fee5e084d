"""Anchors: transcript words the recogniser heard in order, in runs long enough to trust."""

from __future__ import annotations

import difflib

MIN_RUN = 3  # a single matching word is often a coincidence ("the", "and"); three in a row are not
# Matching is done window by window from the last anchor. A global match goes wrong on text that
# repeats (a refrain, a lesson read twice): the longest common run can pair the text's first
# copy with the audio's second, shifting everything by one copy. Windows also keep the cost
# linear in length instead of quadratic.
WINDOW = 300


def anchor_pairs(transcript: list[str], heard: list[str]) -> list[tuple[int, int]]:
    """(transcript index, heard index) for each word in a matching run of MIN_RUN or more.

    difflib finds the longest common runs; autojunk is off because in speech the most frequent
    words ("the") are exactly the ones it would otherwise ignore.
    """
    shortest = min(MIN_RUN, len(transcript))  # a two-word transcript heard whole is anchored
    pairs: list[tuple[int, int]] = []
    i = j = 0
    window = WINDOW
    while i < len(transcript) and j < len(heard):
        text, said = transcript[i : i + window], heard[j : j + window]
        matcher = difflib.SequenceMatcher(None, text, said, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= shortest]
        reaches_end = i + window >= len(transcript) and j + window >= len(heard)
        if not blocks:
            if reaches_end:
                break
            window *= 2  # a long stretch without anchors (unspoken text, unscripted speech)
            continue
        if not reaches_end:
            # Keep only what the next window cannot see better: runs starting in the first half.
            early = [b for b in blocks if b.a < window // 2 and b.b < window // 2]
            blocks = early or blocks[:1]
        for b in blocks:
            pairs.extend((i + b.a + k, j + b.b + k) for k in range(b.size))
        i, j = i + blocks[-1].a + blocks[-1].size, j + blocks[-1].b + blocks[-1].size
        window = WINDOW
    return pairs
