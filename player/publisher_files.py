"""Reading a publisher's file, whatever it holds: only a regular file, only inside its own
folder, only up to a size limit, and TOML that cannot crash its reader.

Every lesson file (captions, chapters, callouts, translations, metadata, glossary) is read
through here, so one hostile file (a FIFO that never answers, a symlink loop, a link out of
the folder, a gigabyte, a table nested 600 deep) becomes a `Problem` on its own lesson and
never an exception that reaches a request, the warm-up, `check` or `export`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from pathlib import Path

from .problems import Problem


class UnreadableFile(Exception):
    """A lesson file that is not read at all: too big, not a regular file, or a link out of
    its folder. Carries the problem as the publisher should read it."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        super().__init__(path, reason)
        self.problem = Problem(Path(path).name, line, reason)


def stays_in_folder(path: Path) -> bool:
    """Whether `path`, links followed, is a file directly inside the folder it is named in.
    A symlink loop or an unreadable link is not."""
    return _where_it_leads(path) == "inside"


def _where_it_leads(path: Path) -> str:
    try:
        inside = path.resolve(strict=False).parent == path.parent.resolve()
    except RuntimeError:  # a symlink loop, before Python 3.13
        return "loop"
    except OSError as error:
        return "loop" if error.errno == errno.ELOOP else "unreadable"
    return "inside" if inside else "outside"


class NotARegularFile(OSError):
    """A file that is not a regular file (a FIFO, a device, a folder): never read."""


def open_regular(path: Path):
    """`path` open for reading if it is a regular file (links followed), else NotARegularFile
    before a byte is read. Opened without blocking, so a FIFO answers at once rather than
    hanging the thread that asked."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)  # checked before fdopen: fdopen refuses a folder's descriptor
        raise


def read_publisher_file(path: Path, limit: int) -> bytes:
    """The bytes of a publisher's file, read only up to just past `limit` (a caller that
    gets more than `limit` bytes knows the file grew past it while being read)."""
    path = Path(path)
    where = _where_it_leads(path)
    if where == "loop":
        raise UnreadableFile(path, "it is a symbolic link that leads back to itself")
    if where != "inside":
        raise UnreadableFile(path, "it links to a file outside its folder; copy the file in")
    try:
        with open_regular(path) as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise UnreadableFile(path, f"file is {size} bytes; the limit is {limit}")
            return file.read(limit + 1)
    except NotARegularFile as error:
        raise UnreadableFile(
            path, "not a regular file (a FIFO, device or folder); lessons are read from plain files"
        ) from error
    except OSError as error:
        raise UnreadableFile(path, f"cannot read the file: {error.strerror}") from error


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# Deeper than any real metadata or glossary, far below what exhausts Python's stack.
TOML_MAX_DEPTH = 32


def parse_toml(path: Path, limit: int) -> dict:
    """A publisher's TOML file as a dict, or UnreadableFile saying why (with its line where
    the TOML reader knows it)."""
    data = read_publisher_file(path, limit)
    if len(data) > limit:
        raise UnreadableFile(path, f"file is over {limit} bytes; the limit is {limit}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(path, f"not UTF-8 text ({error.reason})") from error
    depth = _bracket_depth(text)
    if depth > TOML_MAX_DEPTH:
        raise UnreadableFile(
            path, f"arrays or tables nested {depth} deep; the limit is {TOML_MAX_DEPTH}"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        raise UnreadableFile(path, f"not valid TOML: {error}", line) from error
    except RecursionError as error:  # a nesting the depth count above did not see
        raise UnreadableFile(path, "arrays or tables nested too deeply") from error
    except ValueError as error:  # an integer of over 4,300 digits (Python's int limit)
        raise UnreadableFile(path, f"not valid TOML: {error}") from error


def _bracket_depth(text: str) -> int:
    """An upper bound on how deep a TOML document's arrays and inline tables nest: brackets
    counted outside strings and comments. Linear, and never recursive."""
    depth = deepest = 0
    i, n = 0, len(text)
    while (found := _SPECIAL.search(text, i)) is not None:
        i = found.start()
        c = text[i]
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        else:
            quote = c * 3 if text.startswith(c * 3, i) else c
            i = _string_end(text, i + len(quote), quote)
            continue
        i += 1
    return deepest


_SPECIAL = re.compile(r"[\[\]{}#\"']")


def _string_end(text: str, i: int, quote: str) -> int:
    """Where the string whose body starts at `i` ends. A basic string ("...") ends at an
    unescaped quote, a literal one ('...') at any; a one-line string also at the line's end
    (the TOML reader will say what is wrong with it)."""
    stops = _STRING_STOPS[quote]
    while (found := stops.search(text, i)) is not None:
        i = found.start()
        if text[i] == "\\":
            i += 2
        elif text[i] == "\n":
            return i + 1
        elif text.startswith(quote, i):
            return i + len(quote)
        else:
            i += 1
    return len(text)


_STRING_STOPS = {
    '"': re.compile(r'["\\\n]'),
    "'": re.compile(r"['\n]"),
    '"""': re.compile(r'["\\]'),
    "'''": re.compile(r"'"),
}
