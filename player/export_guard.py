"""What must hold before an export touches OUT_DIR, and what it says afterwards about what
it found there. OUT_DIR must be new, empty or a previous export, and neither inside a folder
the export reads (it would export itself) nor around one (a publisher's sources kept in the
site: the export would replace the folder that holds them).
"""

from __future__ import annotations

import glob
from pathlib import Path

from .manifest import MARK_OF_AN_EXPORT, Previous, is_export


class ExportError(Exception):
    """The export cannot go ahead; OUT_DIR is left as it was."""


def refuse_to_replace(out_dir: Path, app) -> None:
    """OUT_DIR must be new, empty or a previous export, and neither inside a folder the
    export reads (it would export itself) nor around one (a publisher's sources kept in
    the site: nothing there is ever the export's to replace)."""
    out = _resolved(out_dir)
    for what, folder in (
        ("the static folder", app.static_folder),
        ("the captions folder", app.config["CAPTIONS_DIR"]),
        ("the media folder", app.config["MEDIA_DIR"]),
    ):
        source = _resolved(Path(folder))
        if out.is_relative_to(source):
            raise ExportError(f"{out_dir} is inside {folder}, {what}, which the export reads")
        if source.is_relative_to(out):
            raise ExportError(
                f"{folder}, {what}, is inside {out_dir}: export to a folder that holds "
                "no lesson files, and keep your sources outside it"
            )
    if out_dir.is_symlink():
        raise ExportError(f"{out_dir} is a symbolic link: give the folder it points to")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not is_export(out_dir):
        raise ExportError(
            f"{out_dir} holds files but no {MARK_OF_AN_EXPORT}, so it is not an export; "
            "choose a new or empty folder"
        )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop, before 3.13
        raise ExportError(f"{path}: cannot tell where it leads ({error})") from error


def interrupted_runs(out_dir: Path) -> list[str]:
    # A run killed outright can leave its folder behind, holding a publisher's files if it
    # was killed in the instant they were being moved: never delete it unseen.
    name = glob.escape(out_dir.name)
    left = sorted(out_dir.parent.glob(f".{name}.new-*")) + sorted(
        out_dir.parent.glob(f".{name}.old-*")
    )
    return [
        f"{path}: left by an export that was interrupted; look through it, then delete it"
        for path in left
    ]


def what_was_kept(out_dir: Path, previous: Previous | None, left_behind: Path | None) -> list[str]:
    """Warnings about what a finished export found in OUT_DIR and did not delete."""
    warnings = []
    if previous and not previous.has_manifest and previous.owned:
        warnings.append(
            f"{out_dir} had no manifest (an export by an earlier lesson-player): replaced "
            f"the {len(previous.owned)} files this export wrote again and kept the rest; "
            "delete those of them that are not yours (a removed lesson's pages)"
        )
    if left_behind:
        warnings.append(
            f"{left_behind}: files appeared in {out_dir} while the export ran; they are kept "
            "there: look through them"
        )
    return warnings
