"""`lesson-player export`: every lesson as a static site that any web host, object store or
CDN can serve with no Python: the pages, the API's JSON, the tracks, the media, static/.

Pages and JSON come from the real app (its test client), so an exported page is the page
the server sends; `relink` then makes their URLs relative, for any path prefix, and
`staging` builds the site beside OUT_DIR, reusing unchanged files, and swaps it in whole.
"""

from __future__ import annotations

import html
import json
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import DEFAULTS, create_app
from .files import SAFE_NAME
from .relink import Relinker, file_for
from .reporting import located
from .staging import Site, Tally, staged

# Directives a <meta> policy cannot carry (CSP3 §4.2, "delivery via meta element").
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "sandbox"})
# What every complete export holds: how a folder is recognised as one before replacing it.
MARK_OF_AN_EXPORT = "api/lessons.json"


class ExportError(Exception):
    """The export cannot go ahead; OUT_DIR is left as it was."""


@dataclass
class Summary:
    """What one export did: the lessons exported and skipped, the files, any warnings."""

    exported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    warnings: list[str] = field(default_factory=list)


# --- the command --------------------------------------------------------------------


def run(out_dir, captions_dir=None, media_dir=None) -> int:
    """`lesson-player export`: 0 when every lesson was exported; 1 when the site was
    written but a broken lesson was left out of it; 2 when nothing was written."""
    try:
        summary = export_site(Path(out_dir), captions_dir, media_dir, progress=print)
    except (ExportError, OSError) as error:
        print(f"export failed: {error}", file=sys.stderr)
        print(f"{out_dir}: left as it was", file=sys.stderr)
        return 2
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    skipped = f"; {len(summary.skipped)} broken lesson(s) skipped" if summary.skipped else ""
    print(f"Exported {len(summary.exported)} lesson(s) to {out_dir}: {summary.tally}{skipped}.")
    return 1 if summary.skipped else 0


def export_site(out_dir: Path, captions_dir=None, media_dir=None, *, progress=None) -> Summary:
    """Write the site into `out_dir`, replacing a previous export there only once the new
    one is complete. Broken lessons are reported on stderr and left out."""
    progress = progress or (lambda line: None)
    app = create_app(captions_dir=captions_dir, media_dir=media_dir)
    library = app.extensions["lessons"]
    summary = Summary()
    good = []
    for lesson in library.all():
        if lesson.broken:
            _report_broken(lesson, library)
            summary.skipped.append(lesson.slug)
        else:
            good.append(lesson)
    if not good:
        raise ExportError(f"no lesson to export in {library.captions_dir}")
    # Pages are rendered as if the broken lessons were not there: no link to what is not
    # exported, and `/` is the default lesson among those that are.
    app.extensions["lessons"] = _Published(library, {lesson.slug for lesson in good})
    _refuse_to_replace(out_dir.absolute(), app)
    with staged(out_dir) as site:
        exporter = _Exporter(app, site, summary.warnings)
        for lesson in good:
            before = replace(site.tally)
            exporter.lesson(lesson.slug)
            summary.exported.append(lesson.slug)
            progress(f"  {lesson.slug}: {site.tally - before}")
        before = replace(site.tally)
        exporter.shared()
        progress(f"  pages, static files: {site.tally - before}")
        summary.tally = site.tally
    return summary


def _report_broken(lesson, library) -> None:
    # as `lesson-player check` prints them: path:line: message
    for problem in lesson.problems:
        print(located(problem, lesson, library), file=sys.stderr)
    print(f"skipped lesson {lesson.slug}: it is broken", file=sys.stderr)


class _Published:
    """The lesson library as the export shows it: broken lessons are absent."""

    def __init__(self, library, slugs: set[str]) -> None:
        self._library = library
        self._slugs = slugs

    def slugs(self) -> list[str]:
        return [slug for slug in self._library.slugs() if slug in self._slugs]

    def get(self, slug: str):
        return self._library.get(slug) if slug in self._slugs else None

    def all(self) -> list:
        return [lesson for slug in self.slugs() if (lesson := self.get(slug))]

    def __getattr__(self, name: str):
        return getattr(self._library, name)


def _refuse_to_replace(out_dir: Path, app) -> None:
    """OUT_DIR is replaced whole: it must be new, empty or a previous export, and outside
    the folders the export reads (or it would export itself)."""
    for folder in (app.static_folder, app.config["CAPTIONS_DIR"], app.config["MEDIA_DIR"]):
        if out_dir.resolve().is_relative_to(Path(folder).resolve()):
            raise ExportError(f"{out_dir} is inside {folder}, which the export reads")
    if out_dir.is_symlink():
        raise ExportError(f"{out_dir} is a symbolic link: give the folder it points to")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARK_OF_AN_EXPORT).is_file():
        raise ExportError(
            f"{out_dir} holds files but no {MARK_OF_AN_EXPORT}, so it is not an export; "
            "choose a new or empty folder"
        )


# --- what goes into the site ------------------------------------------------------------


