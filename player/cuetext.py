"""WebVTT cue text: timestamps, and a cue payload's plain text, voice and timed words.

Follows the W3C cue text parsing rules (https://w3c.github.io/webvtt/#cue-text-parsing-rules)
as far as the lesson needs them: tags never drop text, character references are decoded as
HTML does, `<v Name>` names the speaker and `<00:00:01.500>` timestamp tags time the words.
"""

from __future__ import annotations

import re
from html.entities import html5 as _NAMED_REFERENCES

from player.model import Word

_TIMESTAMP = re.compile(
    r"([0-9]+):([0-9]{2})(?![0-9])(?::([0-9]{2})(?![0-9]))?\.([0-9]{3})(?![0-9])"
)
_TAG_WHITESPACE = re.compile(r"[\t\n\f ]+")
_START_TAG = re.compile(r"([^\t\n\f .]*)(\.[^\t\n\f ]*)?(?:[\t\n\f ](.*))?", re.DOTALL)
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([0-9A-Za-z]{1,32};?))")


def collect_timestamp(text: str, pos: int) -> tuple[int, int] | None:
    """The spec's "collect a WebVTT timestamp" at pos: (milliseconds, new pos), or None.

    Each field is a whole run of digits; hours are any number of digits and may be left out
    only when the first field is two digits of at most 59 (then it is the minutes).
    """
    match = _TIMESTAMP.match(text, pos)
    if not match:
        return None
    first, second, third, fraction = match.groups()
    if third is None:
        if len(first) != 2 or int(first) > 59:
            return None
        hours, minutes, seconds = "0", first, second
    else:
        hours, minutes, seconds = first, second, third
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    hours = hours.lstrip("0") or "0"
    if len(hours) > 12:  # far past any time kept, and int() of a huge string is slow
        hours = "999999999999"
    ms = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(fraction)
    return ms, match.end()


def read_cue_text(raw: str, start_ms: int) -> tuple[str, str | None, tuple[Word, ...]]:
    """Plain text, voice and timed words of a cue payload (the spec's cue text parsing rules).

    Tags never drop text, so the plain text is every text token with references decoded.
    """
    if "<" not in raw and "&" not in raw:
        return raw, None, ()
    spans: list[tuple[int, list[str]]] = [(start_ms, [])]
    voice = None
    pos = 0
    while True:
        lt = raw.find("<", pos)
        spans[-1][1].append(_decode_references(raw[pos:] if lt < 0 else raw[pos:lt]))
        if lt < 0:
            break
        gt = raw.find(">", lt + 1)
        tag = raw[lt + 1 :] if gt < 0 else raw[lt + 1 : gt]
        if "0" <= tag[:1] <= "9":
            time = collect_timestamp(tag, 0)
            if time and time[1] == len(tag):
                spans.append((time[0], []))
        elif voice is None and tag[:1] == "v":
            voice = _voice(tag)
        if gt < 0:
            break
        pos = gt + 1
    words = tuple(Word(start, "".join(parts)) for start, parts in spans)
    text = "".join(word.text for word in words)
    timed = tuple(word for word in words if word.text) if len(words) > 1 else ()
    return text, voice, timed


def _voice(tag: str) -> str | None:
    name, _classes, annotation = _START_TAG.fullmatch(tag).groups()
    if name != "v" or not annotation:
        return None
    # the tokenizer's annotation: references decoded, whitespace trimmed and collapsed
    voice = _TAG_WHITESPACE.sub(" ", _decode_references(annotation)).strip(" ")
    return voice or None


def _decode_references(text: str) -> str:
    """HTML character references, as the cue text tokenizer consumes them in data."""
    return _REFERENCE.sub(_decode_reference, text) if "&" in text else text


def _decode_reference(match: re.Match[str]) -> str:
    hexadecimal, decimal, name = match.groups()
    if name is None:
        digits = (hexadecimal or decimal).lstrip("0") or "0"
        code = int(digits, 16 if hexadecimal else 10) if len(digits) <= 8 else 0x110000
        return _code_point(code)
    if name in _NAMED_REFERENCES:
        return _NAMED_REFERENCES[name]
    # the longest legacy name without ";" that starts it: "&notit;" is "¬it;"
    bare = name.rstrip(";")
    for end in range(len(bare), 1, -1):
        if bare[:end] in _NAMED_REFERENCES:
            return _NAMED_REFERENCES[bare[:end]] + name[end:]
    return match.group()


def _code_point(code: int) -> str:
    # HTML's "numeric character reference end state"
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # the five C1 codes windows-1252 leaves undefined stay
            return chr(code)
    return chr(code)


# -- nesting -----------------------------------------------------------------------------------

# Tags a browser turns into elements (the cue text parsing rules); any other start tag is
# ignored and nests nothing.
_ELEMENT_TAGS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})
_TAG = re.compile(r"<(/?)([^\t\n\f .>/]*)[^>]*>?")


def _tags(raw: str):
    """Each tag of a cue payload: (match, "open"/"close"/None for one that nests nothing)."""
    for match in _TAG.finditer(raw):
        closing, name = match.groups()
        if name in _ELEMENT_TAGS:
            yield match, ("close" if closing else "open"), name
        else:
            yield match, None, name


def tag_depth(raw: str) -> int:
    """How deep the elements a browser would build from this payload nest."""
    if "<" not in raw:
        return 0
    stack: list[str] = []
    deepest = 0
    for _match, kind, name in _tags(raw):
        if kind == "open":
            stack.append(name)
            deepest = max(deepest, len(stack))
        elif kind == "close" and stack and stack[-1] == name:
            stack.pop()
    return deepest


def flatten_tags(raw: str, max_depth: int) -> str:
    """The payload with every element nested deeper than `max_depth` unwrapped: its tags go,
    its text stays. A browser building 10,000 nested elements for one cue crashes the tab."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (name, kept)
    done = 0
    for match, kind, name in _tags(raw):
        keep = True
        if kind == "open":
            keep = len(stack) < max_depth
            stack.append((name, keep))
        elif kind == "close" and stack and stack[-1][0] == name:
            keep = stack.pop()[1]
        out.append(raw[done : match.start()])
        if keep:
            out.append(match.group())
        done = match.end()
    out.append(raw[done:])
    return "".join(out)
