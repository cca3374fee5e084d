"""The comparison pages, built in a temp folder from the same cues as our lesson: a
baseline page (our markup, a `timeupdate` or `requestAnimationFrame` highlighter) and a
Hyperaudio Lite page (its own markup: `<span data-m>` words inside one `<p>` per cue)."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

from .lessons import BenchCue

BENCH = Path(__file__).resolve().parent
NODE_MODULES = BENCH / "node_modules"
HYPERAUDIO = "hyperaudio-lite@2.6"  # the version issue 9 compares against


def install_hyperaudio() -> Path:
    """Hyperaudio Lite from the npm registry into bench/node_modules (never committed)."""
    module = NODE_MODULES / "hyperaudio-lite" / "js" / "hyperaudio-lite.mjs"
    if not module.exists():
        if not shutil.which("npm"):
            raise SystemExit("the benchmarks need npm for Hyperaudio Lite: apt-get install npm")
        # --no-save/--no-package-lock: nothing but node_modules (gitignored) is written.
        subprocess.run(
            ["npm", "install", "--prefix", str(BENCH), "--no-save", "--no-package-lock",
             "--no-audit", "--no-fund", HYPERAUDIO],
            check=True, capture_output=True,
        )  # fmt: skip
    return module


def hyperaudio_version() -> str:
    import json

    package = NODE_MODULES / "hyperaudio-lite" / "package.json"
    return json.loads(package.read_text())["version"]


def _page(title: str, body: str, script: str, module: bool = True) -> str:
    kind = ' type="module"' if module else ""
    return (
        f"<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>{title}</title>"
        '<link rel=icon href="data:,"><link rel=stylesheet href="bench.css"></head>\n'
        f"<body>\n{body}\n"
        f'<script{kind} src="{script}"></script>\n</body></html>\n'
    )


def _video(sources: list[tuple[str, str]]) -> str:
    tags = "".join(f'<source src="{url}" type="{mime}">' for url, mime in sources)
    return f'<video id="video" preload="auto" muted playsinline>{tags}</video>'


def even_words(cue: BenchCue) -> list[tuple[int, str]]:
    """A generated cue's words, spread evenly over it (whole milliseconds)."""
    words = cue.text.split()
    step = (cue.end_ms - cue.start_ms) // len(words)
    return [(cue.start_ms + k * step, w) for k, w in enumerate(words)]


def baseline_page(cues: list[BenchCue], sources: list[tuple[str, str]]) -> str:
    lines = "\n".join(
        f'<li><button type="button" class="line" data-cue-index="{c.index}"'
        f' data-start="{c.start_ms / 1000}" data-end="{c.end_ms / 1000}">'
        f"{html.escape(c.text)}</button></li>"
        for c in cues
    )
    body = f'{_video(sources)}\n<ol class="transcript">\n{lines}\n</ol>'
    return _page("Baseline highlighter", body, "baseline.js")


def hyperaudio_page(lines: list[tuple[int, list[tuple[int, str]]]], sources) -> str:
    """`lines`: (cue index, [(start ms, word), ...]); one `<p>` per cue."""
    paragraphs = []
    for index, words in lines:
        spans = "".join(f'<span data-m="{m}">{html.escape(w.strip())} </span>' for m, w in words)
        paragraphs.append(f'<p data-hyper-line="{index}">{spans}</p>')
    body = f'{_video(sources)}\n<div id="hypertranscript">\n' + "\n".join(paragraphs) + "\n</div>"
    return _page("Hyperaudio Lite", body, "hyperaudio-boot.js")


def build(folder: Path, cues: list[BenchCue], media_url: str) -> Path:
    """Write both pages for the generated lesson, and their scripts, into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("baseline.js", "hyperaudio-boot.js", "bench.css"):
        shutil.copy(BENCH / "js" / name, folder / name)
    shutil.copy(install_hyperaudio(), folder / "hyperaudio-lite.mjs")
    sources = [(media_url, "video/mp4")]
    lines = [(c.index, even_words(c)) for c in cues]
    (folder / "baseline.html").write_text(baseline_page(cues, sources), encoding="utf-8")
    (folder / "hyperaudio.html").write_text(hyperaudio_page(lines, sources), encoding="utf-8")
    return folder


def build_for_lesson(folder: Path, lesson: dict) -> Path:
    """A Hyperaudio Lite page for a lesson as the API gives it (cues with word times)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("hyperaudio-boot.js", "bench.css"):
        shutil.copy(BENCH / "js" / name, folder / name)
    shutil.copy(install_hyperaudio(), folder / "hyperaudio-lite.mjs")
    lines = [
        (cue["index"], [(round(w["start"] * 1000), w["text"]) for w in cue["words"]]
         or [(round(cue["start"] * 1000), cue["text"])])
        for cue in lesson["cues"]
    ]  # fmt: skip
    sources = [(s["url"], s["type"]) for s in lesson["sources"]]
    (folder / "hyperaudio.html").write_text(hyperaudio_page(lines, sources), encoding="utf-8")
    return folder
