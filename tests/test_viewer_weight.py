"""What a viewer downloads to open a lesson: its stylesheets and scripts stay small."""

import gzip
import re
from pathlib import Path

from player.compress import shipped_bytes

STATIC = Path(__file__).resolve().parent.parent / "static"
BUDGET = 30_000  # bytes of JS and CSS, each file gzipped, on the first load of a lesson (issue 14)
IMPORT = re.compile(r'^import\s[^;]*?from\s+"\./([\w-]+\.js)";', re.MULTILINE)
LATER = re.compile(r'\bimport\("\./([\w-]+\.js)"\)')  # loaded on first use


def first_load_files(page: str) -> list[Path]:
    """Stylesheets and module scripts the page links, and every module they import."""
    found = [STATIC / p for p in re.findall(r'(?:href|src)="/static/([\w/.-]+\.(?:css|js))"', page)]
    for path in found:
        if path.suffix == ".js":
            found += [
                path.parent / name
                for name in IMPORT.findall(path.read_text())
                if path.parent / name not in found
            ]
    return found


def test_a_lesson_page_loads_under_30_kb_of_gzipped_js_and_css(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    files = first_load_files(page)
    assert {f.name for f in files} >= {
        "player.css",
        "main.js",
        "transcript.js",
        "sync.js",
        "words.js",
    }
    # As the server sends them: without comments (player/lean_code.py), gzipped.
    sizes = {f.name: len(gzip.compress(shipped_bytes(f.read_bytes(), f.suffix), 9)) for f in files}
    total = sum(sizes.values())
    print(f"first load: {len(files)} files, {total} bytes gzipped: {sizes}")
    assert total <= BUDGET, sizes


def test_tools_most_viewers_never_use_load_on_first_use(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    first = {f.name for f in first_load_files(page)}
    later = {name for f in (STATIC / "js").glob("*.js") for name in LATER.findall(f.read_text())}
    # Search loads when its field is first focused, "copy link" on its first click, and the
    # code that draws a long transcript, or reads descriptions, only on a page that has one;
    # the transcript's options when first opened (or at once, when some were chosen before).
    assert later == {
        "search.js",
        "share.js",
        "long-transcript.js",
        "descriptions.js",
        "descriptions-button.js",  # only where the lesson has a descriptions track
        "transcript-options.js",
        "diagram-zoom.js",  # the diagram's larger view, on its first opening
        "search-hit.js",  # the words a search result links to, lit (issue 18)
    }
    assert not later & first
    for name in later:
        assert (STATIC / "js" / name).is_file()
