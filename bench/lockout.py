"""Benchmark, not a test: can clients who hold connections lock everyone else out of
`lesson-player serve --production`? (issue 13). Prints, for each attack, how long a normal
request (`GET /api/lessons/small`, a new connection each time) takes while the attack runs,
and the server's memory.

    python bench/lockout.py [--product DIR] [--tries 10] [--only slowloris|spread|pages]

- *slowloris*: 1,100 connections from 127.0.0.2, each sending its request head a byte at a
  time, one byte every 5 s (never idle, so waitress's 60 s idle timeout never fires); a
  connection the server closes is opened again a second later.
- *spread*: the same 1,100 from eleven addresses (127.0.0.2 to 127.0.0.12, 100 each), so
  no per-address cap stops them and the server is full.
- *pages*: 200 requests for the page of a 150,000-cue lesson (about 15 MB, asked without
  gzip) from 127.0.0.3 to 127.0.0.6 (50 each), whose clients then read 4 KiB every 0.5 s.

The normal client connects from 127.0.0.1, the attackers from other loopback addresses
(Linux routes all of 127.0.0.0/8 to lo), so a per-address cap tells them apart as it would
tell two machines apart. `--product DIR` measures another checkout (for a before/after:
`git archive HEAD | tar -x -C /tmp/before`, then `--product /tmp/before`).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from serverproc import SERVING, running  # noqa: E402

from bench import lessons  # noqa: E402

TRY_TIMEOUT = 30
HEAD = b"GET /api/lessons/small HTTP/1.1\r\nHost: localhost\r\n" + b"X-Slow: x\r\n" * 10_000


def make_lessons(root: Path, big_cues: int) -> tuple[Path, Path]:
    captions, media = root / "captions", root / "media"
    lessons.write_lesson(captions, "small", lessons.long_cues(5), callouts=False)
    lessons.write_lesson(captions, "big", lessons.long_cues(big_cues), callouts=False)
    media.mkdir()
    for slug in ("small", "big"):
        (media / f"{slug}.mp4").write_bytes(b"not a video: the pages are what is measured")
    lessons.age_files(captions)
    lessons.age_files(media)
    return captions, media


@contextlib.contextmanager
def server(product: Path, captions: Path, media: Path):
    command = [sys.executable, "-m", "player.cli", "serve", "--production", "--port", "0"]
    command += ["--captions", str(captions), "--media", str(media)]
    # Run from the product's folder: `-m` puts it first on sys.path, so its `player` is the
    # one imported.
    with running(command, SERVING, cwd=product) as started:
        deadline = time.monotonic() + 300
        while not any("Warmed up" in line for line in started.output):
            if time.monotonic() > deadline:
                raise SystemExit("the server did not warm up:\n" + "".join(started.output))
            time.sleep(0.2)
        yield started


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    return host, int(port)


def normal_requests(url: str, tries: int) -> list[float | None]:
    """`tries` requests one second apart, each on a new connection from 127.0.0.1: the
    seconds each took to be answered whole, or None (not answered within 30 s)."""
    host, port = address(url)
    times: list[float | None] = [None] * tries

    def one(i: int) -> None:
        start = time.monotonic()
        connection = http.client.HTTPConnection(host, port, timeout=TRY_TIMEOUT)
        try:
            connection.request("GET", "/api/lessons/small")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                times[i] = time.monotonic() - start
        except OSError:
            pass
        finally:
            connection.close()

    threads = []
    for i in range(tries):
        threads.append(threading.Thread(target=one, args=(i,)))
        threads[-1].start()
        time.sleep(1)
    for thread in threads:
        thread.join()
    return times


class Background:
    """Work in a thread for as long as a `with` block runs (`_run` returns once `stop` is set)."""

    def __init__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        self.started = time.monotonic()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


class Dribblers(Background):
    """Connections that send HEAD a byte every `interval` seconds and never finish it."""

    def __init__(self, url: str, sources: list[str], per_source: int, interval: float):
        super().__init__()
        self.target = address(url)
        self.slots = [source for source in sources for _ in range(per_source)]
        self.interval = interval
        self.selector = selectors.DefaultSelector()
        self.closed_by_server = 0

    def open_count(self) -> int:
        return len(self.selector.get_map())

    def _open(self, source: str, now: float) -> None:
        sock = socket.socket()
        sock.setblocking(False)
        sock.bind((source, 0))
        sock.connect_ex(self.target)
        # sent so far, when the next byte is due (spread over the interval)
        state = {"source": source, "sent": 0, "due": now + self.interval * os.urandom(1)[0] / 255}
        self.selector.register(sock, selectors.EVENT_READ, state)

    def _run(self) -> None:
        reopen: list[tuple[float, str]] = []
        now = time.monotonic()
        for source in self.slots:
            self._open(source, now)
        while not self.stop.is_set():
            for key, _ in self.selector.select(timeout=0.1):
                with contextlib.suppress(OSError):
                    if key.fileobj.recv(65536):
                        continue  # an answer (408): the close follows
                self._close(key, reopen)
            now = time.monotonic()
            while reopen and reopen[0][0] <= now:
                self._open(reopen.pop(0)[1], now)
            for key in list(self.selector.get_map().values()):
                state = key.data
                if state["due"] <= now:
                    try:
                        key.fileobj.send(HEAD[state["sent"] : state["sent"] + 1])
                        state["sent"] += 1
                    except BlockingIOError:
                        pass  # not connected yet: still in the server's accept queue
                    except OSError:
                        self._close(key, reopen)
                        continue
                    state["due"] = now + self.interval
        for key in list(self.selector.get_map().values()):
            self.selector.unregister(key.fileobj)
            key.fileobj.close()

    def _close(self, key, reopen: list) -> None:
        self.selector.unregister(key.fileobj)
        key.fileobj.close()
        self.closed_by_server += 1
        reopen.append((time.monotonic() + 1, key.data["source"]))


class SlowReaders(Background):
    """Requests for `path` whose clients then read 4 KiB every half second."""

    def __init__(self, url: str, path: str, sources: list[str], per_source: int):
        super().__init__()
        self.target = address(url)
        self.request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
        self.slots = [source for source in sources for _ in range(per_source)]
        self.first_bytes: list[float] = []

    def _run(self) -> None:
        socks = []
        for source in self.slots:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.bind((source, 0))
            sock.settimeout(10)
            sock.connect(self.target)
            sock.sendall(self.request)
            sock.setblocking(False)
            socks.append(sock)
        waiting = set(socks)
        while not self.stop.wait(0.5):
            for sock in socks:
                with contextlib.suppress(BlockingIOError, OSError):
                    if sock.recv(4096) and sock in waiting:
                        waiting.discard(sock)
                        self.first_bytes.append(time.monotonic() - self.started)
        for sock in socks:
            sock.close()


class Memory(Background):
    """The server's resident memory, sampled every 0.25 s: first and highest."""

    def __init__(self, server):
        super().__init__()
        self.server = server
        self.samples: list[int] = []

    def _run(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                self.samples.append(self.server.rss_bytes())
            if self.stop.wait(0.25):
                return


def loopback(first: int, count: int) -> list[str]:
    return [f"127.0.0.{n}" for n in range(first, first + count)]


def run_attack(name: str, started, args) -> dict:
    url = started.url
    with Memory(started) as memory:
        if name == "pages":
            with SlowReaders(url, "/lessons/big", loopback(3, 4), 50) as attack:
                time.sleep(2)
                times = normal_requests(url, args.tries)
                extra = f"{len(attack.first_bytes)}/200 page answers begun"
                if attack.first_bytes:
                    extra += f", the last after {max(attack.first_bytes):.1f} s"
        else:
            sources = loopback(2, 1) if name == "slowloris" else loopback(2, 11)
            with Dribblers(url, sources, 1100 // len(sources), args.interval) as attack:
                time.sleep(5)  # every connection opened and dribbling
                times = normal_requests(url, args.tries)
                extra = (
                    f"attack connections held at the end: {attack.open_count()}; closed by "
                    f"the server: {attack.closed_by_server} (each opened again 1 s later)"
                )
    return {"name": name, "times": times, "memory": memory.samples, "extra": extra}


def report(product: Path, results: list[dict], tries: int) -> None:
    print(f"\nproduct: {product}")
    print("| attack | answered | p50 | max | RSS before | RSS peak | notes |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        answered = [t for t in result["times"] if t is not None]
        p50 = f"{statistics.median(answered):.3f} s" if answered else "-"
        worst = f"{max(answered):.3f} s" if len(answered) == tries else f"> {TRY_TIMEOUT} s"
        memory = result["memory"]
        print(
            f"| {result['name']} | {len(answered)}/{tries} | {p50} | {worst} "
            f"| {memory[0] / 2**20:.0f} MiB | {max(memory) / 2**20:.0f} MiB | {result['extra']} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--product", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--tries", type=int, default=10)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between bytes")
    parser.add_argument("--big-cues", type=int, default=150_000)
    parser.add_argument("--only", choices=["slowloris", "spread", "pages"], action="append")
    args = parser.parse_args()
    attacks = args.only or ["slowloris", "spread", "pages"]
    product = args.product.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        captions, media = make_lessons(Path(tmp), args.big_cues)
        results = []
        for attack in attacks:  # a fresh server for each: no attack leaves another's traces
            with server(product, captions, media) as started:
                print(f"{attack}: server up, measuring...", flush=True)
                results.append(run_attack(attack, started, args))
    report(product, results, args.tries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
