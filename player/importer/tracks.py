"""The text of an imported lesson's files: captions with word timestamp tags, chapters,
callouts (WebVTT) and metadata (TOML), formatted from integer milliseconds as the studio's
tracks are (player/studio/tracks.py), so both kinds of lesson read the same."""

from __future__ import annotations

import json
from collections.abc import Sequence

from player.regions import regions_in_text
from player.studio.layout import CueTooLong, wrap_cue
from player.vtt import format_timestamp

from .cues import CueWords
from .transcript import ChapterMark

SUMMARY_MAX_CHARS = 600


def _timing(start_ms: int, end_ms: int) -> str:
    return f"{format_timestamp(start_ms)} --> {format_timestamp(end_ms)}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _note(source: str, what: str) -> str:
    return (
        f"NOTE\n{what}\nMade by lesson-player import from the transcript {source}:\n"
        "the words' times were found by aligning it to the video's audio."
    )


def cue_lines(cue: CueWords) -> list[list[int]]:
    """The indexes of the cue's words on each of its (at most two, balanced) lines."""
    try:
        lines = wrap_cue(cue.text)
    except CueTooLong:  # one word longer than a line: it stands alone
        return [list(range(len(cue.words)))]
    out, index = [], 0
    for line in lines:
        out.append(list(range(index, index + len(line))))
        index += len(line)
    return out


def cue_payload(cue: CueWords) -> str:
    """The cue's lines with a timestamp tag before every word but the first.

    Tags must rise strictly and lie inside the cue (WebVTT, "cue timestamp"): a word starting
    with the one before it, or at the cue's very end, is left untagged.
    """
    last = cue.start_ms
    lines = []
    for line in cue_lines(cue):
        written = []
        for index in line:
            word = cue.words[index]
            at = min(max(word.start_ms, last + 1), cue.end_ms - 1)
            if index > 0 and at > last:
                written.append(f"<{format_timestamp(at)}>{_escape(word.text)}")
                last = at
            else:
                written.append(_escape(word.text))
        lines.append(" ".join(written))
    return "\n".join(lines)


def captions_vtt(cues: Sequence[CueWords], source: str) -> str:
    note = _note(
        source,
        "Cue ids are p{paragraph}-{n}: cue n of transcript paragraph p (both from 1);\n"
        "<hh:mm:ss.mmm> tags mark when each word is spoken.",
    )
    blocks = [f"WEBVTT\n\n{note}"]
    for cue in cues:
        blocks.append(f"{cue.id}\n{_timing(cue.start_ms, cue.end_ms)}\n{cue_payload(cue)}")
    return "\n\n".join(blocks) + "\n"


def chapter_spans(
    chapters: Sequence[ChapterMark], cues: Sequence[CueWords], duration_ms: int
) -> list[tuple[int, int, str]]:
    """(start, end, title) per chapter: each starts with its first paragraph's first cue (the
    first chapter at 0:00 when no text comes before it) and ends where the next begins; the
    last ends with the media."""
    if not chapters:
        return []
    first_of: dict[int, int] = {}
    for cue in cues:
        first_of.setdefault(cue.paragraph, cue.start_ms)
    starts = [0 if m.paragraph == 0 else first_of[m.paragraph + 1] for m in chapters]
    ends = starts[1:] + [max(duration_ms, cues[-1].end_ms)]
    return [
        (start, end, mark.title)
        for start, end, mark in zip(starts, ends, chapters, strict=True)
        if end > start
    ]


def chapters_vtt(spans: Sequence[tuple[int, int, str]], source: str) -> str:
    blocks = [f"WEBVTT\n\n{_note(source, 'Chapters, from the headings of the transcript.')}"]
    for n, (start, end, title) in enumerate(spans, start=1):
        blocks.append(f"chapter-{n}\n{_timing(start, end)}\n{_escape(title)}")
    return "\n\n".join(blocks) + "\n"


def callout_cues(cues: Sequence[CueWords]) -> list[tuple[CueWords, tuple[str, ...]]]:
    """Each cue that names a region of the diagram, with the regions it names."""
    return [(cue, regions) for cue in cues if (regions := regions_in_text(cue.text))]


def callouts_vtt(callouts: Sequence[tuple[CueWords, tuple[str, ...]]], source: str) -> str:
    note = _note(
        source,
        "Metadata track: each cue's payload names the spine-diagram regions to light while the\n"
        "caption with the same id is shown, found from its words (player/regions.py).\n"
        "Edit freely: the vocabulary is in README, under Callouts.",
    )
    blocks = [f"WEBVTT\n\n{note}"]
    for cue, regions in callouts:
        blocks.append(f"{cue.id}\n{_timing(cue.start_ms, cue.end_ms)}\n{' '.join(regions)}")
    return "\n\n".join(blocks) + "\n"


def summary_from(paragraph: Sequence[str]) -> str:
    """The first paragraph, cut after its last sentence within SUMMARY_MAX_CHARS."""
    text = " ".join(paragraph)
    if len(text) <= SUMMARY_MAX_CHARS:
        return text
    head = text[:SUMMARY_MAX_CHARS]
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: end + 1] if end > 0 else head.rsplit(" ", 1)[0] + "…"


def metadata_toml(title: str, summary: str, language: str, poster: str | None) -> str:
    def string(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = [
        "# Made by lesson-player import; edit freely (README: the publisher's contract).",
        f"title = {string(title)}",
        f"summary = {string(summary)}",
        f"language = {string(language)}",
    ]
    if poster:
        lines.append(f"poster = {string(poster)}")
    return "\n".join(lines) + "\n"
