"""Benchmark, not a test: the same random-range load against nginx (Debian's, on loopback)
and the player's production server, serving the same file, in one run; prints both.

    python bench/load_vs_nginx.py [--clients 64] [--seconds 30] [--mib 5] [--dev]

`--dev` adds Werkzeug's development server (`lesson-player serve`) as a third row. Every
answer is checked byte for byte, as in tests/test_load.py (same load generator).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from loadgen import run_load  # noqa: E402
from serverproc import production_server, running  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


NGINX_CONF = """\
daemon off;
master_process on;
worker_processes auto;
pid {root}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    types {{ video/mp4 mp4; }}
    server {{
        listen 127.0.0.1:{port};
        location /media/ {{ alias {media}/; }}
        location = /ready {{ return 200 "ready\\n"; }}
    }}
}}
"""


@contextlib.contextmanager
def nginx(media: Path, root: Path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=port, media=media))
    # nginx prints nothing when it is ready: a shell loop waits for its port, then says so
    script = textwrap.dedent(f"""\
        {binary} -p {root} -c {conf} &
        pid=$!
        trap 'kill -QUIT $pid; wait $pid' INT TERM
        until (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; do sleep 0.1; done
        echo "Serving on http://127.0.0.1:{port}/"
        wait $pid
    """)
    ready = re.compile(r"Serving on (?P<url>http://127\.0\.0\.1:\d+/)")
    with running(["bash", "-c", script], ready) as server:
        yield server


def dev_server(captions: Path, media: Path):
    port = free_port()
    command = [sys.executable, "-m", "player.cli", "serve", "--port", str(port)]
    command += ["--captions", str(captions), "--media", str(media)]
    ready = re.compile(r"Open (?P<url>http://localhost:\d+/)")
    return running(command, ready)


def server_rss(pid: int) -> int:
    """Resident memory of a server and all its descendants (nginx's master and workers),
    leaving out the shell that started nginx."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += server_rss(int(child))
    if Path(f"/proc/{pid}/comm").read_text().strip() != "bash":
        status = Path(f"/proc/{pid}/status").read_text()
        total += int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1]) * 1024
    return total


def measure(name: str, server_cm, path: Path, args) -> tuple[str, object, list[int]]:
    with server_cm as server:
        rss: list[int] = []
        done = threading.Event()

        def sample():
            while not done.wait(1):
                with contextlib.suppress(OSError):
                    rss.append(server_rss(server.process.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            result = run_load(
                server.url + "/media/" + path.name,
                path,
                clients=args.clients,
                seconds=args.seconds,
                processes=args.processes,
            )
        finally:
            done.set()
            sampler.join()
    return name, result, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--mib", type=float, default=5)
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--dev", action="store_true", help="also Werkzeug's dev server")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        captions, media = root / "captions", root / "media"
        captions.mkdir()
        media.mkdir()
        (captions / "bench.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nBench\n")
        video = media / "bench.mp4"
        video.write_bytes(os.urandom(int(args.mib * 2**20)))
        for path in (root, media):  # nginx's workers run as an unprivileged user
            path.chmod(0o755)
        video.chmod(0o644)
        runs = [
            ("nginx (Debian)", nginx(media, root)),
            ("lesson-player --production", production_server(captions, media)),
        ]
        if args.dev:
            runs.append(("lesson-player (dev server)", dev_server(captions, media)))
        print(
            f"{args.clients} clients x {args.seconds:.0f} s, random byte ranges of a "
            f"{args.mib:g} MiB file on loopback, {os.cpu_count()} CPUs, every byte checked"
        )
        results = [measure(name, cm, video, args) for name, cm in runs]

    header = f"{'server':28} {'req/s':>7} {'MiB/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
    header += f" {'p99 ms':>7} {'errors':>6} {'bad B':>6} {'RSS MiB':>8}"
    print(header)
    for name, result, rss in results:
        rate = result.requests / result.seconds
        mbps = result.bytes_received / result.seconds / 2**20
        memory = f"{rss[-1] / 2**20:.0f}" if rss else "?"
        print(
            f"{name:28} {rate:7.0f} {mbps:7.1f} {result.percentile(50) * 1000:7.1f} "
            f"{result.percentile(95) * 1000:7.1f} {result.percentile(99) * 1000:7.1f} "
            f"{result.errors:6d} {result.corrupted_bytes:6d} {memory:>8}"
        )
    for name, result, _ in results:
        for error in result.first_errors:
            print(f"{name}: {error}")
    print("RSS: the server's processes at the end (nginx: master and workers).")
    return 1 if any(r.errors or r.corrupted_bytes for _, r, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
