"""Figure 5: byte-range requests under 1, 10 and 50 concurrent clients, against our
production server, today's `lesson-player serve` and nginx, all serving the same file.

The client is one asyncio process with keep-alive connections, each asking for random
64 KiB ranges and checking every body byte against the file. It shares the machine's
cores with the server, so a row whose client CPU is near 100% is client-bound (nginx
usually is): its figure is a floor, not the server's limit.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .stats import percentile

CHUNK = 64 * 1024
FILE_BYTES = 8 * 1024 * 1024
NAME = "throughput.mp4"
MAX_REQUESTS = 500_000  # a bound on each level's loop, besides its duration


@dataclass
class Level:
    server: str
    clients: int
    requests: int
    seconds: float
    latencies_ms: list[float]
    bad: int  # wrong status, wrong Content-Range or wrong bytes
    client_cpu: float  # client CPU time / wall time

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.requests * CHUNK / self.seconds / 1e6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server not listening on {port}: {process.args}")


@contextmanager
def _process(args: list[str], port: int, env: dict | None = None):
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, process)
        yield f"http://127.0.0.1:{port}/media/{NAME}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _python_env(captions: Path, media: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "LESSON_PLAYER_CAPTIONS_DIR": str(captions),
        "LESSON_PLAYER_MEDIA_DIR": str(media),
    }


def has_production_flag() -> bool:
    """Whether `lesson-player serve` has grown a --production option (the lead's plan)."""
    out = subprocess.run(
        [sys.executable, "-P", "-m", "player.cli", "serve", "--help"],
        capture_output=True, text=True, env=_python_env(Path("."), Path(".")),
    )  # fmt: skip
    return "--production" in out.stdout


def ensure_gunicorn() -> None:
    if importlib.util.find_spec("gunicorn") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "gunicorn"], check=True)


def servers(root: Path) -> dict[str, callable]:
    """Server name -> context manager yielding the file's URL."""
    captions, media = root / "captions", root / "media"
    env = _python_env(captions, media)
    cli = [sys.executable, "-P", "-m", "player.cli", "serve", "--captions", str(captions),
           "--media", str(media), "--host", "127.0.0.1"]  # fmt: skip

    def dev():
        port = free_port()
        return _process([*cli, "--port", str(port)], port, env)

    def production():
        port = free_port()
        if has_production_flag():
            return _process([*cli, "--production", "--port", str(port)], port, env)
        ensure_gunicorn()
        # The stand-in until the repo has its own: 2 workers (2 cores) x 8 threads.
        return _process(
            [sys.executable, "-P", "-m", "gunicorn", "-w", "2", "-k", "gthread", "--threads", "8",
             "-b", f"127.0.0.1:{port}", "player:create_app()"],
            port, env,
        )  # fmt: skip

    def nginx():
        port = free_port()
        conf = _nginx_conf(root, media, port)
        return _process(["nginx", "-e", str(root / "nginx-error.log"), "-c", str(conf)], port)

    production_name = (
        "lesson-player serve --production" if has_production_flag() else "gunicorn (stand-in)"
    )
    return {
        production_name: production,
        "lesson-player serve (werkzeug)": dev,
        "nginx": nginx,
    }


def _nginx_conf(root: Path, media: Path, port: int) -> Path:
    temp = root / "nginx-temp"
    temp.mkdir(exist_ok=True)
    conf = root / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  types {{ video/mp4 mp4; }}
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /media/ {{ alias {media}/; }}
  }}
}}
"""
    )
    return conf


def make_files(root: Path) -> bytes:
    """The file all servers serve: random bytes, so a misplaced range cannot match."""
    data = random.Random(6).randbytes(FILE_BYTES)
    (root / "captions").mkdir(parents=True, exist_ok=True)
    (root / "media").mkdir(parents=True, exist_ok=True)
    (root / "media" / NAME).write_bytes(data)
    # nginx workers run as an unprivileged user: let them read the folder.
    for folder in (root, root / "media"):
        folder.chmod(0o755)
    return data


async def _read_response(reader) -> tuple[int, dict[str, str], bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        body = b"".join(parts)
    else:
        body = await reader.read()
    return status, headers, body


async def _client(url, data, deadline, rng, latencies, counts) -> None:
    host, port, path = _split(url)
    reader = writer = None
    while time.perf_counter() < deadline and counts["requests"] < MAX_REQUESTS:
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        start = rng.randrange(0, len(data) - CHUNK)
        end = start + CHUNK - 1
        began = time.perf_counter()
        request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nRange: bytes={start}-{end}\r\n"
        writer.write(request.encode() + b"\r\n")
        status, headers, body = await _read_response(reader)
        latencies.append((time.perf_counter() - began) * 1000)
        counts["requests"] += 1
        expected = f"bytes {start}-{end}/{len(data)}"
        if (
            status != 206
            or headers.get("content-range") != expected
            or body != data[start : end + 1]
        ):
            counts["bad"] += 1
        if headers.get("connection", "").lower() == "close":
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


def _split(url: str) -> tuple[str, int, str]:
    rest = url.split("://", 1)[1]
    hostport, path = rest.split("/", 1)
    host, port = hostport.split(":")
    return host, int(port), "/" + path


def run_level(server: str, url: str, data: bytes, clients: int, seconds: float) -> Level:
    latencies: list[float] = []
    counts = {"requests": 0, "bad": 0}

    async def main():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(_client(url, data, deadline, random.Random(i), latencies, counts)
              for i in range(clients))
        )  # fmt: skip

    cpu, wall = time.process_time(), time.perf_counter()
    asyncio.run(main())
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return Level(server, clients, counts["requests"], wall, latencies, counts["bad"], cpu / wall)


def measure(root: Path, levels=(1, 10, 50), seconds: float = 3.0) -> list[Level]:
    data = make_files(root)
    results = []
    for name, start in servers(root).items():
        with start() as url:
            run_level(name, url, data, 1, 0.3)  # warm-up: imports, first connection
            for clients in levels:
                results.append(run_level(name, url, data, clients, seconds))
    return results


def p(values: list[float], q: float) -> float:
    return percentile(values, q)


def nginx_available() -> bool:
    return shutil.which("nginx") is not None
