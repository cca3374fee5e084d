"""Writes a lesson's text files: captions, chapters, callouts and descriptions (WebVTT) and its
metadata (TOML).

WebVTT is written here by hand so every timestamp is exact to the millisecond, formatted from
integer milliseconds (no float rounding anywhere).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from player.studio.layout import wrap_cue
from player.studio.narration import Narration, TimedPhrase
from player.studio.script import LessonScript
from player.vtt import format_timestamp

# The title card shows its title and subtitle by then (scenes/opening.py, title_card).
TITLE_DESCRIBED_AT_MS = 1000
# How long a description stays on screen: about as long as a voice takes to read it.
DESCRIPTION_MS_PER_WORD = 400
DESCRIPTION_MIN_MS = 2000


@dataclass(frozen=True)
class TrackFiles:
    captions: Path
    chapters: Path
    callouts: Path
    metadata: Path
    descriptions: Path | None = None  # written when the script describes its pictures


def _timing(start_ms: int, end_ms: int) -> str:
    return f"{format_timestamp(start_ms)} --> {format_timestamp(end_ms)}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cue_payload(timed: TimedPhrase) -> str:
    """The cue text on at most two lines, with a timestamp tag before every word but the first.

    Tags must rise strictly and lie inside the cue (WebVTT, "cue timestamp"), so Festival's
    times are nudged by a millisecond where two words start together.
    """
    lines = wrap_cue(timed.phrase.text)
    starts = timed.word_starts
    out: list[str] = []
    index, last = 0, timed.start_ms
    for line in lines:
        words = []
        for word in line:
            if starts is not None and index > 0:
                at = min(max(starts[index], last + 1), timed.end_ms - 1)
                if at > last:
                    words.append(f"<{format_timestamp(at)}>{_escape(word)}")
                    last = at
                    index += 1
                    continue
            words.append(_escape(word))
            index += 1
        out.append(" ".join(words))
    return "\n".join(out)


def _note(script: LessonScript, what: str) -> str:
    return (
        f"NOTE\n{what}\nGenerated from the lesson script {_script_name(script)} by\n"
        f"python -m player.studio {_script_name(script)}\nDo not edit by hand: edit the script "
        "and run that command again."
    )


def _script_name(script: LessonScript) -> str:
    path = Path(script.path)
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def captions_vtt(script: LessonScript, narration: Narration) -> str:
    note = _note(
        script,
        "Cue ids are p{paragraph}-{n}: cue n of transcript paragraph p (both from 1), so a\n"
        "player can group the cues into the transcript's paragraphs. Each cue is one spoken\n"
        "phrase, timed to its voice; <hh:mm:ss.mmm> tags mark when each word is spoken.",
    )
    blocks = [f"WEBVTT\n\n{note}"]
    for timed in narration.phrases:
        blocks.append(
            f"{timed.phrase.id}\n{_timing(timed.start_ms, timed.end_ms)}\n{cue_payload(timed)}"
        )
    return "\n\n".join(blocks) + "\n"


def chapter_spans(script: LessonScript, narration: Narration) -> list[tuple[int, int, str]]:
    """(start, end, title) per chapter: each starts at its first phrase (the first at 0:00, so
    the title card belongs to it) and ends where the next begins; the last ends with the media.
    """
    first_of = {}
    for timed in narration.phrases:
        first_of.setdefault(timed.phrase.paragraph, timed.start_ms)
    starts = [0] + [first_of[mark.paragraph] for mark in script.chapters[1:]]
    ends = starts[1:] + [narration.duration_ms]
    return [(s, e, m.title) for s, e, m in zip(starts, ends, script.chapters, strict=True)]


def chapters_vtt(script: LessonScript, narration: Narration) -> str:
    blocks = [f"WEBVTT\n\n{_note(script, 'Chapters of the lesson, contiguous to its end.')}"]
    for n, (start, end, title) in enumerate(chapter_spans(script, narration), start=1):
        blocks.append(f"chapter-{n}\n{_timing(start, end)}\n{_escape(title)}")
    return "\n\n".join(blocks) + "\n"


def callouts_vtt(script: LessonScript, narration: Narration) -> str:
    note = _note(
        script,
        "Metadata track: each cue's payload names the spine-diagram regions to light while the\n"
        "phrase with the same id is spoken, lowercase and separated by spaces.",
    )
    blocks = [f"WEBVTT\n\n{note}"]
    for timed in narration.phrases:
        if timed.phrase.regions:
            blocks.append(
                f"{timed.phrase.id}\n{_timing(timed.start_ms, timed.end_ms)}\n"
                + " ".join(timed.phrase.regions)
            )
    return "\n\n".join(blocks) + "\n"


def description_cues(script: LessonScript, narration: Narration) -> list[tuple[str, int, int, str]]:
    """(id, start, end, text) per description: the title card's once it is built, then each
    phrase's in the pause after it, when its picture is drawn (a player may pause the video
    there to read it). Each lasts about as long as it takes to read, cut short by the next
    one and by the end of the video."""
    starts = []
    if script.title_description:
        starts.append(("title", TITLE_DESCRIBED_AT_MS, script.title_description))
    for timed in narration.phrases:
        if timed.phrase.description:
            starts.append((f"after-{timed.phrase.id}", timed.end_ms, timed.phrase.description))
    limits = [start for _, start, _ in starts[1:]] + [narration.duration_ms]
    cues = []
    for (cue_id, start, text), limit in zip(starts, limits, strict=True):
        reading = max(DESCRIPTION_MIN_MS, len(text.split()) * DESCRIPTION_MS_PER_WORD)
        cues.append((cue_id, start, min(start + reading, limit), text))
    return cues


def descriptions_vtt(script: LessonScript, narration: Narration) -> str:
    note = _note(
        script,
        "Descriptions track (audio description): what the picture shows that the narration\n"
        "does not say. Cue id after-{phrase id}: read in the pause after that phrase.",
    )
    blocks = [f"WEBVTT\n\n{note}"]
    for cue_id, start, end, text in description_cues(script, narration):
        blocks.append(f"{cue_id}\n{_timing(start, end)}\n{_escape(text)}")
    return "\n\n".join(blocks) + "\n"


def metadata_toml(script: LessonScript) -> str:
    def string(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    lines = [
        f"# Generated from {_script_name(script)} by python -m player.studio; do not edit.",
        f"title = {string(script.title)}",
        f"summary = {string(script.summary)}",
        f"language = {string(script.language)}",
        f"poster = {string(script.poster)}",
    ]
    for item in script.related:
        lines += ["", "[[related]]", f"title = {string(item.title)}", f"url = {string(item.url)}"]
    return "\n".join(lines) + "\n"


def write_tracks(script: LessonScript, narration: Narration, captions_dir: Path) -> TrackFiles:
    captions_dir.mkdir(parents=True, exist_ok=True)
    files = TrackFiles(
        captions=captions_dir / f"{script.slug}.vtt",
        chapters=captions_dir / f"{script.slug}.chapters.vtt",
        callouts=captions_dir / f"{script.slug}.callouts.vtt",
        metadata=captions_dir / f"{script.slug}.toml",
        descriptions=(
            captions_dir / f"{script.slug}.descriptions.vtt" if described(script) else None
        ),
    )
    files.captions.write_text(captions_vtt(script, narration), encoding="utf-8", newline="\n")
    files.chapters.write_text(chapters_vtt(script, narration), encoding="utf-8", newline="\n")
    files.callouts.write_text(callouts_vtt(script, narration), encoding="utf-8", newline="\n")
    files.metadata.write_text(metadata_toml(script), encoding="utf-8", newline="\n")
    if files.descriptions:
        text = descriptions_vtt(script, narration)
        files.descriptions.write_text(text, encoding="utf-8", newline="\n")
    return files


def described(script: LessonScript) -> bool:
    return bool(script.title_description) or any(p.description for p in script.phrases)
