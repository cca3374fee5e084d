"""The anatomical regions a cue can light, and how a cue's regions are found.

A lesson's callouts track names regions explicitly (see `parse_callout_payload`);
without one, regions are inferred from the cue's words with `regions_in_text`.
The spine diagram (`templates/spine.svg`) has one element per token below.
"""

from __future__ import annotations

import re

SPINE_REGIONS = ("cervical", "thoracic", "lumbar", "sacral")
LEVELS = (
    tuple(f"c{n}" for n in range(1, 8))
    + tuple(f"t{n}" for n in range(1, 13))
    + tuple(f"l{n}" for n in range(1, 6))
)
STRUCTURES = (
    "bone-marrow",
    "soft-tissue",
    "spinal-cord",
    "nerves",
    "lungs",
    "breast",
    "liver",
    "bowel-bladder",
    "arms",
    "legs",
    "bloodstream",
    "lymphatic",
)
VOCABULARY = frozenset(SPINE_REGIONS + LEVELS + STRUCTURES)

# Plain words a narrator uses -> region token. Longer phrases first, so "lower back"
# wins over a shorter match inside it. Documented in README ("Regions").
PHRASES: tuple[tuple[str, str], ...] = (
    ("lower back", "lumbar"),
    ("low back", "lumbar"),
    ("middle back", "thoracic"),
    ("mid back", "thoracic"),
    ("upper back", "thoracic"),
    ("bone marrow", "bone-marrow"),
    ("soft tissues?", "soft-tissue"),
    ("spinal cord", "spinal-cord"),
    ("blood ?stream", "bloodstream"),
    ("blood vessels?", "bloodstream"),
    ("cervical", "cervical"),
    ("neck", "cervical"),
    ("thoracic", "thoracic"),
    ("lumbar", "lumbar"),
    ("sacral", "sacral"),
    ("sacrum", "sacral"),
    ("tailbone", "sacral"),
    ("coccyx", "sacral"),
    ("nerves?", "nerves"),
    ("radiculopathy", "nerves"),
    ("sciatica", "nerves"),
    ("lungs?", "lungs"),
    ("breasts?", "breast"),
    ("liver", "liver"),
    ("bowels?", "bowel-bladder"),
    ("bladder", "bowel-bladder"),
    ("arms?", "arms"),
    ("legs?", "legs"),
    ("lymph(?:atic)?(?: system| nodes?| vessels?)?", "lymphatic"),
)
_PHRASE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(PHRASES)) + r")\b",
    re.IGNORECASE,
)
_LEVEL_RE = re.compile(r"\b([CTL])([1-9]|1[0-2])\b")
# Where a phrase or a level may start: each phrase's first three letters, lower case. A
# pattern of plain literals lets the regex engine skip to the next possible start in C,
# where _PHRASE_RE's leading \b and named groups make it try every alternative at every
# character (1.8 s for 100,000 cues before; 0.2 s now).
_PHRASE_STARTS = re.compile("|".join(sorted({phrase[:3] for phrase, _ in PHRASES})))
_LEVEL_STARTS = re.compile(r"[CTL](?:1[0-2]|[1-9])\b")


# A caption is a sentence or two. Past this many characters a cue is not read for regions:
# one search of a 19 MB line held the interpreter, and every request, for seconds.
REGION_TEXT_LIMIT = 2_000


def regions_in_text(text: str) -> tuple[str, ...]:
    """Regions a sentence talks about, in order of first mention, without repeats (read from
    its first REGION_TEXT_LIMIT characters)."""
    text = text[:REGION_TEXT_LIMIT]
    found: list[str] = []
    for token in _phrase_tokens(text):
        if token not in found:
            found.append(token)
    for letter, number in _levels(text):
        token = f"{letter.lower()}{number}"
        if token in VOCABULARY and token not in found:
            found.append(token)
    return tuple(found)


def _phrase_tokens(text: str):
    """The tokens of _PHRASE_RE's matches, as its finditer would find them."""
    if not text.isascii():  # case folding beyond ASCII ("ſ" matches "s"): the plain way
        for match in _PHRASE_RE.finditer(text):
            yield PHRASES[int(match.lastgroup[1:])][1]
        return
    lower = text.lower()  # ASCII: the same length, so the same positions
    pos = 0
    while candidate := _PHRASE_STARTS.search(lower, pos):
        match = _PHRASE_RE.match(text, candidate.start())
        if match:
            yield PHRASES[int(match.lastgroup[1:])][1]
            pos = match.end()
        else:
            pos = candidate.start() + 1


def _levels(text: str):
    """_LEVEL_RE.findall(text), skipping in C to where a level may start."""
    pos = 0
    while candidate := _LEVEL_STARTS.search(text, pos):
        match = _LEVEL_RE.match(text, candidate.start())
        if match:
            yield match.groups()
            pos = match.end()
        else:
            pos = candidate.start() + 1


def parse_callout_payload(payload: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a callout cue's payload into (known regions, unknown words).

    The payload is region tokens separated by spaces, commas or new lines, in any case:
    `thoracic t7 t8` or `Lungs, Liver`.
    """
    known: list[str] = []
    unknown: list[str] = []
    for word in re.split(r"[\s,]+", payload.strip().lower()):
        if not word:
            continue
        target = known if word in VOCABULARY else unknown
        if word not in target:
            target.append(word)
    return tuple(known), tuple(unknown)
