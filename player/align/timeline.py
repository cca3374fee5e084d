"""Word times as the passes fill them in, and the gaps still open between placed words."""

from __future__ import annotations

from dataclasses import dataclass

from .result import SPREAD, AlignedWord


@dataclass(frozen=True)
class Gap:
    """A run of unplaced spoken words and the audio between their placed neighbours."""

    positions: tuple[int, ...]  # indexes into Timeline.spoken_keys
    start_ms: int
    end_ms: int


class Timeline:
    """Times for the spoken tokens of a transcript (tokens with a non-empty decoder key)."""

    def __init__(self, keys: list[str], duration_ms: int):
        self._token_of = [i for i, key in enumerate(keys) if key]
        self._token_count = len(keys)
        self.spoken_keys = [keys[i] for i in self._token_of]
        self._duration_ms = duration_ms
        self._times: list[tuple[int, int, str] | None] = [None] * len(self.spoken_keys)

    def place(self, position: int, start_ms: int, end_ms: int, how: str) -> None:
        self._times[position] = (start_ms, max(start_ms, end_ms), how)

    def gaps(self) -> list[Gap]:
        """Each maximal run of unplaced words, bounded by the end of the word before it (or 0)
        and the start of the word after it (or the end of the audio)."""
        found, run = [], []
        for position, placed in enumerate([*self._times, (self._duration_ms, 0, "")]):
            if placed is None:
                run.append(position)
                continue
            if run:
                before = self._times[run[0] - 1] if run[0] > 0 else None
                start = before[1] if before else 0
                found.append(Gap(tuple(run), start, max(start, placed[0])))
                run = []
        return found

    def spread(self, gap: Gap, weights: list[int]) -> None:
        """Share the gap's span among its words in proportion to `weights` (flagged SPREAD)."""
        total = sum(weights) or 1
        at, span = gap.start_ms, gap.end_ms - gap.start_ms
        for position, weight in zip(gap.positions, weights, strict=True):
            end = at + span * weight // total
            self.place(position, at, end, SPREAD)
            at = end

    def words(self, tokens: list[str]) -> tuple[AlignedWord, ...]:
        """One AlignedWord per token with non-decreasing times; an unspoken token ("—") takes a
        zero-length time where the word before it ends, and that word's "how"."""
        times: list[tuple[int, int, str] | None] = [None] * self._token_count
        for position, token_index in enumerate(self._token_of):
            times[token_index] = self._times[position]
        aligned, last_start, last_end, last_how = [], 0, 0, None
        for token, placed in zip(tokens, times, strict=True):
            if placed is None:
                start = end = last_end
                how = last_how or next(t for t in times if t is not None)[2]
            else:
                start, end, how = placed
                start = max(start, last_start)
                end = max(end, start)
            aligned.append(AlignedWord(token, start, end, how))
            last_start, last_end, last_how = start, end, how
        return tuple(aligned)
