"""The static export's search: a Pagefind index of every lesson's transcript, and the page
that queries it in the browser, with no server.

Pagefind (pagefind[bin] from PyPI, its binary inside the pagefind_bin wheel: nothing is
downloaded when the export runs) indexes HTML and answers each page's hits split into
sub-results, one per heading that has an `id`. The export feeds it one search document per
lesson rather than the lesson page itself: the page holds controls, a glossary and, for a
long transcript, no lines at all (they are drawn from JSON), and its ids are the
transcript's own. In a search document every transcript line is a heading whose id is its
media fragment, `t=12.5`, so a sub-result's URL is `lessons/<slug>/#t=12.5`, which the lesson
page already plays from (static/js/fragment.js). The documents are indexed, never
published; the index goes into the site's pagefind/ folder.

Pagefind compiles WebAssembly, which a Content-Security-Policy allows only with
'wasm-unsafe-eval'. It does so in its web worker (pagefind/pagefind-worker.js), and a
worker runs under the policy of its own response, not the page's: so every page, the search
page too, keeps the strict policy, and only a host that sends the policy as a header must
send WORKER_POLICY with the worker script (docs/deploy.md). No lesson page loads anything
of Pagefind.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .export_guard import ExportError
from .model import Lesson
from .security import CONTENT_SECURITY_POLICY

PAGEFIND_REQUIREMENT = "pagefind[bin]==1.5.2"
PAGEFIND_TIMEOUT = 600  # seconds: a library of 1,000 lessons is indexed in well under one

# Of what Pagefind writes, the files its search API loads (pagefind.js, its worker, the
# WebAssembly, the entry, meta, index and fragment files); its ready-made UIs are left out.
_SHIPPED_PREFIXES = ("pagefind.", "pagefind-entry.json", "pagefind-worker.js", "wasm.")
_SHIPPED_FOLDERS = ("index", "fragment", "filter")


def _with_wasm(policy: str) -> str:
    """`policy` with 'wasm-unsafe-eval' added to script-src: it lets the page compile
    WebAssembly and nothing else (no eval, no inline script)."""
    directives = [d.strip() for d in policy.split(";")]
    found = [i for i, d in enumerate(directives) if d.split()[0] == "script-src"]
    if not found:
        raise ValueError("the policy has no script-src to add 'wasm-unsafe-eval' to")
    directives[found[0]] += " 'wasm-unsafe-eval'"
    return "; ".join(directives)


WORKER_POLICY = _with_wasm(CONTENT_SECURITY_POLICY)


def pagefind_binary() -> Path:
    """Pagefind's executable, as its Python package finds it (PAGEFIND_BINARY_PATH, the
    pagefind_bin wheel, or PATH); ExportError saying how to install it when there is none."""
    how = f"install it with: pip install '{PAGEFIND_REQUIREMENT}'"
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise ExportError(f"the export's search index needs Pagefind; {how}") from None
    try:
        binary = get_executable()
    except FileNotFoundError as error:
        raise ExportError(f"Pagefind's binary is missing ({error}); {how}") from None
    if binary is None or not binary.is_file():
        raise ExportError(f"Pagefind's binary is missing ({binary or 'not found'}); {how}")
    return binary


def moment_id(ms: int) -> str:
    """The media fragment of a time, as an id and a URL fragment: `t=12.5`, `t=83`."""
    whole, part = divmod(ms, 1000)
    return f"t={whole}" + (f".{part:03d}".rstrip("0") if part else "")


def search_document(lesson: Lesson) -> str:
    """The lesson as Pagefind indexes it: its title (h1) and summary, then each chapter's
    title (h2) and each transcript line (h3), in time order, each headed with its moment's
    id. Text is escaped: a publisher's words are data."""
    esc = html.escape
    parts = [
        f'<!doctype html><html lang="{esc(lesson.language)}"><head><meta charset="utf-8">',
        f"<title>{esc(lesson.title)}</title></head><body><h1>{esc(lesson.title)}</h1>",
    ]
    if lesson.summary:
        parts.append(f"<p>{esc(lesson.summary)}</p>")
    chapters = iter(lesson.chapters)
    chapter = next(chapters, None)
    for cue in lesson.cues:
        while chapter is not None and chapter.start_ms <= cue.start_ms:
            parts.append(f'<h2 id="{moment_id(chapter.start_ms)}">{esc(chapter.title)}</h2>')
            chapter = next(chapters, None)
        parts.append(f'<h3 id="{moment_id(cue.start_ms)}">{esc(cue.text)}</h3>')
    parts.append("</body></html>")
    return "\n".join(parts)


def pagefind_bundle(documents: Iterable[tuple[str, str]], work: Path) -> Iterator[tuple[str, Path]]:
    """Index `documents` ((site file, HTML): "lessons/sample/index.html" gives the URL
    "/lessons/sample/") with Pagefind, in `work`; yields each file of the bundle the browser
    needs, as (path inside pagefind/, file)."""
    binary = pagefind_binary()
    source, bundle = work / "documents", work / "pagefind"
    for where, text in documents:
        path = source / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    command = [str(binary), "--site", str(source), "--output-path", str(bundle), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ExportError(f"Pagefind could not index the lessons: {error}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise ExportError(
            f"Pagefind could not index the lessons (exit status {done.returncode}): "
            + " / ".join(said)
        )
    for path in sorted(bundle.rglob("*")):
        relative = path.relative_to(bundle)
        if path.is_file() and _shipped(relative):
            yield relative.as_posix(), path


def _shipped(relative: Path) -> bool:
    if len(relative.parts) > 1:
        return relative.parts[0] in _SHIPPED_FOLDERS
    return relative.name.startswith(_SHIPPED_PREFIXES)


def work_folder() -> tempfile.TemporaryDirectory:
    """Where the documents and Pagefind's bundle are made, removed afterwards."""
    return tempfile.TemporaryDirectory(prefix="lesson-player-search-")
