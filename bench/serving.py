"""Which server should `lesson-player serve --production` be (issue 15)? Random 64 KiB
byte ranges of an 8 MiB file at 50 clients (1 and 10 with --levels), against nginx and
each candidate serving the same app, in one run:

    python bench/serving.py [--seconds 5] [--levels 1,10,50]

| row | what |
|---|---|
| nginx | Debian's, sendfile on, 2 workers: the ceiling |
| waitress | the app alone under waitress (16 threads, no guards): every range through Flask |
| gunicorn | 2 worker processes x 16 threads (gthread), sendfile for file bodies |
| granian | its Rust HTTP server, WSGI interface, 2 workers x 16 blocking threads |
| lesson-player serve --production | what the command runs: waitress with issue 13's guards,
  plain ranges answered by its event loop with sendfile (player/media_ranges.py) |

The client is throughput.py's (one asyncio process, every body checked against the
file): it shares the 2 cores with the server, so a row whose client CPU is near 100% is
client-bound and its figure a floor. The last column says whether the server keeps the
protections the tests pin down (bench/README.md, "Production serving").
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from .throughput import _nginx_conf, _process, _python_env, free_port, make_files, run_level

APP = "player:create_app"
# Why a server cannot keep issue 13's protections (see bench/README.md).
GUARDS = {
    "nginx": "n/a (no app)",
    "waitress": "only with player/slow_clients.py",
    "gunicorn": "no",
    "granian": "no",
    "lesson-player serve --production": "yes",
}


def commands(root: Path, port: int) -> dict[str, list[str] | None]:
    python = [sys.executable, "-P", "-m"]
    media = root / "media"

    def installed(module: str) -> bool:
        return importlib.util.find_spec(module) is not None

    return {
        "nginx": ["nginx", "-e", str(root / "nginx-error.log"), "-c",
                  str(_nginx_conf(root, media, port))],
        "waitress": [*python, "waitress", "--threads=16", f"--listen=127.0.0.1:{port}",
                     "--call", APP],
        "gunicorn": [*python, "gunicorn", "-w", "2", "-k", "gthread", "--threads", "16",
                     "-b", f"127.0.0.1:{port}", f"{APP}()"] if installed("gunicorn") else None,
        "granian": [*python, "granian", "--interface", "wsgi", "--workers", "2",
                    "--blocking-threads", "16", "--no-log", "--port", str(port),
                    "--factory", APP] if installed("granian") else None,
        "lesson-player serve --production": [*python, "player.cli", "serve", "--production",
                                             "--port", str(port)],
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--levels", default="50", help="client counts, comma-separated")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = make_files(root)
        captions, media = root / "captions", root / "media"
        (captions / "bench.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBench\n")
        env = _python_env(captions, media)
        for name in GUARDS:
            port = free_port()
            command = commands(root, port)[name]
            if command is None:
                print(f"{name}: not installed (pip install {name}), skipped", file=sys.stderr)
                continue
            with _process(command, port, env) as url:
                run_level(name, url, data, 1, 0.5)  # warm-up: imports, first connection
                rows += [run_level(name, url, data, n, args.seconds) for n in levels]
    nginx = {row.clients: row.rps for row in rows if row.server == "nginx"}
    print(f"Random 64 KiB ranges of an 8 MiB file, {args.seconds:g} s per row, one run.\n")
    print("| server | clients | requests/s | vs nginx | MB/s | p50 | p95 | bad | client CPU "
          "| keeps issue 13's guards |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ratio = row.rps / nginx[row.clients] if nginx.get(row.clients) else float("nan")
        latencies = sorted(row.latencies_ms)
        p50 = latencies[len(latencies) // 2]
        p95 = latencies[int(len(latencies) * 0.95)]
        print(
            f"| {row.server} | {row.clients} | {row.rps:,.0f} | {ratio:.2f}x | "
            f"{row.mb_per_s:,.0f} | {p50:.1f} ms | {p95:.1f} ms | {row.bad}/{row.requests} | "
            f"{row.client_cpu:.0%} | {GUARDS[row.server]} |"
        )
    return 1 if any(row.bad for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
