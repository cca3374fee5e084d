"""The WebVTT parser as it was before issue 15 (player/vtt.py at c2cf10e), kept unchanged as the
reference the faster parser must match exactly (tests/test_parse_speedups.py).

WebVTT bytes -> the lesson's `Cue` values, as a browser's TextTrack exposes them.

The only importer of webvtt-py. A pre-pass follows the W3C WebVTT parser
(https://w3c.github.io/webvtt/#file-parsing) to decide which cues a browser keeps; webvtt-py then
reads those cues from a cleaned copy, and exact times, plain text, voice and words are computed
here from its captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import webvtt

from player.cuetext import collect_timestamp, flatten_tags, read_cue_text, tag_depth
from player.model import Cue, Problem

MAX_WARNINGS = 100
MAX_CUES = 150_000  # a 40-hour lecture has about 40,000 caption cues
# Elements nested deeper than this in a cue are unwrapped (real captions nest 2 or 3 deep;
# 10,000 nested <c><i><b> crash a Chromium tab that shows the cue).
MAX_TAG_DEPTH = 16

# webvtt-py reads hours of up to 10 digits (its models.Timestamp); a cue past this is dropped
_LARGEST_MS = 10**10 * 3_600_000 - 1
_UTF8_BOM = b"\xef\xbb\xbf"
_WHITESPACE = " \t\n\f\r"  # the spec's "ASCII whitespace"; vertical tab is not one
_SPACES = re.compile(r"[ \t\n\f\r]*")
_NON_SPACES = re.compile(r"[^ \t\n\f\r]*")


class CaptionError(Exception):
    """A caption file a browser would reject; carries file, line and reason."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        super().__init__(file, line, reason)
        self.file = file
        self.line = line
        self.reason = reason

    @property
    def problem(self) -> Problem:
        return Problem(self.file, self.line, self.reason)

    def __str__(self) -> str:
        return str(self.problem)


@dataclass(frozen=True)
class ParsedTrack:
    cues: tuple[Cue, ...]
    warnings: tuple[Problem, ...]
    # The file as browsers should get it, when it differs from the bytes read: cues nested
    # past MAX_TAG_DEPTH unwrapped. None: serve the file as it is.
    rewritten: bytes | None = None


def parse_track(
    data: bytes, name: str, *, max_bytes: int = 20_000_000, max_cues: int = MAX_CUES
) -> ParsedTrack:
    """Read a WebVTT file's bytes into cues, or raise CaptionError where a browser rejects it."""
    if len(data) > max_bytes:
        raise CaptionError(name, None, f"file is {len(data)} bytes; the limit is {max_bytes}")
    # Every cue has a "-->" in its timing line: counting them bounds the work before it starts
    # (a million tiny cues fit in 20 MB and would take half a minute and a gigabyte to read).
    arrows = data.count(b"-->")
    if arrows > max_cues:
        raise CaptionError(
            name, None, f"file has about {arrows} cues; the limit is {max_cues} per track"
        )
    lines = _lines(data)
    _check_signature(lines[0], data, name)
    reader = _BlockReader(lines)
    reader.read()
    blocks = reader.cues
    if blocks:
        blocks[0].id = _chromium_first_cue_id(lines, blocks[0].line - 1)
    rewritten = _unwrap_deep_nesting(blocks, lines, reader)
    # a TextTrack lists cues in "text track cue order" (HTML): by start time, then the longest
    # first, then as written
    blocks.sort(key=lambda block: (block.start_ms, -block.end_ms))
    cues = tuple(_cues(blocks))
    return ParsedTrack(cues, _warnings(reader, name), rewritten)


def _unwrap_deep_nesting(blocks: list[_CueBlock], lines: list[str], reader) -> bytes | None:
    """Unwrap the elements of each cue nested past MAX_TAG_DEPTH, in the blocks and in a copy
    of the file to serve; None when no cue nests that deep."""
    out = None
    for block in reversed(blocks):  # from the end, so earlier line numbers stay right
        payload = "\n".join(block.payload)
        if payload.count("<") <= MAX_TAG_DEPTH:  # too few tags to nest that deep: no walk
            continue
        depth = tag_depth(payload)
        if depth <= MAX_TAG_DEPTH:
            continue
        reader._note(
            block.line,
            f"cue tags nest {depth} deep; past {MAX_TAG_DEPTH} they are removed (text kept)",
        )
        flat = tuple(flatten_tags(payload, MAX_TAG_DEPTH).split("\n"))
        out = out or list(lines)
        out[block.line : block.line + len(block.payload)] = flat
        block.payload = flat
    return None if out is None else ("\n".join(out) + "\n").encode()


