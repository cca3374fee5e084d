"""The WebVTT parser's block pass (https://w3c.github.io/webvtt/#file-parsing): which cues a
browser keeps, with their ids, times and payload lines, and what it drops, noted by line.

A fast path reads the common block, one cue written the canonical way, with one regular
expression; anything else (two cues in a run of lines, a NOTE, a loose timestamp, settings
glued to a time) goes through the spec's steps, so both give the same blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from player.cuetext import collect_timestamp

# webvtt-py reads hours of up to 10 digits (its models.Timestamp); a cue past this is dropped
LARGEST_MS = 10**10 * 3_600_000 - 1
_WHITESPACE = " \t\n\f\r"  # the spec's "ASCII whitespace"; vertical tab is not one
_SPACES = re.compile(r"[ \t\n\f\r]*")
_NON_SPACES = re.compile(r"[^ \t\n\f\r]*")


@dataclass
class CueBlock:
    line: int  # 1-based line of the timing line
    id: str
    start_ms: int
    end_ms: int
    payload: str = ""  # its lines, joined by line feeds (a block has no empty line)
    # The timings written the canonical way, when the fast path saw them written so
    # ("" otherwise: vtt.py writes them from the times).
    timing: str = ""


# One timestamp the way nearly every file writes it: minutes and seconds of two digits at
# most 59, hours (any digits, at most 9 here) if present. A timestamp written otherwise may
# still be valid (the spec's steps decide), so it only means no fast path.
_TIME = r"((?:([0-9]{1,9}):)?[0-5][0-9]:[0-5][0-9]\.[0-9]{3})"
_ONE_CUE = re.compile(
    r"(?:([^\n]*)\n)?"  # an id line
    rf"[ \t\f]*{_TIME}[ \t\f]*-->[ \t\f]*{_TIME}(?:[ \t\f][^\n]*)?"  # timings, settings
    r"(?:\n(.*))?",  # payload lines
    re.DOTALL,
)


def one_cue_block(text: str) -> CueBlock | None:
    """The cue of a run of non-empty lines after the file's first cue, when the run is one
    cue block written the usual way: as BlockReader would read it; else None.

    With one "-->" in the run there is one timing line, so no line of the payload ends the
    block, and the id is the line before the timings (the block reader keeps a cue whose
    timings are its first or second line, and reads nothing else in such a run).
    """
    if text.count("-->") != 1 or not (match := _ONE_CUE.fullmatch(text)):
        return None
    identifier, start, start_hours, end, end_hours, payload = match.groups()
    start_ms = _milliseconds(start, start_hours)
    end_ms = _milliseconds(end, end_hours)
    return CueBlock(
        line=1 if identifier is None else 2,
        id=identifier or "",
        start_ms=start_ms,
        end_ms=end_ms,
        payload=payload or "",
        timing=f"{_canonical(start, start_hours)} --> {_canonical(end, end_hours)}",
    )


def _milliseconds(stamp: str, hours: str | None) -> int:
    # the last 9 characters are "mm:ss.ttt"
    ms = int(stamp[-9:-7]) * 60_000 + int(stamp[-6:-4]) * 1000 + int(stamp[-3:])
    return ms if hours is None else ms + int(hours) * 3_600_000


def _canonical(stamp: str, hours: str | None) -> str:
    """The timestamp as vtt.format_timestamp writes it: hours of at least two digits."""
    if hours is None:
        return "00:" + stamp
    if len(hours) == 2:
        return stamp
    return f"{int(hours):02d}" + stamp[len(hours) :]


class BlockReader:
    """The spec's "WebVTT parser algorithm" after the signature: cue blocks, and what it drops."""

    def __init__(self, lines: list[str], pos: int = 1, seen_cue: bool = False) -> None:
        self.lines = lines
        self.pos = pos  # index of the next line to read; line 0 of a file is the signature
        self.seen_cue = seen_cue
        self.cues: list[CueBlock] = []
        self.notes: list[tuple[int, str]] = []  # (1-based line, message)

    def _note(self, line: int, message: str) -> None:
        self.notes.append((line, message))

    def read_until_first_cue(self) -> None:
        """The header and the blocks up to the first run of lines after the first cue: from
        there on, each run reads the same whatever came before it (`read_blocks`)."""
        if self.pos < len(self.lines):
            if self.lines[self.pos]:
                self._block(in_header=True)
            else:
                self.pos += 1
        self._skip_empty_lines()
        while self.pos < len(self.lines) and not (self.seen_cue and not self.lines[self.pos - 1]):
            self._block(in_header=False)
            self._skip_empty_lines()

    def read_blocks(self) -> None:
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
        cue: CueBlock | None = None
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
            cue.payload = "\n".join(buffer)
            self.cues.append(cue)
        elif not (in_header or keyword or seen_arrow):
            self._note_ignored(first)

    def _timed_cue(self, line: str, buffer: list[str]) -> CueBlock | None:
        timings = _parse_timings(line)
        if isinstance(timings, str):
            self._note(self.pos, f"cue dropped: {timings}")
            return None
        start_ms, end_ms = timings
        if max(start_ms, end_ms) > LARGEST_MS:
            self._note(self.pos, "cue dropped: a time past 9999999999:59:59.999")
            return None
        return CueBlock(self.pos, buffer[0] if buffer else "", start_ms, end_ms)

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
            message = f"text ignored: {shorten(first_line)!r} starts a block with no cue timings"
        self._note(index + 1, message)


def _block_keyword(line: str) -> str | None:
    for keyword in ("STYLE", "REGION"):
        if line.startswith(keyword) and not line[len(keyword) :].strip(_WHITESPACE):
            return keyword
    return None


def chromium_first_cue_id(lines: list[str], timing_index: int) -> str:
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


def shorten(text: str, limit: int = 40) -> str:
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
    return shorten(token[:arrow] if arrow > 0 else token, 24)


def _bad_timestamp(line: str, pos: int, side: str) -> str:
    token = _token(line, pos)
    if not token or token.startswith("-->"):
        return f"missing timestamp {side} '-->'"
    return f"malformed timestamp {token!r}"