class _Exporter:
    """Renders pages and JSON through the app and puts them, and every file they refer
    to, into the site."""

    def __init__(self, app, site: Site, warnings: list[str]) -> None:
        self.app = app
        self.client = app.test_client()
        self.site = site
        self.warnings = warnings
        self.made: set[str] = set()  # server paths already exported
        self.linked: set[str] = set()  # pages, JSON and static/ files, made apart

    def lesson(self, slug: str) -> None:
        self.referenced(self.page(f"/lessons/{slug}") | self.json(f"/api/lessons/{slug}"))

    def shared(self) -> None:
        seen = self.page("/") | self.page("/lessons") | self.json("/api/lessons")
        seen |= self.page("/404.html", status=404, document="404.html")
        self.static_files()
        self.referenced(seen)
        for path in sorted(self.linked - self.made):
            self.warnings.append(f"a page links to {path}, which is not exported")

    def page(self, path: str, *, status: int = 200, document: str | None = None) -> set[str]:
        document = document or file_for(path)
        response = self._get(path, status)
        relinker = Relinker(document)
        text = relinker.html(with_policy_meta(response.get_data(as_text=True), response.headers))
        self.site.write(document, text.encode())
        self.made.add(path)
        return relinker.seen

    def json(self, path: str) -> set[str]:
        document = file_for(path)
        relinker = Relinker(document)
        data = relinker.json(self._get(path, 200).get_json())
        self.site.write(
            document, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        )
        self.made.add(path)
        return relinker.seen

    def referenced(self, paths: set[str]) -> None:
        """Media and tracks are copied from their folders once the app agrees to serve
        them; other files the pages link to (a transcript download) are fetched."""
        folders = {
            "media": self.app.config["MEDIA_DIR"],
            "captions": self.app.config["CAPTIONS_DIR"],
        }
        for path in sorted(paths - self.made):
            top, _, name = path.lstrip("/").partition("/")
            if file_for(path).endswith("index.html") or top in ("api", "static"):
                self.linked.add(path)  # made by page(), json() and static_files()
                continue
            self.made.add(path)
            with self.client.head(path) as response:
                ok = response.status_code == 200
            if not ok:
                self.warnings.append(f"a page refers to {path}, which the server does not serve")
            elif top in folders and "/" not in name:
                self.site.copy(file_for(path), Path(folders[top]) / name)
            else:
                self.site.write(file_for(path), self._get(path, 200).get_data())

    def static_files(self) -> None:
        """static/ as the server serves it, but for lesson media folders kept inside it
        (static/media/ by default): their files are exported as media/, when used."""
        static = Path(self.app.static_folder).resolve()
        config = self.app.config
        lesson_folders = {
            Path(folder).resolve()
            for folder in (config["MEDIA_DIR"], config["CAPTIONS_DIR"], DEFAULTS["MEDIA_DIR"])
        }
        for folder, subfolders, names in os.walk(static):
            here = Path(folder)
            subfolders[:] = sorted(
                name
                for name in subfolders
                if _servable(name) and (here / name).resolve() not in lesson_folders
            )
            for name in sorted(names):
                path = here / name
                if _servable(name) and path.resolve().is_relative_to(static) and path.is_file():
                    relative = path.relative_to(static).as_posix()
                    self.site.copy(f"static/{relative}", path)
                    self.made.add(f"/static/{relative}")

    def _get(self, path: str, status: int):
        response = self.client.get(path)
        if response.status_code != status:
            raise ExportError(f"GET {path} answered {response.status_code}, not {status}")
        return response


def _servable(name: str) -> bool:
    # the rule /static and /media apply to every part of a path: no dotfiles, no tricks
    return bool(SAFE_NAME.match(name)) and ".." not in name


def with_policy_meta(page: str, headers) -> str:
    """The page with <meta> equivalents of the server's Content-Security-Policy and
    Referrer-Policy headers, which a static host may not send; put first in <head>, as a
    meta policy applies only to what comes after it."""
    tags = []
    if policy := headers.get("Content-Security-Policy"):
        kept = "; ".join(d.strip() for d in policy.split(";") if _directive(d) not in NOT_IN_META)
        tags.append(f'<meta http-equiv="Content-Security-Policy" content="{_quoted(kept)}">')
    if referrer := headers.get("Referrer-Policy"):
        tags.append(f'<meta name="referrer" content="{_quoted(referrer)}">')
    if not tags:
        return page
    charset = page.find(">", page.lower().find("<meta charset")) + 1
    if charset == 0:
        charset = page.find(">", page.lower().find("<head")) + 1
    return page[:charset] + "\n  " + "\n  ".join(tags) + page[charset:]


def _quoted(value: str) -> str:
    # an attribute value in double quotes; a policy's single quotes stay readable
    return html.escape(value, quote=False).replace('"', "&quot;")


def _directive(text: str) -> str:
    words = text.split()
    return words[0].lower() if words else "report-uri"  # an empty one is dropped too
