"""Benchmark, not a test: what a careless or hostile publisher's files cost the server
(issue 13), each attack beside the targets. Runs `lesson-player serve --production` on
generated folders and prints figures.

    python bench/hostile_lessons.py [--product DIR] [--only many|torn|hugeline|translations]
                                    [--lessons 2000]

- *many*: 2,000 lessons (captions, chapters and metadata each: 6,000 files, and a video
  each in the media folder). Warm-up time (the server's own "Warmed up" line), then warm
  `/lessons`, `/api/lessons` and one lesson's JSON (median of 5), and a normal request while
  16 clients ask for the catalogue at once. Targets: catalogue and list <= 200 ms warm,
  warm-up <= 60 s.
- *torn*: one lesson's 300-cue caption file rewritten in place (truncate, then written in
  4 KiB pieces) 40 times while 20 clients read its JSON and its track: answers that are
  neither the old nor the new version (torn, or "not WebVTT"). Target: none.
- *hugeline*: a lesson whose one cue is a 19 MB line is loaded (its first page) while
  another client asks for a small static file every 50 ms: the longest wait of those.
- *translations*: a lesson with ten translations of 19 MB each (100 long cues each; or,
  `translations-dense`, 140,000 cues each): time to its first page, the page's size and
  the server's memory.

`--product DIR` measures another checkout (before/after: `git worktree add /tmp/before
<commit>`, then `--product /tmp/before`).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests")]

from serverproc import SERVING, running  # noqa: E402

VIDEO = b"\0\0\0\x18ftypmp42"


def vtt(texts, seconds_each: float = 1.0) -> bytes:
    out = ["WEBVTT", ""]
    for i, text in enumerate(texts):
        out += [f"{clock(i * seconds_each)} --> {clock((i + 1) * seconds_each)}", text, ""]
    return "\n".join(out).encode()


def clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def server(product: Path, captions: Path, media: Path):
    settle(captions, media)
    command = [sys.executable, "-m", "player.cli", "serve", "--production", "--port", "0"]
    command += ["--captions", str(captions), "--media", str(media)]
    return running(command, SERVING, cwd=product, timeout=120)


def settle(*folders: Path) -> None:
    """Date every file a minute back, as a publisher's files are: a file written in the
    last 2 s is loaded again on the next request (player/lessons.py, RACY_NS), which would
    measure the bench's own writing, not the server."""
    past = time.time_ns() - 60 * 10**9
    for folder in folders:
        for path in folder.iterdir():
            os.utime(path, ns=(past, past))


def get(base: str, path: str, timeout: float = 600) -> tuple[int, bytes, float]:
    host, port = base.removeprefix("http://").split(":")
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def warmed_up(srv, timeout: float = 1800) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in srv.output:
            if line.startswith("Warmed up:"):
                return float(line.rsplit(" in ", 1)[1].split()[0])
        time.sleep(0.2)
    return None


def median_ms(base: str, path: str, times: int = 5) -> float:
    return statistics.median(get(base, path)[2] for _ in range(times)) * 1000


# --- the attacks ------------------------------------------------------------------------


def many(product: Path, root: Path, count: int) -> None:
    captions, media = root / "captions", root / "media"
    captions.mkdir()
    media.mkdir()
    for n in range(count):
        slug = f"lesson-{n:04d}"
        (captions / f"{slug}.vtt").write_bytes(vtt([f"Lesson {n}, line {i}." for i in range(20)]))
        (captions / f"{slug}.chapters.vtt").write_bytes(vtt([f"Part {n}"], 20))
        (captions / f"{slug}.toml").write_text(f'title = "Lesson {n}"\nsummary = "About {n}."\n')
        (media / f"{slug}.mp4").write_bytes(VIDEO)
    print(f"## many: {count} lessons, {3 * count} caption-folder files")
    with server(product, captions, media) as srv:
        started = time.monotonic()
        took = warmed_up(srv)
        print(f"- warm-up: {took} s (server's line; waited {time.monotonic() - started:.1f} s)")
        print(f"- GET /lessons warm: median {median_ms(srv.url, '/lessons'):.0f} ms")
        print(f"- GET /api/lessons warm: median {median_ms(srv.url, '/api/lessons'):.0f} ms")
        one = median_ms(srv.url, f"/api/lessons/lesson-{count // 2:04d}")
        print(f"- GET /api/lessons/<one> warm (its change check included): median {one:.1f} ms")
        waits: list[float] = []
        crowd = [threading.Thread(target=lambda: get(srv.url, "/lessons")) for _ in range(16)]
        for thread in crowd:
            thread.start()
        time.sleep(0.05)
        for _ in range(3):
            waits.append(get(srv.url, "/api/lessons/lesson-0005")[2] * 1000)
        for thread in crowd:
            thread.join()
        print(f"- a normal request while 16 ask for the catalogue: max {max(waits):.0f} ms")
        print(f"- server RSS: {srv.rss_bytes() / 2**20:.0f} MiB")


