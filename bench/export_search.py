"""The static export's search (issue 18): a generated library exported with its Pagefind
index, served by a plain static host on loopback, searched in Chromium.

    python bench/export_search.py                 # 200 lessons of 500 cues
    python bench/export_search.py --lessons 1000  # the issue's library (several minutes)

Figures: the export's time (and Pagefind's share of it), the index's size, and for each
query the time from typing it (the input event) to the first result on screen, and the bytes
the browser fetched from pagefind/ for it: the first query on a fresh browser (Pagefind's
code, its WebAssembly and the index's entry load then), then further queries on that page.
Prints a table; never fails on a figure. Target: first result <= 300 ms after typing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browser import chromium, new_page  # noqa: E402
from bench.lessons import make_still_clip, timestamp  # noqa: E402
from bench.report import table  # noqa: E402
from bench.stats import median, ms, size  # noqa: E402
from player.export import export_site  # noqa: E402

TARGET_MS = 300
# Words a patient might type: common ones many lessons say, rare ones few do, and none.
VOCABULARY = str.split(
    "spine back pain nerve disc bone muscle doctor leg neck shoulder hip sleep walk sit stand "
    "exercise posture lift rest heat ice swelling numbness tingling weakness stiffness "
    "vertebra lumbar cervical thoracic sacrum cord root inflammation fracture surgery scan "
    "x-ray injection physiotherapy stretch core balance fall osteoporosis arthritis "
    "sciatica stenosis herniated slipped degenerative scoliosis kyphosis tumour metastatic"
)
FILLER = str.split("the a and of to is in it you your may can when if this that with for on at")
QUERIES = ["sciatica", "doctor", "metastatic", "numbness in the leg", "zebra"]


def generated_library(
    captions: Path, media: Path, lessons: int, cues: int, every_word: bool = False
) -> None:
    """`lessons` lessons of `cues` cues of about ten words, each lesson leaning on four topic
    words, saying other words of the vocabulary in one cue in ten (so a query finds lessons
    that say it often and some that say it once). `every_word`: two of any word in every
    cue, so every lesson says every word many times (the worst case for a query)."""
    rng = random.Random(18)
    captions.mkdir(parents=True)
    clip = make_still_clip(media / "clip.mp4", 2)
    for n in range(lessons):
        slug = f"lesson-{n:04d}"
        topic = rng.sample(VOCABULARY, 4)
        blocks, t = ["WEBVTT", ""], 1000
        for _ in range(cues):
            words = rng.choices(FILLER, k=7) + rng.choices(topic, k=2)
            if every_word:
                words += rng.choices(VOCABULARY, k=2)
            elif rng.random() < 0.1:
                words += rng.choices(VOCABULARY, k=1)
            rng.shuffle(words)
            blocks += [f"{timestamp(t)} --> {timestamp(t + 2500)}", " ".join(words) + ".", ""]
            t += 2500
        (captions / f"{slug}.vtt").write_text("\n".join(blocks), encoding="utf-8")
        title = f"Lesson {n}: {' and '.join(topic[:2])}"
        (captions / f"{slug}.toml").write_text(f'title = "{title}"\n', encoding="utf-8")
        os.link(clip, media / f"{slug}.mp4")
    clip.unlink()


def served(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


# Types the query (one input event, as a paste or the last keystroke does) and resolves with
# the milliseconds until the first result or the "no lesson" status is on screen.
TIME_TO_FIRST_RESULT = """async (query) => {
  const input = document.getElementById('static-search-q');
  const list = document.getElementById('static-search-results');
  const status = document.getElementById('static-search-status');
  list.replaceChildren(); status.textContent = '';
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const seen = () =>
      list.querySelector('.static-search-lesson') || status.textContent.startsWith('No lesson');
    const observer = new MutationObserver(() => {
      if (seen()) { observer.disconnect(); resolve(performance.now() - t0); }
    });
    const main = document.getElementById('main');
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}"""


def fetched_bytes(requests: list) -> int:
    total = 0
    for request in requests:
        response = request.response()
        if response is not None:
            total += int(response.headers.get("content-length", 0))
    return total


def measure_queries(browser, url: str) -> list[tuple[str, float, int, int, str]]:
    """Each query on one fresh browser page: (query, ms to first result, bytes fetched from
    pagefind/, requests, what was shown)."""
    rows = []
    page = new_page(browser)
    requests: list = []
    page.context.on("request", lambda r: "/pagefind/" in r.url and requests.append(r))
    page.goto(url + "search/")
    page.wait_for_load_state("networkidle")
    if requests:
        print(f"NOTE: Pagefind loaded before a query: {[r.url for r in requests]}")
    for query in QUERIES:
        requests.clear()
        elapsed = page.evaluate(TIME_TO_FIRST_RESULT, query)
        # the query is done when its count is announced (after its lessons are all shown)
        page.wait_for_function(
            "() => document.getElementById('static-search-status').textContent !== ''"
        )
        page.wait_for_timeout(200)  # nothing more is fetched: the bytes are the query's
        shown = page.locator(".static-search-lesson").count()
        status = page.locator("#static-search-status").inner_text()
        rows.append(
            (query, elapsed, fetched_bytes(requests), len(requests), f"{shown} shown; {status}")
        )
    page.context.close()
    return rows


def timed_export(site: Path, captions: Path, media: Path) -> tuple[float, float]:
    """The export's time, and its search step's (the page, the documents, Pagefind): the
    time between the progress lines before and after it."""
    stamps = {}

    def progress(line: str) -> None:
        stamps[line.split(":")[0].strip()] = time.perf_counter()

    started = time.perf_counter()
    export_site(site, captions, media, progress=progress)
    whole = time.perf_counter() - started
    return whole, stamps["search page and index"] - stamps["pages, static files"]


def index_sizes(bundle: Path) -> list[list[str]]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    kinds = {
        "index, all files": files,
        "index chunks (index/)": [p for p in files if p.parent.name == "index"],
        "fragments (fragment/, one per lesson)": [p for p in files if p.parent.name == "fragment"],
        "code, WebAssembly, entry, meta": [p for p in files if p.parent == bundle],
    }
    return [
        [k, f"{size(sum(p.stat().st_size for p in v))} in {len(v)} files"] for k, v in kinds.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", type=int, default=200)
    parser.add_argument("--cues", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="fresh browsers, each all queries")
    parser.add_argument("--every-word", action="store_true", help="every lesson says every word")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-search-") as tmp:
        root = Path(tmp)
        captions, media, site = root / "captions", root / "media", root / "www" / "site"
        generated_library(captions, media, args.lessons, args.cues, args.every_word)
        export_seconds, search_seconds = timed_export(site, captions, media)
        worst = ", every lesson saying every word" if args.every_word else ""
        print(f"## Static export search: {args.lessons} lessons of {args.cues} cues{worst}\n")
        rows = [
            ["export, whole", f"{export_seconds:.1f} s"],
            ["of which the search page and index (documents, Pagefind)", f"{search_seconds:.1f} s"],
            *index_sizes(site / "pagefind"),
        ]
        print(table(["what", "figure"], rows))
        url, server = served(site.parent)
        try:
            with chromium() as browser:
                runs = [measure_queries(browser, url + "site/") for _ in range(args.runs)]
        finally:
            server.shutdown()
        print(f"\nTyping to first result on a loopback static host (Python's http.server), "
              f"{args.runs} fresh browsers; target <= {TARGET_MS} ms\n")  # fmt: skip
        rows = []
        for n, same_query in enumerate(zip(*runs, strict=True)):
            query, _, fetched, requests, shown = same_query[0]
            times = [row[1] for row in same_query]
            rows.append([f"`{query}`" + (" (first on the page)" if n == 0 else ""),
                         ", ".join(f"{t:.0f}" for t in times) + " ms", ms(median(times)),
                         size(fetched), requests, shown])  # fmt: skip
        print(table(["query", "each run", "median", "fetched (run 1)", "requests", "shown"], rows))


if __name__ == "__main__":
    main()
