"""`lesson-player export`: every lesson as a static site that any web host, object store or
CDN can serve with no Python: the pages, the API's JSON, the tracks, the media, static/.

Pages and JSON come from the real app (its test client), so an exported page is the page
the server sends, asked for with URLs relative to the file it is written into (`urls`), so
the site works under any path prefix; what else goes into the site is known from the
lessons' files. `staging` builds the site beside OUT_DIR, reusing unchanged files, and
swaps it in whole.
The export never deletes what it did not write: it replaces only the files the previous
export's manifest lists (`manifest`), keeps anything else found in OUT_DIR, and refuses
to run when OUT_DIR and a folder it reads are one inside the other.
"""

from __future__ import annotations

import html
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from flask import render_template

from . import DEFAULTS, create_app
from .compress import LEAN_SUFFIXES, shipped_bytes
from .export_guard import ExportError, interrupted_runs, refuse_to_replace, what_was_kept
from .export_search import (
    pagefind_binary,
    pagefind_bundle,
    search_document,
    work_folder,
)
from .export_sources import odd_media, static_files, why_not_copied_from
from .manifest import ManifestError, previous_export
from .model import Lesson
from .publisher_files import NotARegularFile, open_regular
from .reporting import located
from .security import HEADERS
from .staging import NotOurs, Site, Tally, staged
from .urls import EXPORTED_AS, server_path, site_file, site_path
from .urls import relative as relative_url

# The route of the server's search page: in the export, the site's search/ folder holds the
# page that queries Pagefind's index instead (player/urls.py maps it there).
SEARCH_ENDPOINT = "search.page"

# Directives a <meta> policy cannot carry (CSP3 §4.2, "delivery via meta element").
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "sandbox"})


@dataclass
class Summary:
    """What one export did: the lessons exported and skipped, the files, any warnings."""

    exported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    warnings: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # what was in OUT_DIR, not the export's


# --- the command --------------------------------------------------------------------


def run(out_dir, captions_dir=None, media_dir=None) -> int:
    """`lesson-player export`: 0 when every lesson was exported; 1 when the site was
    written but a broken lesson was left out of it; 2 when nothing was written."""
    try:
        summary = export_site(Path(out_dir), captions_dir, media_dir, progress=print)
    except (ExportError, ManifestError, NotOurs, OSError) as error:
        print(f"export failed: {error}", file=sys.stderr)
        print(f"{out_dir}: left as it was", file=sys.stderr)
        return 2
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    skipped = f"; {len(summary.skipped)} broken lesson(s) skipped" if summary.skipped else ""
    print(f"Exported {len(summary.exported)} lesson(s) to {out_dir}: {summary.tally}{skipped}.")
    return 1 if summary.skipped else 0


def export_site(
    out_dir: Path, captions_dir=None, media_dir=None, *, progress=None, app=None
) -> Summary:
    """Write the site into `out_dir`, replacing a previous export there only once the new
    one is complete. Broken lessons are reported on stderr and left out. `app`: the app
    whose pages are exported, by default `create_app(captions_dir, media_dir)`."""
    progress = progress or (lambda line: None)
    app = app or create_app(captions_dir=captions_dir, media_dir=media_dir)
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
    out_dir = out_dir.absolute()
    refuse_to_replace(out_dir, app)
    pagefind_binary()  # missing, it fails the export before anything is built
    previous = previous_export(out_dir)
    summary.warnings += interrupted_runs(out_dir) + odd_media(Path(app.config["MEDIA_DIR"]))
    with staged(out_dir, previous) as site:
        exporter = _Exporter(app, site, summary.warnings)
        for lesson in good:
            before = replace(site.tally)
            exporter.lesson(lesson)
            summary.exported.append(lesson.slug)
            progress(f"  {lesson.slug}: {site.tally - before}")
        before = replace(site.tally)
        exporter.shared()
        progress(f"  pages, static files: {site.tally - before}")
        before = replace(site.tally)
        exporter.search(good)
        progress(f"  search page and index: {site.tally - before}")
        summary.tally = site.tally
    summary.kept = sorted(previous.unknown) if previous else []
    if summary.kept:
        progress(f"  kept, not written by the export: {', '.join(summary.kept)}")
    summary.warnings += what_was_kept(out_dir, previous, site.left_behind)
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


# --- what goes into the site ------------------------------------------------------------


