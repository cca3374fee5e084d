"""Parse speed (issue 15): our parser beside Chromium's own parse of the same file, same run.

    python bench/parse.py [--runs 3] [--sizes 100000,149000]

Files (generated in a temp folder, or read from SHARED/parse-bench/<n>.vtt when present):
*100k*, lesson-like two-line cues with ids; *149k*, about 10 MB of varied cues (ids on some,
settings, voices, italics, references, a NOTE), like the real-world file of the issue.

Rows, each a median of `--runs` fresh processes (cold: no pool, no cache yet):
- Chromium: a page with a <video> whose <track> is the file (served by Playwright's router):
  from setting the track's src to its `load` event, cues counted.
- before: the parser as it was before issue 15 (tests/vtt_reference.py), parse_track alone.
- webvtt-py: `webvtt.read` of the file alone (what reading it only with webvtt-py costs).
- ours cold: parse_track in a new process (the pool started inside the measured time).
- ours lesson: in a new process, `create_app` on a lessons folder holding the file, then the
  first GET /api/lessons/<slug> (parse, lesson, JSON, gzip) through Flask's test client;
  then the same file with every cue changed, then with one cue changed, each answered again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SHARED", "/work/shared"))
WORDS = (  # noqa: SIM905
    "the spine carries weight and protects the cord while nerves leave between bones "
    "most back pain settles within six weeks keep moving gently and ask for help if "
    "numbness weakness or trouble passing urine appear"
).split()


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def lesson_like(count: int, tag: str = "") -> str:
    lines, t = ["WEBVTT", ""], 1000
    for i in range(count):
        lines += [f"p{i // 8}-{i % 8}", f"{_stamp(t)} --> {_stamp(t + 700)}"]
        lines += [f"line one of cue {i}{tag} about the spine", f"and line two says nerves {i}", ""]
        t += 700
    return "\n".join(lines)


def real_world(count: int, tag: str = "", seed: int = 15) -> str:
    rng = random.Random(seed)
    lines, t = ["WEBVTT", "", "NOTE generated for bench/parse.py", ""], 1000
    for i in range(count):
        length = rng.randint(300, 2000)
        if rng.random() < 0.3:
            lines.append(f"cue-{i}")
        timing = f"{_stamp(t)} --> {_stamp(t + length)}"
        if rng.random() < 0.1:
            timing += " align:start line:90%"
        lines.append(timing)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))) + tag
        kind = rng.random()
        if kind < 0.05:
            text = f"<v Dr Lee>{text}</v>"
        elif kind < 0.08:
            text = f"<i>{text}</i> &amp; more"
        lines += [text, ""]
        t += length
    return "\n".join(lines)


def bench_files(sizes, folder: Path) -> dict[str, Path]:
    files = {}
    for count in sizes:
        label = f"{count // 1000}k"
        shared = SHARED / "parse-bench" / f"{count}.vtt"
        path = folder / f"bench{label}.vtt"
        if shared.is_file():
            path.write_bytes(shared.read_bytes())
        else:
            make = lesson_like if count <= 100_000 else real_world
            path.write_text(make(count), encoding="utf-8")
        files[label] = path
    return files


# -- measured in fresh processes (`python -c`: nothing for a pool's worker to re-import) -----

_PARSE = """
import sys, time, json
sys.path.insert(0, {root!r}); sys.path.insert(0, {root!r} + "/tests")
data = open({path!r}, "rb").read()
kind = {kind!r}
t = time.perf_counter()
if kind == "before":
    import vtt_reference
    n = len(vtt_reference.parse_track(data, "x.vtt").cues)
elif kind == "webvtt":
    import webvtt
    n = len(webvtt.read({path!r}).captions)
else:
    from player.vtt import parse_track
    n = len(parse_track(data, "x.vtt").cues)
print(json.dumps({{"s": time.perf_counter() - t, "cues": n}}))
"""

_LESSON = """
import sys, time, json, os, pathlib
sys.path.insert(0, {root!r})
folder = pathlib.Path({folder!r})
vtt = folder / "captions" / "bench.vtt"
t = time.perf_counter()
from player import create_app
app = create_app(captions_dir=str(folder / "captions"), media_dir=str(folder / "media"))
client = app.test_client()
out = {{"import_s": time.perf_counter() - t}}
lessons = app.extensions["lessons"]
def answer(label):
    # the lesson's load (every track parsed, regions, the Lesson), then its API answer
    # (JSON and gzip of the loaded lesson)
    t = time.perf_counter()
    lesson = lessons.get("bench")
    out[label + "_load"] = time.perf_counter() - t
    assert lesson is not None and not lesson.broken, lesson and lesson.problems
    r = client.get("/api/lessons/bench", headers={{"Accept-Encoding": "gzip"}})
    assert r.status_code == 200, r.status_code
    out[label] = time.perf_counter() - t
    out[label + "_bytes"] = len(r.data)
