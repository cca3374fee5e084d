"""A site folder built beside its destination, then swapped in whole.

A file whose bytes equal the previous version's (at the same path) is hard-linked from it,
so it keeps its inode and mtime and a sync to a CDN sees it unchanged. The new folder
replaces the old in one rename; until then, and after any failure, the old one is intact.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass
class Tally:
    """Files put into the site: written anew, or reused (hard-linked) from the previous one."""

    written: int = 0
    written_bytes: int = 0
    reused: int = 0
    reused_bytes: int = 0

    def __sub__(self, other: Tally) -> Tally:
        return Tally(*(a - b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def __str__(self) -> str:
        return (
            f"{self.written + self.reused} files, {self.written} written "
            f"({_size(self.written_bytes)}), {self.reused} reused ({_size(self.reused_bytes)})"
        )


class Site:
    """The export being built in `root`. A file whose bytes equal the previous export's
    (at the same path) is hard-linked from it rather than written."""

    def __init__(self, root: Path, previous: Path | None) -> None:
        self.root = root
        self.previous = previous
        self.tally = Tally()
        self._paths: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        self._put(path, len(data), lambda old: old.read_bytes() == data, _writer(data))

    def copy(self, path: str, source: Path) -> None:
        size = source.stat().st_size
        self._put(path, size, lambda old: _same_bytes(old, source), _copier(source))

    def _put(self, path: str, size: int, same, make) -> None:
        if path in self._paths:
            return
        self._paths.add(path)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self.previous / path if self.previous else None
        if old and _is_plain_file(old, size) and same(old) and _link(old, target):
            self.tally.reused += 1
            self.tally.reused_bytes += size
        else:
            make(target)
            self.tally.written += 1
            self.tally.written_bytes += size


def _is_plain_file(path: Path, size: int) -> bool:
    try:
        return not path.is_symlink() and path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _same_bytes(a: Path, b: Path) -> bool:
    with a.open("rb") as one, b.open("rb") as other:
        while True:
            chunk = one.read(CHUNK)
            if chunk != other.read(CHUNK):
                return False
            if not chunk:
                return True


def _link(old: Path, new: Path) -> bool:
    try:
        os.link(old, new)
    except OSError:  # a file system without hard links: the file is written instead
        return False
    return True


# `_write_bytes` and `_copy_file` are looked up as each file is made: a test makes one fail.
def _writer(data: bytes):
    return lambda path: _write_bytes(path, data)


def _copier(source: Path):
    return lambda path: _copy_file(source, path)


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _copy_file(source: Path, path: Path) -> None:
    shutil.copyfile(source, path)
    with path.open("rb") as file:
        os.fsync(file.fileno())


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Site]:
    """A Site built in a new folder beside `out_dir`; it replaces `out_dir` when the block
    ends normally, and is deleted, `out_dir` untouched, when the block raises."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        building.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server
        yield Site(building, out_dir if out_dir.is_dir() else None)
        _swap_in(building, out_dir)
    finally:
        # After the swap `building` holds the previous export; after a failure, the new one.
        shutil.rmtree(building, ignore_errors=True)


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put `new` at `out_dir`; the previous export, if any, ends up at `new`."""
    if not out_dir.exists():
        os.rename(new, out_dir)
    elif not _exchange(new, out_dir):
        # Without an atomic exchange there is a moment with no site at out_dir, but never
        # a half-written one; if moving the new one in fails, the previous goes back.
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rename(out_dir, old / "site")
        try:
            os.rename(new, out_dir)
        except OSError:
            os.rename(old / "site", out_dir)
            raise
        os.rename(old / "site", new)
        old.rmdir()
    _fsync_folder(out_dir.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so `b` always holds
    a whole site; False where the system or the file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not supported here
        return False
    raise OSError(error, os.strerror(error), str(b))


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _size(count: float) -> str:
    if count < 1000:
        return f"{count:.0f} B"
    for unit in ("kB", "MB", "GB"):
        count /= 1000
        if count < 1000 or unit == "GB":
            return f"{count:.1f} {unit}"
