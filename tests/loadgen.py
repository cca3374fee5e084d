"""Many viewers fetching random byte ranges of one file, checking every byte they get.

Used by tests/test_load.py and bench/load_vs_nginx.py. Clients are threads spread over a
few processes (so the clients' own GIL is not what is measured), each with a keep-alive
connection; every answer must be a 206 whose Content-Range and bytes are exactly the
range asked for.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0  # no answer, a wrong status or wrong headers
    corrupted_bytes: int = 0  # bytes that differ from the file, or are missing
    bytes_received: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_errors: list[str] = field(default_factory=list)

    def add(self, other: LoadResult) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.corrupted_bytes += other.corrupted_bytes
        self.bytes_received += other.bytes_received
        self.seconds = max(self.seconds, other.seconds)
        self.latencies += other.latencies
        self.first_errors += other.first_errors[: 5 - len(self.first_errors)]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def summary(self) -> str:
        rate = self.requests / self.seconds if self.seconds else 0.0
        mbps = self.bytes_received / self.seconds / 2**20 if self.seconds else 0.0
        return (
            f"{self.requests} requests in {self.seconds:.1f} s: {rate:.0f} req/s, "
            f"{mbps:.1f} MiB/s; latency p50 {self.percentile(50) * 1000:.1f} ms, "
            f"p95 {self.percentile(95) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
            f"max {max(self.latencies, default=0) * 1000:.1f} ms; "
            f"{self.errors} errors, {self.corrupted_bytes} corrupted bytes"
        )


def random_range(rng: random.Random, size: int) -> tuple[str, int, int]:
    """A Range header as a video element might send it, and the span it asks for."""
    start = rng.randrange(size)
    kind = rng.random()
    if kind < 0.70:  # a small read: a seek, a moov atom, a probe
        last = min(size - 1, start + rng.randrange(1, 64 * 1024))
    elif kind < 0.90:
        last = min(size - 1, start + rng.randrange(64 * 1024, 1024 * 1024))
    elif kind < 0.97:  # "from here on": what browsers send when they start playing
        return f"bytes={start}-", start, size - 1
    else:
        suffix = rng.randrange(1, 256 * 1024)
        return f"bytes=-{suffix}", max(0, size - suffix), size - 1
    return f"bytes={start}-{last}", start, last


def _client(url: str, data: bytes, until: float, seed: int, result: LoadResult, lock) -> None:
    parts = urlsplit(url)
    rng = random.Random(seed)
    mine = LoadResult()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < until:
        header, first, last = random_range(rng, len(data))
        began = time.monotonic()
        try:
            connection.request("GET", parts.path, headers={"Range": header})
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            mine.errors += 1
            mine.first_errors.append(f"{header}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        mine.latencies.append(time.monotonic() - began)
        mine.requests += 1
        mine.bytes_received += len(body)
        expected_range = f"bytes {first}-{last}/{len(data)}"
        if response.status != 206 or response.getheader("Content-Range") != expected_range:
            mine.errors += 1
            got = f"{response.status} {response.getheader('Content-Range')}"
            mine.first_errors.append(f"{header}: {got}")
        expected = data[first : last + 1]
        if body != expected:
            wrong = sum(a != b for a, b in zip(body, expected, strict=False))
            mine.corrupted_bytes += wrong + abs(len(expected) - len(body))
    connection.close()
    with lock:
        result.add(mine)


def _process(url: str, path: str, clients: int, seconds: float, seed: int) -> LoadResult:
    data = Path(path).read_bytes()
    result = LoadResult()
    lock = threading.Lock()
    began = time.monotonic()
    until = began + seconds
    threads = [
        threading.Thread(target=_client, args=(url, data, until, seed * 1000 + i, result, lock))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def run_load(
    url: str, path: Path, *, clients: int, seconds: float, processes: int = 4, seed: int = 1
) -> LoadResult:
    """`clients` viewers (over `processes` processes) fetching random ranges of `url` for
    `seconds`, each answer checked against the bytes of `path`."""
    per_process = [clients // processes + (i < clients % processes) for i in range(processes)]
    total = LoadResult()
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(_process, url, str(path), n, seconds, seed + i)
            for i, n in enumerate(per_process)
        ]
        for future in futures:
            total.add(future.result())
    return total
