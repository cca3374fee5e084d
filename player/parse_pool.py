"""A warm pool of worker processes for parsing big caption files on every core.

Caption parsing is pure Python, so threads would share one core; processes do not. A pool
costs a few hundred milliseconds to start (a fork server, then a worker that imports the
player), so it is made once, on the first big file (or by `start()` ahead of time), and kept.

`run` shares a list of jobs between this process and the workers by work stealing: the
caller takes jobs from the end of the list while one feeder thread per worker takes them
from the front and hands each to its worker when the previous one is done. Nobody waits
for a pool still starting, and a busy or broken pool only means this process does more of
the jobs itself. Results come back in the order of the jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# Workers besides the calling process, which takes its share of the jobs too.
WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
_broken = False


def start() -> None:
    """Make the pool now, in the background, so the first big file finds it running."""
    threading.Thread(target=_pool, name="parse-pool-start", daemon=True).start()


def running() -> bool:
    """Whether the pool's workers have been started (they may still be importing)."""
    return _executor is not None


def _pool() -> ProcessPoolExecutor | None:
    global _executor, _broken
    with _lock:
        if _executor is None and not _broken:
            try:
                # A fork server, not fork: the server forks its workers from a clean,
                # single-threaded process, never from a web server's threads.
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["player.vtt"])
                _executor = ProcessPoolExecutor(WORKERS, mp_context=context)
                # Spawn the workers now (the executor would on the first job).
                for _ in range(WORKERS):
                    _executor.submit(int)
            except (OSError, ValueError, RuntimeError):
                _broken = True
        return _executor


def _give_up() -> None:
    """A pool that failed (a worker killed, a main module a worker cannot import) is not
    tried again in this process: the jobs are done here."""
    global _executor, _broken
    with _lock:
        executor, _executor, _broken = _executor, None, True
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)


def run(function: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
    """[function(job) for job in jobs], computed here and in the pool's workers."""
    results: list[Any] = [None] * len(jobs)
    done = [False] * len(jobs)
    bounds = [0, len(jobs)]  # jobs[bounds[0]:bounds[1]] are not taken yet
    take = threading.Lock()

    def take_front() -> int | None:
        with take:
            if bounds[0] >= bounds[1]:
                return None
            bounds[0] += 1
            return bounds[0] - 1

    def take_back() -> int | None:
        with take:
            if bounds[0] >= bounds[1]:
                return None
            bounds[1] -= 1
            return bounds[1]

    def feed() -> None:
        executor = _pool()
        while executor is not None and (k := take_front()) is not None:
            try:
                results[k] = executor.submit(function, jobs[k]).result()
                done[k] = True
            except Exception:  # a broken pool, or a job the worker could not finish
                _give_up()
                return

    feeders = [threading.Thread(target=feed, daemon=True) for _ in range(WORKERS)]
    for feeder in feeders:
        feeder.start()
    while (k := take_back()) is not None:
        results[k] = function(jobs[k])
        done[k] = True
    for feeder in feeders:
        feeder.join()
    for k, finished in enumerate(done):  # a job a failing worker took is done here
        if not finished:
            results[k] = function(jobs[k])
    return results
