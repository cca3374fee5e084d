"""What a previous export owns in its folder: the files its manifest lists, still as it wrote
them. Everything else there (a publisher's notes, a folder they keep beside the site, a
page they edited by hand) is not the export's, and no export replaces or deletes it.

The manifest is a JSON file at the top of the site, written by each export:

    {"format": "lesson-player-export", "version": 1,
     "files": {"index.html": {"size": 5120, "sha256": "…", "mtime_ns": 1700000000000000000}}}

An export made before there were manifests (one holding api/lessons.json and no manifest)
owns only the files named as an export names them (`looks_exported`) that the new export
writes again; the others are kept, as they may be a publisher's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .files import servable_name
from .publisher_files import UnreadableFile, read_publisher_file

MANIFEST_NAME = ".lesson-player-export.json"
FORMAT = "lesson-player-export"
VERSION = 1
# What every export holds, with or without a manifest: how an older export is recognised.
MARK_OF_AN_EXPORT = "api/lessons.json"
# A manifest lists every file of a site: far below this even for thousands of lessons.
MANIFEST_MAX_BYTES = 64_000_000
CHUNK = 1 << 20


class ManifestError(Exception):
    """The manifest in OUT_DIR cannot be read or trusted: the export does not go ahead."""


@dataclass(frozen=True)
class Entry:
    """One file as an export wrote it."""

    size: int
    sha256: str
    mtime_ns: int


@dataclass
class Previous:
    """The folder an export is about to replace, sorted into what the previous export owns
    and what it does not (by path relative to the folder, "/"-separated)."""

    folder: Path
    owned: dict[str, Entry | None] = field(default_factory=dict)  # None: no manifest said
    unknown: dict[str, str] = field(default_factory=dict)  # path -> why it is not owned
    has_manifest: bool = True

    def keep_unwritten_guesses(self, written) -> None:
        """With no manifest, a file is only guessed to be the export's by its name: one the
        new export does not write again (a removed lesson's page, or a publisher's video
        in media/) is kept, not deleted, and reported."""
        for path, entry in list(self.owned.items()):
            if entry is None and path not in written:
                del self.owned[path]
                self.unknown[path] = "an earlier export's file, or yours: not written again"

    def not_owned_at(self, path: str) -> str | None:
        """The unknown entry that is at `path` or holds it (a file where a folder must go),
        or None: the export may write `path`."""
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            if (where := "/".join(parts[:end])) in self.unknown:
                return where
        return None


def is_export(folder: Path) -> bool:
    return os.path.lexists(folder / MANIFEST_NAME) or (folder / MARK_OF_AN_EXPORT).is_file()


def manifest_json(files: dict[str, Entry]) -> bytes:
    listed = {
        path: {"size": e.size, "sha256": e.sha256, "mtime_ns": e.mtime_ns}
        for path, e in sorted(files.items())
    }
    document = {"format": FORMAT, "version": VERSION, "files": listed}
    return json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"


def read_manifest(folder: Path) -> dict[str, Entry] | None:
    """The files the manifest in `folder` lists, None when there is no manifest, or
    ManifestError when there is one this version cannot trust."""
    path = folder / MANIFEST_NAME
    if not os.path.lexists(path):
        return None
    try:
        document = json.loads(read_publisher_file(path, MANIFEST_MAX_BYTES))
    except UnreadableFile as error:
        raise ManifestError(f"{path}: {error.problem.message}") from error
    except ValueError as error:
        raise ManifestError(f"{path}: not JSON ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ManifestError(f"{path}: not a lesson-player export manifest")
    if document.get("version") != VERSION:
        raise ManifestError(
            f"{path}: manifest version {document.get('version')!r}; this lesson-player "
            f"reads version {VERSION} (a newer lesson-player made this export)"
        )
    files = document.get("files")
    if not isinstance(files, dict):
        raise ManifestError(f"{path}: no list of files")
    return {name: _entry(path, name, value) for name, value in files.items()}


def _entry(manifest: Path, name: str, value) -> Entry:
    try:
        entry = Entry(int(value["size"]), str(value["sha256"]), int(value["mtime_ns"]))
    except (TypeError, KeyError, ValueError) as error:
        raise ManifestError(f"{manifest}: a bad entry for {name!r}") from error
    if not _is_site_path(name):
        raise ManifestError(f"{manifest}: lists {name!r}, which is not a path inside the site")
    return entry


def _is_site_path(name: str) -> bool:
    # A tampered manifest must not reach outside the site: "a/b.html", never "../x" or "/x".
    parts = name.split("/")
    return all(servable_name(part) for part in parts) and name != (MANIFEST_NAME)


_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_EXPORTED = re.compile(
    rf"""(?x)
    index\.html | 404\.html | lessons/index\.html
    | lessons/{_SLUG}/(?:index\.html|transcript\.txt)
    | api/lessons\.json | api/lessons/{_SLUG}\.json
    | captions/{_NAME}\.vtt | media/{_NAME} | static/(?:{_NAME}/)*{_NAME}
    | search/index\.html | pagefind/(?:(?:index|fragment|filter)/)?{_NAME}
    """
)


def looks_exported(path: str) -> bool:
    """Whether `path` is named as an export names its files (for an export with no
    manifest, made by an earlier version)."""
    return bool(_EXPORTED.fullmatch(path)) and ".." not in path


def previous_export(folder: Path) -> Previous | None:
    """`folder` sorted into owned and unknown entries, or None when it does not exist.
    Nothing is followed: a symbolic link is never owned, nor anything reached through one."""
    if not folder.is_dir():
        return None
    listed = read_manifest(folder)
    previous = Previous(folder, has_manifest=listed is not None)
    if listed is None:
        holds = _could_hold_export_output
    else:
        folders = {
            "/".join(p.split("/")[:end]) for p in listed for end in range(1, p.count("/") + 1)
        }
        holds = folders.__contains__
    _sort(folder, "", listed, holds, previous)
    return previous


def _could_hold_export_output(path: str) -> bool:
    top, _, rest = path.partition("/")
    if top == "lessons":
        return rest == "" or re.fullmatch(_SLUG, rest) is not None
    if top in ("search", "pagefind"):  # the export's search (player/export_search.py)
        return rest in ("", "index", "fragment", "filter") and (top == "pagefind" or not rest)
    return top in ("api", "captions", "media", "static") and (
        top != "api" or rest in ("", "lessons")
    )


def _sort(folder: Path, prefix: str, listed, holds, previous: Previous) -> bool:
    """Sorts the entries of `folder` into `previous`; whether it holds any owned file."""
    owns_any = False
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            path = prefix + entry.name
            if path == MANIFEST_NAME:
                continue
            if entry.is_dir(follow_symlinks=False) and holds(path):
                before = len(previous.unknown)
                if _sort(Path(entry.path), path + "/", listed, holds, previous):
                    owns_any = True
                else:  # nothing of the export's inside: the folder is kept as one entry
                    for inner in list(previous.unknown)[before:]:
                        del previous.unknown[inner]
                    previous.unknown[path] = "a folder the export did not make"
            elif (why := _why_not_owned(entry, path, listed)) is None:
                previous.owned[path] = listed.get(path) if listed is not None else None
                owns_any = True
            else:
                previous.unknown[path] = why
    return owns_any


def _why_not_owned(entry: os.DirEntry, path: str, listed) -> str | None:
    if entry.is_symlink():
        return "a symbolic link, which the export never makes"
    if entry.is_dir(follow_symlinks=False):
        return "a folder the export did not make"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    if listed is None:
        return None if looks_exported(path) else "not a file an export writes"
    if path not in listed:
        return "not in the last export's manifest"
    if not _as_written(Path(entry.path), entry.stat(follow_symlinks=False), listed[path]):
        return "changed since the last export wrote it"
    return None


def _as_written(path: Path, info: os.stat_result, entry: Entry) -> bool:
    # Size and modification time, as make and rsync judge; the bytes only when the time
    # moved (a copy or a `touch` that kept the content).
    if info.st_size != entry.size:
        return False
    if info.st_mtime_ns == entry.mtime_ns:
        return True
    try:
        return sha256_of_file(path) == entry.sha256
    except OSError:
        return False


def sha256_of_file(path: Path) -> str:
    """The SHA-256 of a regular file, opened without following a link or blocking."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        digest = hashlib.sha256()
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
