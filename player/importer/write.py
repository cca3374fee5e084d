"""Puts an imported lesson's files in place all together, or not at all.

Each file is first written under a hidden temporary name beside its final one (same folder,
so the rename is atomic); only when every one is whole are they renamed, the captions last,
since a lesson appears when its captions do. On any error the temporary files (and any folder
made for them) are removed: a failed import leaves the folders as they were.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class StagedFiles:
    def __init__(self, folders: list[Path]) -> None:
        self._made: list[Path] = []
        for folder in folders:
            missing = []
            for parent in [folder, *folder.parents]:
                if parent.exists():
                    break
                missing.append(parent)
            folder.mkdir(parents=True, exist_ok=True)
            self._made += missing  # deepest first, the order to remove them in
        self._staged: list[tuple[Path, Path]] = []  # (temporary, final)
        self._stale: list[Path] = []

    def reserve(self, final: Path) -> Path:
        """A temporary path for `final`, for a tool to write (ffmpeg)."""
        temporary = final.with_name(f".{final.name}.importing-{os.getpid()}")
        self._staged.append((temporary, final))
        return temporary

    def write_text(self, final: Path, text: str) -> None:
        self.reserve(final).write_text(text, encoding="utf-8", newline="\n")

    def remove_at_commit(self, path: Path) -> None:
        """An old file of the lesson that the new one replaces without a file of its own."""
        self._stale.append(path)

    def commit(self, last: Path) -> list[Path]:
        """Rename every staged file into place, `last` after all the others; then remove the
        stale ones. Returns the final paths written."""
        ordered = sorted(self._staged, key=lambda staged: staged[1] == last)
        for temporary, final in ordered:
            os.replace(temporary, final)
        self._staged = []
        for path in self._stale:
            path.unlink(missing_ok=True)
        return [final for _, final in ordered]

    def discard(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged = []
        for folder in self._made:
            with contextlib.suppress(OSError):  # something else is in it now: not ours
                folder.rmdir()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is not None:
            self.discard()