def torn(product: Path, root: Path) -> None:
    captions, media = root / "captions", root / "media"
    captions.mkdir()
    media.mkdir()
    versions = [
        vtt([f"Version A, line {i}." for i in range(300)]),
        vtt([f"Version B, line {i}, a little longer." for i in range(200)]),
    ]
    path = captions / "rw.vtt"
    path.write_bytes(versions[0])
    (media / "rw.mp4").write_bytes(VIDEO)
    print("## torn: 300-cue file rewritten in place 40 times under 20 readers")
    with server(product, captions, media) as srv:
        warmed_up(srv)
        answers = {"api": [], "vtt": []}
        writing = threading.Event()
        writing.set()

        def read():
            import json

            while writing.is_set():
                status, body, _ = get(srv.url, "/api/lessons/rw")
                data = json.loads(body) if status == 200 else {}
                answers["api"].append((len(data.get("cues", [])), bool(data.get("problems"))))
                answers["vtt"].append(get(srv.url, "/captions/rw.vtt")[1])

        readers = [threading.Thread(target=read) for _ in range(20)]
        for reader in readers:
            reader.start()
        for round_ in range(40):
            data = versions[(round_ + 1) % 2]
            with open(path, "r+b") as file:
                file.truncate(0)
                for i in range(0, len(data), 4096):
                    file.write(data[i : i + 4096])
                    file.flush()
                    time.sleep(0.003)
            time.sleep(0.05)
        writing.clear()
        for reader in readers:
            reader.join()
        bad_api = sum(
            1 for count, problems in answers["api"] if problems or count not in (200, 300)
        )
        bad_vtt = sum(1 for body in answers["vtt"] if body not in versions)
        total = len(answers["api"]) + len(answers["vtt"])
        print(f"- answers: {total}; torn or broken: {bad_api} of the JSON, {bad_vtt} of the track")


def hugeline(product: Path, root: Path) -> None:
    captions, media = root / "captions", root / "media"
    captions.mkdir()
    media.mkdir()
    line = ("w" * 99 + " ") * 190_000  # 19 MB, one cue
    (captions / "huge.vtt").write_bytes(vtt([line]))
    (media / "huge.mp4").write_bytes(VIDEO)
    (captions / "small.vtt").write_bytes(vtt(["A small lesson."]))
    (media / "small.mp4").write_bytes(VIDEO)
    print("## hugeline: one cue of 19 MB; the longest wait of a small request meanwhile")
    with server(product, captions, media) as srv:
        warmed_up(srv)
        for label in ("first page after warm-up", "page after the file is touched"):
            if label.startswith("page after"):
                os.utime(captions / "huge.vtt")
            waits, done = [], threading.Event()
            poller = threading.Thread(target=_poll, args=(srv.url, waits, done))
            poller.start()
            status, body, took = get(srv.url, "/lessons/huge")
            done.set()
            poller.join()
            print(
                f"- {label}: {status} in {took:.1f} s ({len(body) / 1e6:.1f} MB); small "
                f"requests meanwhile: {len(waits)}, longest {max(waits, default=0):.0f} ms"
            )


def _poll(base: str, waits: list[float], done: threading.Event) -> None:
    while not done.is_set():
        waits.append(get(base, "/api/lessons/small")[2] * 1000)
        time.sleep(0.05)


def translations(product: Path, root: Path, dense: bool = False) -> None:
    captions, media = root / "captions", root / "media"
    captions.mkdir()
    media.mkdir()
    if dense:  # 19 MB in 140,000 cues, near the 150,000 a track may hold
        body = vtt(["Words of one short caption line, numbered " + "x" * 48] * 140_000, 0.5)
    else:  # 19 MB in 100 cues
        body = vtt([("x" * 99 + " ") * 1_900] * 100)
    (captions / "many.vtt").write_bytes(body)
    for lang in ("de", "es", "fr", "it", "nl", "pl", "pt", "ru", "tr", "vi"):
        (captions / f"many.{lang}.vtt").write_bytes(body)
    (media / "many.mp4").write_bytes(VIDEO)
    print(f"## translations: captions and 10 translations of {len(body) / 1e6:.0f} MB each")
    with server(product, captions, media) as srv:
        print(f"- loaded (the server's warm-up) in {warmed_up(srv)} s")
        status, page, took = get(srv.url, "/lessons/many")
        print(
            f"- first page: {status} in {took:.1f} s, {len(page) / 1e6:.0f} MB; "
            f"RSS {srv.rss_bytes() / 2**20:.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--product", type=Path, default=REPO)
    parser.add_argument(
        "--only", choices=["many", "torn", "hugeline", "translations", "translations-dense"]
    )
    parser.add_argument("--lessons", type=int, default=2000)
    args = parser.parse_args()
    print(f"# Hostile lesson files: {args.product}\n")
    for name in ("many", "torn", "hugeline", "translations", "translations-dense"):
        if args.only in (None, name):
            with tempfile.TemporaryDirectory() as folder:
                if name == "many":
                    many(args.product, Path(folder), args.lessons)
                elif name == "translations-dense":
                    translations(args.product, Path(folder), dense=True)
                else:
                    globals()[name](args.product, Path(folder))
            print()


if __name__ == "__main__":
    main()