class _Exporter:
    """Renders pages and JSON through the app, asking for URLs relative to the file each
    is written into, and puts them and every lesson file they refer to into the site."""

    def __init__(self, app, site: Site, warnings: list[str]) -> None:
        self.app = app
        self.client = app.test_client()
        self.site = site
        self.warnings = warnings
        self.made: set[str] = set()  # site files already written (a poster two lessons share)

    def lesson(self, lesson: Lesson) -> None:
        """Its page and JSON, and the files they refer to: the video, the poster and the
        tracks (as the page and JSON name them, from the lesson's file names), and the
        transcript downloads."""
        slug = lesson.slug
        self.document("pages.lesson", slug=slug)
        self.document("api.lesson", slug=slug)
        poster = [lesson.poster] if lesson.poster else []
        for name in [*(source.name for source in lesson.sources), *poster]:
            self.medium(name)
        translations = [lesson.translation_track(lang) for lang in lesson.translations]
        for name in [*lesson.tracks.values(), *translations]:
            self.answer("files.captions", name=name)
        for lang in [None, *lesson.translations]:
            self.answer("downloads.transcript", slug=slug, lang=lang)

    def shared(self) -> None:
        self.document("pages.index")
        self.document("pages.catalogue")
        self.document("api.lessons")
        self.written("404.html", self._get("/404.html", 404, exported_as="404.html"))
        self.static_files()

    def search(self, lessons: list[Lesson]) -> None:
        """The search page (`search/`, where the pages' search form sends its query) and
        Pagefind's index of the lessons under pagefind/ (player/export_search.py)."""
        where = site_file(site_path(SEARCH_ENDPOINT))
        language = Counter(lesson.language for lesson in lessons).most_common(1)[0][0]
        with self.app.test_request_context(environ_overrides={EXPORTED_AS: where}):
            bundle = relative_url("pagefind/pagefind.js", where)
            page = render_template("static_search.html", lang=language, pagefind=bundle)
        self.site.write(where, with_policy_meta(page, HEADERS).encode())
        with self.app.app_context():
            documents = [
                (site_file(site_path("pages.lesson", slug=lesson.slug)), search_document(lesson))
                for lesson in lessons
            ]
        with work_folder() as work:
            for path, file in pagefind_bundle(documents, Path(work)):
                self.site.copy(f"pagefind/{path}", file)

    def document(self, endpoint: str, **values) -> None:
        """A page or an API document, with its URLs relative to where it is written."""
        path, where = self._locate(endpoint, values)
        self.written(where, self._get(path, 200, exported_as=where))

    def written(self, where: str, response) -> None:
        data = response.get_data()
        if response.mimetype == "text/html":
            data = with_policy_meta(data.decode(), response.headers).encode()
        self.site.write(where, data)

    def medium(self, name: str) -> None:
        """A video or a poster, copied from the media folder once the app agrees to serve it."""
        path, where = self._locate("files.media", {"name": name})
        if where in self.made:
            return
        self.made.add(where)
        with self.client.head(path) as response:
            ok = response.status_code == 200
        if ok:
            self.source_file(where, Path(self.app.config["MEDIA_DIR"]), name)
        else:
            self.warnings.append(f"a page refers to {path}, which the server does not serve")

    def answer(self, endpoint: str, **values) -> None:
        """A file as the app answers it: a track is the one the lesson was loaded from, as a
        browser gets it (cues nested too deep unwrapped), never a file caught half-written;
        a transcript download is made from the lesson."""
        path, where = self._locate(endpoint, values)
        response = self.client.get(path)
        if response.status_code == 200:
            self.site.write(where, response.get_data())
        else:
            self.warnings.append(f"a page refers to {path}, which the server does not serve")

    def _locate(self, endpoint: str, values: dict) -> tuple[str, str]:
        """The route's path on the server, and the file that holds its answer in the site."""
        with self.app.app_context():
            return server_path(endpoint, **values), site_file(site_path(endpoint, **values))

    def source_file(self, path: str, folder: Path, name: str) -> None:
        """A medium, copied only while it is still a regular file in its folder (it may have
        changed since the app answered for it)."""
        why = why_not_copied_from(folder, name)
        try:
            if why is None:
                self.site.copy(path, folder / name)
        except NotARegularFile:
            why = "it is not a regular file"
        if why:
            self.warnings.append(f"{path}: skipped: {why}")

    def static_files(self) -> None:
        """static/ as the server serves it, but for lesson media folders kept inside it
        (static/media/ by default): their files are exported as media/, when used. An odd
        file there (a link loop, a FIFO) is skipped with a warning."""
        static = Path(self.app.static_folder).resolve()
        config = self.app.config
        lesson_folders = {
            Path(folder).resolve()
            for folder in (config["MEDIA_DIR"], config["CAPTIONS_DIR"], DEFAULTS["MEDIA_DIR"])
        }
        files, warnings = static_files(static, lesson_folders)
        self.warnings += warnings
        for relative in files:
            try:
                suffix = PurePosixPath(relative).suffix.lower()
                if suffix in LEAN_SUFFIXES:  # as the server sends them: without comments
                    with open_regular(static / relative) as file:
                        data = shipped_bytes(file.read(), suffix)
                    self.site.write(f"static/{relative}", data)
                else:
                    self.site.copy(f"static/{relative}", static / relative)
            except NotARegularFile:
                self.warnings.append(f"static/{relative}: skipped: it is not a regular file")

    def _get(self, path: str, status: int, *, exported_as: str):
        response = self.client.get(path, environ_overrides={EXPORTED_AS: exported_as})
        if response.status_code != status:
            raise ExportError(f"GET {path} answered {response.status_code}, not {status}")
        return response


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
