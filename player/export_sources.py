"""Which of a publisher's files the export may copy: regular files, inside their folder.
Anything else found there (a symbolic link loop, a dangling link, a link out of the folder,
a FIFO, a socket, a device) is skipped with the reason, judged from its metadata alone: a
FIFO is never opened, a loop never makes a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .files import MEDIA_TYPES, servable_name


def why_not_copied_from(folder: Path, name: str) -> str | None:
    """As why_not_copied, for a file /media or /captions would serve: one directly in
    `folder`, so a link even to one of its subfolders is skipped."""
    path = folder / name
    why = why_not_copied(path, folder)
    if why is None and path.resolve().parent != folder:
        return "it links out of its folder"
    return why


def why_not_copied(path: Path, folder: Path) -> str | None:
    """None when `path` is a regular file (links followed) inside `folder` (resolved), or
    why it is skipped."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(folder):
                return "it links out of its folder"
            info = target.stat()
    except RuntimeError:  # a symlink loop, before Python 3.13
        return "it is a symbolic link loop"
    except FileNotFoundError:
        return "it is a dangling symbolic link"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "it is a symbolic link loop"
        return f"it cannot be read ({error.strerror})"
    return _kind_problem(info.st_mode)


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a FIFO (a named pipe), not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    return "it is a device or another special file, not a regular file"


def static_files(static: Path, left_out: set[Path]) -> tuple[list[str], list[str]]:
    """The files under `static` (resolved) that the export copies, as "/"-separated paths
    relative to it, and a warning for each one skipped. Folders in `left_out` (resolved:
    the lesson folders kept in static/) are not walked; links are followed only to files
    inside `static`, never into folders (as os.walk does)."""
    files, warnings = [], []
    for folder, subfolders, names in os.walk(static):
        here = Path(folder)
        walked = []
        for name in sorted(subfolders):
            path = here / name
            if not servable_name(name) or path in left_out:
                continue
            if path.is_symlink():
                relative = path.relative_to(static).as_posix()
                warnings.append(f"static/{relative}: skipped: it is a link to a folder")
            else:
                walked.append(name)
        subfolders[:] = walked
        for name in sorted(names):
            path = here / name
            if not servable_name(name):
                continue  # never served: a dotfile, an editor's backup
            relative = path.relative_to(static).as_posix()
            if why := why_not_copied(path, static):
                warnings.append(f"static/{relative}: skipped: {why}")
            else:
                files.append(relative)
    return files, warnings


def odd_media(folder: Path) -> list[str]:
    """A warning for each name in the media folder that /media would serve (a video, a
    poster) but the export will not copy: a link out, a loop, a FIFO. The lesson library
    passes over such a file in silence; the caption files it reports itself."""
    warnings = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return warnings  # a missing folder is the lesson library's to report
    for entry in entries:
        if not servable_name(entry.name) or Path(entry.name).suffix.lower() not in MEDIA_TYPES:
            continue
        why = why_not_copied_from(folder, entry.name)
        if why and not entry.is_dir(follow_symlinks=False):
            warnings.append(f"media/{entry.name}: skipped: {why}")
    return warnings
