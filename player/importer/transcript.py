"""Reads a publisher's transcript into paragraphs of words and chapter marks.

Plain text and Markdown (blank lines part paragraphs; `#`/`##` headings mark chapters), SRT,
and WebVTT (its times and tags are dropped: the words are aligned to the audio again).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportRefused

# SRT/WebVTT cues carry no paragraphs: a pause this long after a finished sentence starts one,
# and so does a paragraph grown this long (a transcript is read in paragraphs, not walls).
PARAGRAPH_PAUSE_MS = 2000
PARAGRAPH_MAX_WORDS = 120

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_CUE_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")
_SRT_TIMING = re.compile(r"^\s*\d+:\d\d:\d\d[,.]\d{1,3}\s+-->\s+")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_WORD_CHAR = re.compile(r"[\w&%$€£+=@#]")  # "&" and "%" are said, so they are words
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass(frozen=True)
class ChapterMark:
    title: str
    paragraph: int  # index of the chapter's first paragraph, from 0


@dataclass(frozen=True)
class Transcript:
    paragraphs: tuple[tuple[str, ...], ...]  # whitespace tokens, punctuation attached
    chapters: tuple[ChapterMark, ...]
    title: str | None = None  # a Markdown document's own `#` heading, when it has one

    @property
    def words(self) -> list[str]:
        return [word for paragraph in self.paragraphs for word in paragraph]


def read_transcript(path: Path) -> Transcript:
    """The transcript in `path`; ImportRefused when it cannot be read or has no words."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{path}: cannot read the transcript ({error.strerror})") from None
    text = _decoded(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip().startswith("WEBVTT"):
        transcript = _from_cues(_vtt_cues(text))
    elif path.suffix.lower() == ".srt" or any(map(_SRT_TIMING.match, text.split("\n")[:8])):
        transcript = _from_cues(_srt_cues(text))
    else:
        transcript = _from_markdown(text)
    if not transcript.paragraphs:
        raise ImportRefused(f"{path}: the transcript has no words")
    return transcript


def _decoded(data: bytes, path: Path) -> str:
    # As a browser reads a text file: a byte-order mark names the encoding, else UTF-8.
    for bom, encoding in BOMS:
        if data.startswith(bom):
            data, chosen = data[len(bom) :], encoding
            break
    else:
        chosen = "utf-8"
        if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
            raise ImportRefused(
                f"{path}: looks like UTF-16 without a byte-order mark; save it as UTF-8"
            )
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError:
        raise ImportRefused(f"{path}: is not {chosen.upper()} text; save it as UTF-8") from None
    if "\0" in text:
        raise ImportRefused(f"{path}: is not a text file")
    return text


# -- plain text and Markdown -------------------------------------------------------------------

_MARKDOWN_INLINE = (
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images are not spoken
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # a link's words are
    (re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)"), ""),
)
_LINE_MARKERS = re.compile(r"^\s*(?:>\s?)*(?:[-*+]\s+|\d+[.)]\s+)?")


def _from_markdown(text: str) -> Transcript:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":  # front matter is not spoken
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        lines = lines[closing + 1 :] if closing else lines
    blocks: list[tuple[str, str]] = []  # ("heading" | "text", content), in order
    current: list[str] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading or not line.strip():
            if current:
                blocks.append(("text", " ".join(current)))
                current = []
            if heading and len(heading.group(1)) <= 2:
                blocks.append((f"h{len(heading.group(1))}", _inline(heading.group(2))))
            continue  # deeper headings organise the text; they are not chapters nor spoken
        current.append(_inline(_LINE_MARKERS.sub("", line, count=1)))
    if current:
        blocks.append(("text", " ".join(current)))

    title = None
    first_levels = [kind for kind, _ in blocks if kind == "h1"]
    if blocks and blocks[0][0] == "h1" and len(first_levels) == 1:
        title = blocks.pop(0)[1]  # the document's own title, not a chapter
    paragraphs: list[tuple[str, ...]] = []
    chapters: list[ChapterMark] = []
    pending: str | None = None
    for kind, content in blocks:
        if kind == "text":
            if words := _words(content):
                if pending is not None:
                    chapters.append(ChapterMark(pending, len(paragraphs)))
                    pending = None
                paragraphs.append(words)
        elif content:
            pending = content  # a heading with no text after it marks nothing
    return Transcript(tuple(paragraphs), tuple(chapters), title or None)


def _inline(text: str) -> str:
    for pattern, replacement in _MARKDOWN_INLINE:
        text = pattern.sub(replacement, text)
    return html.unescape(text).strip()


# -- SRT and WebVTT ------------------------------------------------------------------------------

_CUE_MARKUP = re.compile(r"<[^>]*>|\{\\[^}]*\}|\[[^\]]*\]|♪")  # tags, SSA overrides, [sounds]
_SPEAKER_DASH = re.compile(r"^\s*(?:>>|-)\s*")


def _srt_cues(text: str) -> list[tuple[int, int, str]]:
    return _timed_blocks(text.split("\n\n"))


def _vtt_cues(text: str) -> list[tuple[int, int, str]]:
    blocks = text.split("\n\n")[1:]  # the header block
    return _timed_blocks(b for b in blocks if not re.match(r"\s*(NOTE|STYLE|REGION)\b", b))


def _timed_blocks(blocks) -> list[tuple[int, int, str]]:
    """(start, end, cue text without markup) per block that has a timing line."""
    cues = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        for n, line in enumerate(lines):
            if timing := _CUE_TIMING.match(line):
                start, end = _ms(timing.group(1)), _ms(timing.group(2))
                spoken = [_SPEAKER_DASH.sub("", _CUE_MARKUP.sub("", t)) for t in lines[n + 1 :]]
                cues.append((start, end, html.unescape(" ".join(spoken))))
                break
    return cues


def _ms(stamp: str) -> int:
    parts = stamp.replace(",", ".").split(":")
    try:
        hours = int(parts[-3]) if len(parts) > 2 else 0
        seconds = float(parts[-1]) + 60 * int(parts[-2]) + 3600 * hours
    except (ValueError, IndexError):
        return 0  # the times are only a hint for paragraphs
    return round(seconds * 1000)


def _from_cues(cues: list[tuple[int, int, str]]) -> Transcript:
    paragraphs: list[tuple[str, ...]] = []
    current: list[str] = []
    last_end = None
    for start, end, text in cues:
        words = _words(text)
        if not words:
            continue
        finished = bool(current) and bool(_SENTENCE_END.search(current[-1]))
        paused = last_end is not None and start - last_end >= PARAGRAPH_PAUSE_MS
        if finished and (paused or len(current) >= PARAGRAPH_MAX_WORDS):
            paragraphs.append(tuple(current))
            current = []
        current.extend(words)
        last_end = end
    if current:
        paragraphs.append(tuple(current))
    return Transcript(tuple(paragraphs), ())


def _words(text: str) -> tuple[str, ...]:
    """Whitespace tokens; a token with no letter or digit (a dash, an ellipsis) is joined to
    its neighbour, since the aligner can only place what can be said."""
    words: list[str] = []
    loose = ""
    for token in text.split():
        if not _WORD_CHAR.search(token):
            if words:
                words[-1] += token
            else:
                loose += token
            continue
        words.append(loose + token)
        loose = ""
    return tuple(words)
