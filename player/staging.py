"""A site folder built beside its destination, then swapped in whole, never deleting what
the previous export did not write.

A file whose bytes equal the previous export's (at the same path) is hard-linked from it,
so it keeps its inode and mtime and a sync to a CDN sees it unchanged. Once the new site
is complete, each entry the previous export does not own (a publisher's notes, a folder of
theirs: `manifest.Previous.unknown`) is moved into it by one rename, nothing copied, and
the new folder replaces the old in one more. Until then, and after any failure (the moved
entries moved back), the old one is intact. Then, of the old folder, only the files the
previous export owned are deleted.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from pathlib import Path

from .manifest import MANIFEST_NAME, Entry, Previous, manifest_json, sha256_of_file
from .publisher_files import open_regular

CHUNK = 1 << 20


class NotOurs(Exception):
    """The export would replace a file, or fill a folder, that the previous export did not
    write; it refuses rather than replace a publisher's file."""

    def __init__(self, previous: Previous, path: str) -> None:
        super().__init__(
            f"{previous.folder / path} is in the way of the export and is not its own "
            f"({previous.unknown[path]}); the export replaces only the files its manifest "
            f"lists: move it out of {previous.folder} (or delete it), then export again"
        )


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
    """The export being built in `root`, and the manifest of every file put into it. A file
    whose bytes equal a file the previous export owns (at the same path) is hard-linked from
    it rather than written."""

    def __init__(self, root: Path, previous: Previous | None) -> None:
        self.root = root
        self.previous = previous
        self.tally = Tally()
        self.files: dict[str, Entry] = {}
        self.left_behind: Path | None = None  # what the swap could not clear, if anything

    def write(self, path: str, data: bytes) -> None:
        if self._claim(path):
            digest = hashlib.sha256(data).hexdigest()
            self._put(path, len(data), digest, _writer(data))

    def copy(self, path: str, source: Path) -> None:
        """Copy the regular file `source`; NotARegularFile, before any byte is read, when it
        is not one (a FIFO is opened without blocking, and never read)."""
        if not self._claim(path):
            return
        with open_regular(source) as file:
            digest = _sha256_of(file)
            file.seek(0)
            self._put(path, os.fstat(file.fileno()).st_size, digest, _copier(file))

    def _claim(self, path: str) -> bool:
        if path in self.files:
            return False
        if self.previous and (where := self.previous.not_owned_at(path)):
            raise NotOurs(self.previous, where)
        return True

    def _put(self, path: str, size: int, digest: str, make) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        old = self._unchanged(path, size, digest)
        if old and _link(old, target):
            self.tally.reused += 1
            self.tally.reused_bytes += size
        else:
            make(target)
            self.tally.written += 1
            self.tally.written_bytes += size
        info = target.stat()
        self.files[path] = Entry(info.st_size, digest, info.st_mtime_ns)

    def _unchanged(self, path: str, size: int, digest: str) -> Path | None:
        """The previous export's file at `path` when it holds these bytes, else None."""
        if not self.previous or path not in self.previous.owned:
            return None
        old = self.previous.folder / path
        entry = self.previous.owned[path]
        if entry is not None:  # the manifest says, and the file is as it was written
            return old if (entry.size, entry.sha256) == (size, digest) else None
        try:  # an export with no manifest: its bytes say
            same = old.lstat().st_size == size and sha256_of_file(old) == digest
        except OSError:
            return None
        return old if same else None


def _sha256_of(file) -> str:
    digest = hashlib.sha256()
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _link(old: Path, new: Path) -> bool:
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:  # a file system without hard links: the file is written instead
        return False
    return True


# `_write_bytes` and `_copy_file` are looked up as each file is made: a test makes one fail.
def _writer(data: bytes):
    return lambda path: _write_bytes(path, data)


def _copier(file):
    return lambda path: _copy_file(file, path)


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _copy_file(file, path: Path) -> None:
    with path.open("wb") as out:
        shutil.copyfileobj(file, out, CHUNK)
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def staged(out_dir: Path, previous: Previous | None) -> Iterator[Site]:
    """A Site built in a new folder beside `out_dir`; when the block ends normally it
    replaces `out_dir`, keeping what `previous` does not own. When the block raises, it is
    deleted and `out_dir` is untouched."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    moved: list[tuple[Path, Path]] = []  # publisher's entries: (where it was, where it is)
    swapped = False
    try:
        building.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server
        site = Site(building, previous)
        yield site
        _write_manifest(building, previous, manifest_json(site.files))
        if previous:
            previous.keep_unwritten_guesses(site.files)
            _move_unknown(previous, building, moved)
        _swap_in(building, out_dir)
        swapped = True
    except BaseException as error:
        _move_back(moved)
        if moved:
            raise OSError(
                f"{building} holds files moved out of {out_dir} that could not be put back "
                f"({error}): move them back by hand"
            ) from error
        raise
    finally:
        # After the swap `building` holds the previous export, and nothing else; after a
        # failure, the new one, and nothing else once `moved` is empty.
        if swapped and previous:
            site.left_behind = _clear_previous(building, previous)
        elif not moved:
            shutil.rmtree(building, ignore_errors=True)


def _write_manifest(building: Path, previous: Previous | None, data: bytes) -> None:
    # Unchanged when no file changed: a sync to a CDN then uploads nothing at all.
    old = previous.folder / MANIFEST_NAME if previous else None
    try:
        same = old is not None and old.lstat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        same = False
    if not (same and _link(old, building / MANIFEST_NAME)):
        _write_bytes(building / MANIFEST_NAME, data)


def _move_unknown(previous: Previous, building: Path, moved: list) -> None:
    for path in sorted(previous.unknown):
        where, to = previous.folder / path, building / path
        if os.path.lexists(to):
            raise NotOurs(previous, path)
        to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(where, to)
        except FileNotFoundError:
            continue  # gone since it was found: nothing to keep
        moved.append((where, to))


def _move_back(moved: list) -> None:
    while moved:
        where, to = moved[-1]
        try:
            os.rename(to, where)
        except OSError:
            return  # `moved` still says what is left where
        moved.pop()


def _clear_previous(old: Path, previous: Previous) -> Path | None:
    """Deletes from `old` (the previous export, swapped out) the files it owned, then the
    folders left empty. Anything else (a file added while the export ran) stays: returns
    `old` if it is not gone."""
    for folder, _, names in os.walk(old, topdown=False):
        here = Path(folder)
        prefix = here.relative_to(old).as_posix() + "/" if here != old else ""
        for name in names:
            if prefix + name in previous.owned or prefix + name == MANIFEST_NAME:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(here / name)  # an unlink never follows a link
        with contextlib.suppress(OSError):
            here.rmdir()  # only when empty
    return old if os.path.lexists(old) else None


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