def format_timestamp(ms: int) -> str:
    """Write integer milliseconds as a WebVTT timestamp, e.g. 62345 -> "00:01:02.345"."""
    if ms < 0:
        raise ValueError(f"a timestamp cannot be negative: {ms}")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


# -- the file: decoding, signature, blocks ---------------------------------------------------


def _lines(data: bytes) -> list[str]:
    # The spec's "UTF-8 decode" strips one BOM; its step 1 turns NUL into U+FFFD and CR/CRLF
    # into LF. Only LF ends a line then: str.splitlines would also break at VT, FF, U+2028...
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    text = data.decode("utf-8", errors="replace")
    text = text.replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # a final LF ends the last line; it does not start an empty one
    return lines


def _check_signature(first_line: str, data: bytes, name: str) -> None:
    if first_line.startswith("WEBVTT") and first_line[6:7] in ("", " ", "\t"):
        return
    reason = (
        "not a WebVTT file: the first line must be 'WEBVTT', alone or followed by a space or tab"
    )
    if not data:
        reason += "; the file is empty"
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        reason += "; this file is UTF-16, and WebVTT must be UTF-8"
    else:
        reason += f"; it is {_shorten(first_line)!r}"
    raise CaptionError(name, 1, reason)


@dataclass
class _CueBlock:
    line: int  # 1-based line of the timing line
    id: str
    start_ms: int
    end_ms: int
    payload: tuple[str, ...] = ()


class _BlockReader:
    """The spec's "WebVTT parser algorithm" after the signature: cue blocks, and what it drops."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pos = 1  # index of the next line to read; line 0 is the signature
        self.seen_cue = False
        self.cues: list[_CueBlock] = []
        self.notes: list[tuple[int, str]] = []  # (1-based line, message), the first few
        self.unlisted = 0  # notes past MAX_WARNINGS, counted but not kept

    def _note(self, line: int, message: str) -> None:
        if len(self.notes) < MAX_WARNINGS:
            self.notes.append((line, message))
        else:
            self.unlisted += 1

    def read(self) -> None:
        if self.pos < len(self.lines):
            if self.lines[self.pos]:
                self._block(in_header=True)
            else:
                self.pos += 1
        self._skip_empty_lines()
        while self.pos < len(self.lines):
            self._block(in_header=False)
            self._skip_empty_lines()

    def _skip_empty_lines(self) -> None:
        while self.pos < len(self.lines) and not self.lines[self.pos]:
            self.pos += 1

    def _block(self, in_header: bool) -> None:
        """The spec's "collect a WebVTT block"; a line with "-->" may end it and start the next."""
        first = self.pos
        resume = self.pos
        count = 0
        buffer: list[str] = []
        seen_arrow = False
        cue: _CueBlock | None = None
        keyword = None
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            self.pos += 1
            count += 1
            if "-->" in line:
                if in_header or not (count == 1 or (count == 2 and not seen_arrow)):
                    self.pos = resume
                    break
                seen_arrow = True
                resume = self.pos
                cue = self._timed_cue(line, buffer)
                if cue:
                    buffer = []
                    self.seen_cue = True
            elif not line:
                break
            else:
                if not in_header and count == 2 and not self.seen_cue and buffer:
                    keyword = _block_keyword(buffer[0])
                    if keyword:
                        buffer = []
                buffer.append(line)
                resume = self.pos
        if cue:
            cue.payload = tuple(buffer)
            self.cues.append(cue)
        elif not (in_header or keyword or seen_arrow):
            self._note_ignored(first)

    def _timed_cue(self, line: str, buffer: list[str]) -> _CueBlock | None:
        timings = _parse_timings(line)
        if isinstance(timings, str):
            self._note(self.pos, f"cue dropped: {timings}")
            return None
        start_ms, end_ms = timings
        if max(start_ms, end_ms) > _LARGEST_MS:
            self._note(self.pos, "cue dropped: a time past 9999999999:59:59.999")
            return None
        return _CueBlock(self.pos, buffer[0] if buffer else "", start_ms, end_ms)

    def _note_ignored(self, index: int) -> None:
        first_line = self.lines[index]
        keyword = _block_keyword(first_line)
        if first_line == "NOTE" or first_line.startswith(("NOTE ", "NOTE\t")):
            return
        if keyword and self.seen_cue:
            message = f"{keyword} block ignored: it must come before the first cue"
        elif keyword:
            return
        else:
            message = f"text ignored: {_shorten(first_line)!r} starts a block with no cue timings"
        self._note(index + 1, message)


