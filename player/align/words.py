"""From a transcript token as written ("spine," "Doctor's" "T8." "50%") to the words a speaker says.

The text a caller gets back is always the token as given; only the dictionary sees these forms.
"""

from __future__ import annotations

import re
import unicodedata

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SYMBOLS = {"%": " percent ", "&": " and ", "+": " plus ", "@": " at ", "=": " equals "}
# Curly quotes and the like fold to ASCII so "Doctor’s" finds cmudict's "doctor's".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def spoken_words(token: str) -> list[str]:
    """The lowercase dictionary words a token is read as; [] for pure punctuation ("—", "...")."""
    text = unicodedata.normalize("NFKC", token).translate(_APOSTROPHES).lower()
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)  # 1,000 is one number
    text = re.sub(r"(\d)\.(\d)", r"\1 point \2", text)
    for symbol, spoken in _SYMBOLS.items():
        text = text.replace(symbol, spoken)
    words = []
    # Letters and digits are read apart ("t8" is "t eight"); an apostrophe inside a word stays.
    for piece in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+", text):
        words.extend(number_words(int(piece)) if piece.isdigit() else [piece])
    return words


def number_words(n: int) -> list[str]:
    """English words for a whole number as usually read aloud (years read as "nineteen ninety")."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if 1100 <= n < 10_000 and n % 1000 >= 10 and n // 100 % 10:
        high, low = divmod(n, 100)  # 1990 -> nineteen ninety (2005 stays two thousand five)
        return number_words(high) + number_words(low)
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            high, low = divmod(n, size)
            return number_words(high) + [name] + (number_words(low) if low else [])
    high, low = divmod(n, 100)
    return number_words(high) + ["hundred"] + (number_words(low) if low else [])
