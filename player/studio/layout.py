"""How a phrase is laid out as a caption: at most two balanced lines of at most 42 characters."""

from __future__ import annotations

MAX_LINE = 42
MAX_LINES = 2


class CueTooLong(ValueError):
    """A phrase does not fit on two caption lines; it should be split into two phrases."""


def wrap_cue(text: str, width: int = MAX_LINE) -> list[list[str]]:
    """Split a phrase's words into one or two lines, each at most `width` characters.

    Two lines are balanced (the longer as short as possible; on a tie the top line is the
    shorter, as broadcast captions do), so a reader's eye travels less.
    """
    words = text.split(" ")
    if len(text) <= width:
        return [words]
    best: tuple[int, int] | None = None
    for k in range(1, len(words)):
        top, bottom = len(" ".join(words[:k])), len(" ".join(words[k:]))
        if top <= width and bottom <= width:
            score = (max(top, bottom), top > bottom)
            if best is None or score < (max(best[0], best[1]), best[0] > best[1]):
                best, split = (top, bottom), k
    if best is None:
        raise CueTooLong(
            f"phrase of {len(text)} characters does not fit in {MAX_LINES} lines of {width}; "
            "split it into two phrases"
        )
    return [words[:split], words[split:]]