answer("cold")
for label, path in (("rewrite", {rewrite!r}), ("edit", {edit!r})):
    vtt.write_bytes(open(path, "rb").read())
    stamp = time.time() + 5
    os.utime(vtt, (stamp, stamp))
    answer(label)
print(json.dumps(out))
"""


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600
    )
    if out.returncode:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def parse_seconds(kind: str, path: Path) -> float:
    return _run(_PARSE.format(root=str(ROOT), path=str(path), kind=kind))["s"]


def lesson_seconds(path: Path, folder: Path) -> dict:
    (folder / "captions").mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "media" / "bench.mp4").write_bytes(b"\0" * 1024)
    (folder / "captions" / "bench.toml").write_text('title = "Parse bench"\n')
    text = path.read_text(encoding="utf-8")
    (folder / "captions" / "bench.vtt").write_text(text, encoding="utf-8")
    rewrite = folder / "rewrite.vtt"
    rewrite.write_text(text.replace("\n\n", " v2\n\n"), encoding="utf-8")
    # the one-cue edit is made to the rewritten file, the version the server has read last
    rewritten = rewrite.read_text(encoding="utf-8")
    middle = rewritten.index("-->", len(rewritten) // 2)
    end_of_cue = rewritten.index("\n\n", middle)
    edit = folder / "edit.vtt"
    edit.write_text(rewritten[:end_of_cue] + " edited" + rewritten[end_of_cue:], encoding="utf-8")
    return _run(
        _LESSON.format(root=str(ROOT), folder=str(folder), rewrite=str(rewrite), edit=str(edit))
    )


def chromium_seconds(path: Path, runs: int) -> tuple[float, int]:
    """Chromium's parse of the file as a <track>: src set to `load`, median of `runs`."""
    sys.path.insert(0, str(ROOT))
    from bench.browser import chromium

    body = path.read_bytes()
    page_html = "<!doctype html><video></video>"
    times, count = [], 0
    with chromium() as browser:
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            page.route(
                "http://parse.bench/**",
                lambda route: route.fulfill(
                    status=200,
                    body=body if route.request.url.endswith(".vtt") else page_html,
                    content_type="text/vtt" if route.request.url.endswith(".vtt") else "text/html",
                ),
            )
            page.goto("http://parse.bench/")
            result = page.evaluate(
                """() => new Promise((resolve) => {
                    const track = document.createElement("track");
                    track.kind = "captions"; track.default = true;
                    document.querySelector("video").append(track);
                    track.track.mode = "hidden";
                    const t = performance.now();
                    track.addEventListener("load", () => resolve(
                        [performance.now() - t, track.track.cues.length]));
                    track.addEventListener("error", () => resolve([NaN, 0]));
                    track.src = "http://parse.bench/file.vtt";
                })"""
            )
            times.append(result[0] / 1000)
            count = result[1]
            context.close()
    return statistics.median(times), count


def rows(sizes=(100_000, 149_000), runs: int = 3) -> list[list[str]]:
    """The table's rows: [file, cues, MB, what, seconds (median of runs)]."""
    out = []
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        for label, path in bench_files(sizes, folder).items():
            mb = f"{path.stat().st_size / 1e6:.1f}"
            chromium_s, cues = chromium_seconds(path, runs)
            out.append([label, cues, mb, "Chromium <track> load", f"{chromium_s:.2f}"])
            for kind, what in (
                ("before", "before (c2cf10e parser), parse_track"),
                ("webvtt", "webvtt.read alone"),
                ("ours", "ours, parse_track cold"),
            ):
                seconds = statistics.median(parse_seconds(kind, path) for _ in range(runs))
                out.append([label, cues, mb, what, f"{seconds:.2f}"])
            try:
                lessons = [lesson_seconds(path, folder / f"lesson{k}") for k in range(runs)]
            except RuntimeError as error:
                out.append([label, cues, mb, f"ours, lesson API: failed ({error})", "-"])
                continue
            for key, what in (
                ("cold_load", "ours, lesson load, cold (new process)"),
                ("rewrite_load", "ours, lesson load after every cue changed"),
                ("edit_load", "ours, lesson load after a one-cue edit"),
                ("cold", "ours, first API answer (load, JSON, gzip; new process)"),
                ("rewrite", "ours, API answer after every cue changed"),
                ("edit", "ours, API answer after a one-cue edit"),
            ):
                seconds = statistics.median(result[key] for result in lessons)
                out.append([label, cues, mb, what, f"{seconds:.2f}"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="100000,149000")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    table = rows(sizes, args.runs)
    print("| file | cues | MB | what | seconds |")
    print("|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
