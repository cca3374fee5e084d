"""WebVTT bytes -> the lesson's `Cue` values, as a browser's TextTrack exposes them.

The only importer of webvtt-py. A pre-pass follows the W3C WebVTT parser
(https://w3c.github.io/webvtt/#file-parsing) to decide which cues a browser keeps; webvtt-py then
reads each kept cue from a cleaned copy of its block, and exact times, plain text, voice and
words are computed here from what it read. A file is decoded as browsers decode a track: UTF-8,
or UTF-16 when it starts with a UTF-16 byte-order mark. An SRT file is read by webvtt-py's SRT
reader and written out as WebVTT (`srt_as_webvtt`).

Fast on big files (150,000 cues): past the first cue, the file is read one segment at a
time (a run of non-empty lines: blocks end at an empty line, and once a cue has been seen
nothing before a segment changes how it reads), so a segment's cues and notes depend on its
text alone. Segments seen in the file's previous version are not read again
(segment_cache.py), and when many are new they are read on every core (parse_pool.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from webvtt import srt as webvtt_srt
from webvtt.errors import MalformedFileError
from webvtt.models import Timestamp
from webvtt.vtt import WebVTTCueBlock

from player import parse_pool, segment_cache
from player.cuetext import flatten_tags, read_cue_text, tag_depth
from player.model import Cue, Problem
from player.vtt_blocks import BlockReader, CueBlock, chromium_first_cue_id, one_cue_block, shorten

MAX_WARNINGS = 100
MAX_CUES = 150_000  # a 40-hour lecture has about 40,000 caption cues
# Elements nested deeper than this in a cue are unwrapped (real captions nest 2 or 3 deep;
# 10,000 nested <c><i><b> crash a Chromium tab that shows the cue).
MAX_TAG_DEPTH = 16
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_ARROWS = {bom: "-->".encode(encoding) for bom, encoding in _UTF16_BOMS.items()}

# New segments of at least this many lines in all are read in the pool too (a pool's round
# trip costs tens of milliseconds; 20,000 lines take about 0.15 s to read here)
POOL_MIN_LINES = 20_000
# Jobs the new segments are cut into, per process. Measured on 2 cores (100,000 cues): with
# the pool running, 1 job per process took 1.73-1.77 s and 2 jobs 1.93-2.03 s (each job's
# results are unpickled here while this process reads its own share); with the pool still
# to start, 2 per process let this process take a share the workers would have started late.
POOL_JOBS_PER_PROCESS = {True: 1, False: 2}  # by parse_pool.running()


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
    # past MAX_TAG_DEPTH unwrapped, UTF-16 written as UTF-8. None: serve the file as it is.
    rewritten: bytes | None = None
    # derive(cue.text) for each cue, in the order of `cues`, when parse_track was given one
    derived: tuple = ()


def parse_track(
    data: bytes,
    name: str,
    *,
    max_bytes: int = 20_000_000,
    max_cues: int = MAX_CUES,
    cache_key: str | None = None,
    derive: Callable[[str], object] | None = None,
) -> ParsedTrack:
    """Read a WebVTT file's bytes into cues, or raise CaptionError where a browser rejects it.

    `cache_key` names the file among those parsed before (its path; by default `name`): the
    segments its previous version had are not read again. `derive`, a function of a cue's
    plain text (a module's own function, so that a worker process can run it), is run on
    each cue as it is read, on every core and only where the file changed, like the rest
    of the reading: its results are the track's `derived`."""
    if len(data) > max_bytes:
        raise CaptionError(name, None, f"file is {len(data)} bytes; the limit is {max_bytes}")
    # Every cue has a "-->" in its timing line: counting them bounds the work before it starts
    # (a million tiny cues fit in 20 MB and would take half a minute and a gigabyte to read).
    arrows = data.count(_ARROWS.get(data[:2], b"-->"))
    if arrows > max_cues:
        raise CaptionError(
            name, None, f"file has about {arrows} cues; the limit is {max_cues} per track"
        )
    lines = _split_lines(_decoded(data))
    _check_signature(lines[0], data, name)
    reader = BlockReader(lines)
    reader.read_until_first_cue()
    if reader.cues:
        reader.cues[0].id = chromium_first_cue_id(lines, reader.cues[0].line - 1)
    head_cues = [_read_cue(block, derive) for block in reader.cues]
    key = cache_key or name
    if derive is not None:  # segments read with it hold its results: kept apart
        key += f"\0{derive.__module__}.{derive.__qualname__}"
    runs = _segments_after(lines, reader.pos)
    segments = _read_segments(runs, segment_cache.segments_of(key), derive)
    segment_cache.keep(key, {text: segment for text, _, segment in segments})

    found: list[tuple] = head_cues
    lines_of: list[int] = [cue[0] for cue in head_cues]
    notes: list[tuple[int, str]] = reader.notes
    for _text, offset, (segment_cues, segment_notes) in segments:
        found.extend(segment_cues)
        lines_of.extend([offset + cue[0] for cue in segment_cues])
        notes.extend([(offset + line, message) for line, message in segment_notes])
    rewritten = _unwrap_deep_nesting(found, lines_of, lines, notes)
    if rewritten is None and data[:2] in _UTF16_BOMS:  # browsers get UTF-8, as the page says
        rewritten = ("\n".join(lines) + "\n").encode()
    _check_not_srt(notes, found, name)
    # a TextTrack lists cues in "text track cue order" (HTML): by start time, then the longest
    # first, then as written
    order = sorted(range(len(found)), key=lambda k: (found[k][1], -found[k][2]))
    cues = tuple(
        Cue(i, c[3], c[1], c[2], c[4], c[5], lines_of[k], c[6], c[7])
        for i, k in enumerate(order)
        for c in (found[k],)
    )
    derived = tuple(found[k][9] for k in order) if derive is not None else ()
    return ParsedTrack(cues, _warnings(notes, name), rewritten, derived)


# What a run of lines parsed to: (its cues as `_read_cue` gives them, its notes as (line,
# message)), lines counting from 1 at the run's first line. Plain tuples: they cross from the
# pool's workers, and a dataclass takes ten times longer to unpickle.
_Segment = tuple[tuple[tuple, ...], tuple[tuple[int, str], ...]]


def _segments_after(lines: list[str], start: int) -> list[tuple[str, int]]:
    """The runs of non-empty lines from `start`, each as (text, index of its first line - 1)."""
    runs = []
    n = len(lines)
    i = start
    while i < n:
        if not lines[i]:
            i += 1
            continue
        j = i + 1
        while j < n and lines[j]:
            j += 1
        runs.append(("\n".join(lines[i:j]), i))
        i = j
    return runs


def _read_segments(runs, known: dict, derive) -> list[tuple[str, int, _Segment]]:
    """Each run with what it parses to: as known from the file's previous version, or read
    now (in the pool too when there are many new lines)."""
    new = [text for text, _ in runs if text not in known]
    fresh: dict[str, _Segment] = {}
    if new:
        new_lines = sum(text.count("\n") + 1 for text in new)
        if new_lines >= POOL_MIN_LINES:
            count = POOL_JOBS_PER_PROCESS[parse_pool.running()] * (parse_pool.WORKERS + 1)
            size = -(-len(new) // count)
            jobs = [new[k : k + size] for k in range(0, len(new), size)]
            read = partial(read_segments, derive=derive)
            for job, results in zip(jobs, parse_pool.run(read, jobs), strict=True):
                fresh.update(zip(job, results, strict=True))
        else:
            fresh.update(zip(new, read_segments(new, derive), strict=True))
    return [(text, offset, known[text] if text in known else fresh[text]) for text, offset in runs]


def read_segments(texts: list[str], derive=None) -> list[_Segment]:
    """Parse runs of non-empty lines that come after the first cue (in a worker process too)."""
    out = []
    for text in texts:
        if block := one_cue_block(text):  # nearly every run: one cue, written the usual way
            out.append(((_read_cue(block, derive),), ()))
            continue
        reader = BlockReader(text.split("\n"), pos=0, seen_cue=True)
        reader.read_blocks()
        cues = tuple([_read_cue(block, derive) for block in reader.cues])
        out.append((cues, tuple(reader.notes)))
    return out


def _read_cue(block: CueBlock, derive=None) -> tuple:
    """One kept cue read by webvtt-py from a copy of its block holding nothing it could
    misread (see `_read_by_webvtt`), its elements nested past MAX_TAG_DEPTH unwrapped first:
    (line, start_ms, end_ms, id, text, raw, voice, words, deep, derived), deep being None
    or (depth, lines of the payload as written) for a cue that was unwrapped, and derived
    derive(text) (None without a derive)."""
    payload = block.payload
    deep = None
    if payload.count("<") > MAX_TAG_DEPTH:  # else too few tags to nest that deep
        depth = tag_depth(payload)
        if depth > MAX_TAG_DEPTH:
            deep = (depth, payload.count("\n") + 1)
            payload = flatten_tags(payload, MAX_TAG_DEPTH)
    identifier, start_ms, end_ms, raw = _read_by_webvtt(block, payload)
    text, voice, words = read_cue_text(raw, start_ms)
    derived = None if derive is None else derive(text)
    return (block.line, start_ms, end_ms, identifier, text, raw, voice, words, deep, derived)


def _unwrap_deep_nesting(found, lines_of, lines: list[str], notes) -> bytes | None:
    """Note each cue whose elements were unwrapped and write the file to serve with their
    unwrapped payloads; None when no cue nests that deep."""
    out = None
    for k in reversed(range(len(found))):  # from the end, so earlier line numbers stay right
        deep = found[k][8]
        if deep is None:
            continue
        depth, written = deep
        line = lines_of[k]
        notes.append(
            (line, f"cue tags nest {depth} deep; past {MAX_TAG_DEPTH} they are removed (text kept)")
        )
        out = out or list(lines)
        out[line : line + written] = found[k][5].split("\n")
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


def _decoded(data: bytes) -> str:
    # As a browser decodes a track (the Encoding standard's "decode", which Chromium follows:
    # tests/test_publisher_formats.py): a UTF-8 or UTF-16 byte-order mark picks the encoding
    # and is dropped; without one, UTF-8. Then the spec's step 1 turns NUL into U+FFFD and
    # CR/CRLF into LF.
    encoding = "utf-8"
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    elif data[:2] in _UTF16_BOMS:
        encoding = _UTF16_BOMS[data[:2]]
        data = data[2:]
    text = data.decode(encoding, errors="replace")
    return text.replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


def ends_with_line_break(data: bytes) -> bool:
    """Whether a caption file's last line ends with a line break, in the encoding it is read
    in (a file cut short by a write in progress may not)."""
    if data[:2] in _UTF16_BOMS:
        big_endian = _UTF16_BOMS[data[:2]] == "utf-16-be"
        return data.endswith((b"\0\n", b"\0\r") if big_endian else (b"\n\0", b"\r\0"))
    return data.endswith((b"\n", b"\r"))


def _split_lines(text: str) -> list[str]:
    # Only LF ends a line: str.splitlines would also break at VT, FF, U+2028...
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
    elif _looks_like_utf16(data):
        reason += (
            "; it looks like UTF-16 without a byte-order mark (every other byte is zero),"
            " which browsers read as UTF-8 and reject: save it as UTF-8"
        )
    elif _SRT_START.match(_decoded(data[:400])):
        raise CaptionError(name, 1, _srt_in_a_vtt_file(name, signed=False))
    else:
        reason += f"; it is {shorten(first_line)!r}"
    raise CaptionError(name, 1, reason)


def _looks_like_utf16(data: bytes) -> bool:
    """Text of mostly ASCII characters in UTF-16: its first bytes zero at nearly every odd
    (LE) or every even (BE) position, and seldom at the others (a file of zeros is not
    text). A WebVTT or SRT file starts with ASCII."""
    sample = data[:200]
    half = len(sample) // 2
    if half < 2:
        return False
    even, odd = sample[0 : 2 * half : 2].count(0), sample[1 : 2 * half : 2].count(0)
    return max(even, odd) >= 0.9 * half and min(even, odd) <= 0.1 * half


# An SRT file's start: a cue number alone on its line, then timings with a comma
_SRT_START = re.compile(r"\s*[0-9]+[ \t]*\n[ \t]*[0-9]+:[0-9]+:[0-9]+,[0-9]+[ \t]*-->")
# A cue dropped for the comma before its milliseconds, as an SRT file writes them
_COMMA_TIMESTAMP = re.compile(r"cue dropped: malformed timestamp '[0-9:]*,[0-9]+'")


def _srt_in_a_vtt_file(name: str, *, signed: bool) -> str:
    stem = name[: -len(".vtt")] if name.endswith(".vtt") else name
    also = "" if signed else ", and it has no 'WEBVTT' first line"
    fix = (
        f"rename it {stem}.srt (the player converts SRT) or convert it to WebVTT"
        if "." not in stem  # a lesson's own captions; its other tracks must be WebVTT
        else "convert it to WebVTT (only a lesson's captions, <slug>.srt, may be SRT)"
    )
    return (
        "this is an SRT file, not WebVTT: its timestamps have a comma before the milliseconds"
        f" (00:00:01,000) where WebVTT has a full stop (00:00:01.000){also}; {fix}"
    )


def _check_not_srt(notes: list[tuple[int, str]], found: list, name: str) -> None:
    """One problem, not one warning per cue, for an SRT file given a 'WEBVTT' line: no cue
    kept, and most cues dropped for the comma in their timestamps (a file of garbage
    timings, one of them with a comma, is a WebVTT file with no cues, as browsers read it)."""
    if found:
        return
    dropped = [line for line, message in notes if message.startswith("cue dropped: ")]
    commas = [line for line, message in notes if _COMMA_TIMESTAMP.fullmatch(message)]
    if commas and 2 * len(commas) > len(dropped):
        raise CaptionError(name, commas[0], _srt_in_a_vtt_file(name, signed=True))


@dataclass(frozen=True)
class SrtConversion:
    """An SRT file as WebVTT (UTF-8), and what was left out of it."""

    webvtt: bytes
    warnings: tuple[Problem, ...]


def srt_as_webvtt(data: bytes, name: str, *, max_cues: int = MAX_CUES) -> SrtConversion:
    """An SRT file's cues written as a WebVTT file: read by webvtt-py's SRT reader (decoded
    as a track is), each cue's times written with a full stop, its text as it is (SRT's
    <b>, <i>, <u> are WebVTT's too), a "-->" in the text escaped. Raises CaptionError when
    the file is not SRT."""
    text = _decoded(data)
    if (arrows := text.count("-->")) > max_cues:  # as parse_track, before the work starts
        raise CaptionError(
            name, None, f"file has about {arrows} cues; the limit is {max_cues} per track"
        )
    lines = _split_lines(text)
    blank = 0  # empty lines before the first cue, which webvtt-py's reader does not expect
    while blank < len(lines) and not lines[blank].strip():
        blank += 1
    try:
        captions = webvtt_srt.parse(lines[blank:])
    except MalformedFileError as error:
        raise CaptionError(
            name,
            1,
            "not an SRT file: it must start with a cue number alone on its line, then the"
            " cue's times (00:00:01,000 --> 00:00:02,500), then its text",
        ) from error
    written = ["WEBVTT", ""]
    for caption in captions:
        written.append(f"{caption.start} --> {caption.end}")
        written.extend(line.replace("-->", "--&gt;") for line in caption.lines if line)
        written.append("")
    # A timing line webvtt-py could not read drops its cue: say where (a "-->" further down
    # a cue's text is text).
    timings = webvtt_srt.SRTCueBlock.CUE_TIMINGS_PATTERN
    notes = [
        (k + 1, f"cue dropped: timings {shorten(line)!r} not read (SRT: 00:00:01,000 --> ...)")
        for k, line in enumerate(lines)
        if "-->" in line
        and (k == 0 or not lines[k - 1].strip() or lines[k - 1].strip().isdigit())
        and not timings.match(line)
    ]
    return SrtConversion("\n".join(written).encode(), _warnings(notes, name))


def _warnings(notes: list[tuple[int, str]], name: str) -> tuple[Problem, ...]:
    problems = [Problem(name, line, message) for line, message in notes[:MAX_WARNINGS]]
    if len(notes) > MAX_WARNINGS:
        problems.append(Problem(name, None, f"{len(notes) - MAX_WARNINGS} more warnings"))
    return tuple(problems)


# -- webvtt-py -------------------------------------------------------------


def _read_by_webvtt(block: CueBlock, payload: str) -> tuple[str, int, int, str]:
    """The cue's id, times and payload as webvtt-py reads them: (id, start_ms, end_ms, raw).

    webvtt-py accepts signatures a browser rejects, keeps cues a browser drops (loose timestamps
    such as 00:0:01.000, vertical tab as whitespace) and keeps NUL, so it is given only a cue
    the pre-pass kept, with canonical timings. It reads the block with the cue block reader
    its `WebVTT.from_string` uses, one block at a time so that blocks can be read on several
    cores and only where a file changed (the `Caption` objects `from_string` builds around
    them were never used). Two things it did again are not asked of it: splitting the
    payload into lines (it keeps every line after the timings as it is, and a payload holds
    no "-->", so the joined lines come back as written) and reading back the timestamps we
    wrote (when it returns them as written, they are the times the pre-pass read).
    """
    timing = (
        block.timing or f"{format_timestamp(block.start_ms)} --> {format_timestamp(block.end_ms)}"
    )
    written = [block.id, timing] if block.id else [timing]
    if payload:
        written.append(payload)  # one string: webvtt-py keeps each line after the timings
    read = WebVTTCueBlock.from_lines(written)
    start_ms, end_ms = block.start_ms, block.end_ms
    if f"{read.start} --> {read.end}" != timing:  # never seen: read its timestamps, then
        # the timestamp's fields are exact integers (its seconds would drop the milliseconds)
        start_ms = _milliseconds(Timestamp.from_string(read.start).to_tuple())
        end_ms = _milliseconds(Timestamp.from_string(read.end).to_tuple())
    return read.identifier or "", start_ms, end_ms, "\n".join(read.payload)


def _milliseconds(fields: tuple[int, int, int, int]) -> int:
    hours, minutes, seconds, millis = fields
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