def _block_keyword(line: str) -> str | None:
    for keyword in ("STYLE", "REGION"):
        if line.startswith(keyword) and not line[len(keyword) :].strip(_WHITESPACE):
            return keyword
    return None


def _chromium_first_cue_id(lines: list[str], timing_index: int) -> str:
    """The first cue's id as Chromium gives it, which can differ from the spec's.

    Before its first cue Chromium (vtt_parser.cc, CollectWebVTTBlock) does not read blocks: it
    keeps every other line as a possible id, so a header line just above the first timings
    becomes its id, and a STYLE line swallows the lines up to an empty or "-->" line, so a cue
    right after STYLE has no id. (It ships with REGION blocks off, so REGION is a line like any
    other.) After the first cue it reads ids as the spec does.
    """
    previous = ""
    in_style = False
    for line in lines[1:timing_index]:
        if in_style:
            in_style = bool(line) and "-->" not in line
        elif "-->" not in previous and _block_keyword(line) == "STYLE":
            in_style = True
        else:
            previous = "" if previous else line
    if in_style or "-->" in previous:
        return ""
    return previous


def _warnings(reader: _BlockReader, name: str) -> tuple[Problem, ...]:
    problems = [Problem(name, line, message) for line, message in reader.notes]
    if reader.unlisted:
        problems.append(Problem(name, None, f"{reader.unlisted} more warnings"))
    return tuple(problems)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# -- timestamps ------------------------------------------------------------------------------


def _parse_timings(line: str) -> tuple[int, int] | str:
    """The spec's "collect WebVTT cue timings and settings": (start, end) in ms, or why not."""
    times = []
    pos = _skip_whitespace(line, 0)
    for side in ("before", "after"):
        collected = collect_timestamp(line, pos)
        if collected is None:
            return _bad_timestamp(line, pos, side)
        ms, pos = collected
        times.append(ms)
        pos = _skip_whitespace(line, pos)
        if side == "before":
            if not line.startswith("-->", pos):
                return f"expected '-->' after the start time, found {_token(line, pos)!r}"
            pos = _skip_whitespace(line, pos + 3)
    return times[0], times[1]  # the cue settings that may follow do not change the cue's text


def _skip_whitespace(line: str, pos: int) -> int:
    return _SPACES.match(line, pos).end()


def _token(line: str, pos: int) -> str:
    token = _NON_SPACES.match(line, pos).group()
    arrow = token.find("-->")
    return _shorten(token[:arrow] if arrow > 0 else token, 24)


def _bad_timestamp(line: str, pos: int, side: str) -> str:
    token = _token(line, pos)
    if not token or token.startswith("-->"):
        return f"missing timestamp {side} '-->'"
    return f"malformed timestamp {token!r}"


# -- webvtt-py, and the cue text -------------------------------------------------------------


def _cues(blocks: list[_CueBlock]):
    """Read the kept cues back with webvtt-py, from a copy holding nothing it could misread.

    webvtt-py accepts signatures a browser rejects, keeps cues a browser drops (loose timestamps
    such as 00:0:01.000, vertical tab as whitespace) and keeps NUL, so it is given only the cues
    the pre-pass kept, each with canonical timings.
    """
    document = ["WEBVTT", ""]
    for block in blocks:
        if block.id:
            document.append(block.id)
        document.append(f"{format_timestamp(block.start_ms)} --> {format_timestamp(block.end_ms)}")
        document.extend(block.payload)
        document.append("")
    captions = webvtt.from_string("\n".join(document)).captions
    for index, (block, caption) in enumerate(zip(blocks, captions, strict=True)):
        # start_in_seconds drops the milliseconds; the timestamp's fields are exact integers
        start_ms = _milliseconds(caption.start_time.to_tuple())
        raw = caption.raw_text
        text, voice, words = read_cue_text(raw, start_ms)
        yield Cue(
            index=index,
            id=caption.identifier or "",
            start_ms=start_ms,
            end_ms=_milliseconds(caption.end_time.to_tuple()),
            text=text,
            raw=raw,
            line=block.line,
            voice=voice,
            words=words,
        )


def _milliseconds(fields: tuple[int, int, int, int]) -> int:
    hours, minutes, seconds, millis = fields
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
