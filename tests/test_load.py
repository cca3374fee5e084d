"""Under load: the production server, 64 viewers for 30 s on loopback, random byte ranges
of a 5 MiB video, every byte checked. Nothing is lost, nothing is wrong, memory stays flat.

Figures (throughput, latency) are printed, never asserted: timings depend on the machine.
bench/load_vs_nginx.py runs the same load against nginx for comparison.
"""

import os
import threading
import urllib.request

import pytest
from loadgen import run_load
from serverproc import production_server

CLIENTS = 64
SECONDS = 30
WARM_UP_SECONDS = 5
FILE_BYTES = 5 * 2**20
MAX_GROWTH_BYTES = 50 * 2**20


@pytest.fixture(scope="module")
def load_run(tmp_path_factory):
    """Run the load once; returns the result, the server's RSS each second, and the
    status of each lesson page fetched while the load ran."""
    root = tmp_path_factory.mktemp("load")
    captions, media = root / "captions", root / "media"
    captions.mkdir()
    media.mkdir()
    (captions / "load.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nLoad\n")
    video = media / "load.mp4"
    video.write_bytes(os.urandom(FILE_BYTES))
    with production_server(captions, media) as server:
        rss, pages = [], []
        done = threading.Event()

        def sample_memory():
            while not done.wait(1):
                rss.append(server.rss_bytes())

        def open_pages():
            while not done.wait(1):
                with urllib.request.urlopen(server.url + "/lessons/load", timeout=30) as page:
                    pages.append(page.status)

        watchers = [threading.Thread(target=sample_memory), threading.Thread(target=open_pages)]
        for watcher in watchers:
            watcher.start()
        try:
            result = run_load(
                server.url + "/media/load.mp4", video, clients=CLIENTS, seconds=SECONDS
            )
        finally:
            done.set()
            for watcher in watchers:
                watcher.join()
    return result, rss, pages


def test_every_answer_is_the_exact_range_asked_for(load_run, capsys):
    result, rss, _ = load_run
    with capsys.disabled():
        print(f"\nload, {CLIENTS} clients, production server: {result.summary()}")
        print(f"server RSS each second (MiB): {[round(r / 2**20) for r in rss]}")
    assert result.requests > CLIENTS
    assert result.first_errors == []
    assert (result.errors, result.corrupted_bytes) == (0, 0)


def test_the_load_lasts_its_time_with_every_client(load_run):
    result, _, _ = load_run
    assert result.seconds >= SECONDS
    assert len(result.latencies) == result.requests


def test_server_memory_stays_flat_after_warm_up(load_run):
    _, rss, _ = load_run
    settled = rss[WARM_UP_SECONDS:]
    assert len(settled) >= SECONDS - WARM_UP_SECONDS - 2
    assert max(settled) - settled[0] < MAX_GROWTH_BYTES


def test_lesson_pages_are_served_during_the_load(load_run):
    _, _, pages = load_run
    assert pages and set(pages) == {200}
