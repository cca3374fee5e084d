"""Benchmark, not a test: would HLS serve the built-in lesson better than its MP4 with byte
ranges? Prints, for each link, time to first frame and to the frame after a seek to 80 s.

    python bench/hls_vs_ranges.py [--runs 9] [--video static/media/metastatic-spinal-cancer.mp4]

The MP4 is cut into 4 s MPEG-TS segments without re-encoding (ffmpeg), both are served by
Debian's nginx on loopback, and Debian's Chromium (156 when measured; it plays HLS
natively) loads each in a fresh context under DevTools network emulation. Medians.
Figures are in docs/deploy.md ("HLS: measured, not added").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from nginx_support import running_nginx  # noqa: E402

SERVER = """
server {
    listen 80;
    types { text/html html; video/mp4 mp4; application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
    sendfile on;
    tcp_nopush on;
    location / { root WWW; }
}
"""
LINKS = {  # name: (added round-trip latency in ms, bytes per second), None for none
    "loopback": None,
    "40 ms RTT, 10 Mbit/s": (40, 10_000_000 / 8),
    "150 ms RTT, 1.6 Mbit/s": (150, 1_600_000 / 8),
}
# First frame after play(), then, half a second later, a seek to `seekTo` until its frame.
PLAY_AND_SEEK = """async ([src, seekTo]) => {
  const v = document.getElementById('v');
  const frame = () => new Promise((r) => v.requestVideoFrameCallback(() => r(performance.now())));
  const t0 = performance.now();
  v.src = src;
  const first = frame();
  v.play();
  const firstFrame = (await first) - t0;
  await new Promise((r) => setTimeout(r, 500));
  const buffered = v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0;
  const t1 = performance.now();
  const after = frame();
  v.currentTime = seekTo;
  return [firstFrame, (await after) - t1, buffered];
}"""


def make_site(www: Path, video: Path) -> None:
    (www / "hls").mkdir(parents=True)
    (www / "page.html").write_text("<!doctype html><video id=v muted playsinline></video>")
    (www / "lesson.mp4").write_bytes(video.read_bytes())
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), "-c", "copy", "-f", "hls",
         "-hls_time", "4", "-hls_playlist_type", "vod",
         "-hls_segment_filename", str(www / "hls" / "seg%03d.ts"), str(www / "hls" / "index.m3u8")],
        check=True,
    )  # fmt: skip


def trial(browser, base: str, src: str, link) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    if link:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        latency, rate = link
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": latency, "downloadThroughput": rate,
             "uploadThroughput": rate},
        )  # fmt: skip
    page.goto(base + "/page.html")
    result = page.evaluate(PLAY_AND_SEEK, [src, 80])
    context.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--video", type=Path, default=REPO / "static/media/metastatic-spinal-cancer.mp4"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        root = Path(tmp)
        make_site(root / "www", args.video)
        hls_bytes = sum(p.stat().st_size for p in (root / "www" / "hls").iterdir())
        print(f"MP4 {args.video.stat().st_size / 1e6:.2f} MB; HLS {hls_bytes / 1e6:.2f} MB")
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        browser = pw.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--autoplay-policy=no-user-gesture-required"],
        )
        (root / "nginx").mkdir()
        server = SERVER.replace("WWW", str(root / "www"))
        with running_nginx(server, root / "nginx", {}) as base:
            print(f"{'link':24} {'':14} {'first frame':>12} {'seek 80 s':>10} {'buffered':>9}")
            for name, link in LINKS.items():
                for kind, src in [("MP4 + ranges", "/lesson.mp4"), ("HLS", "/hls/index.m3u8")]:
                    runs = [trial(browser, base, src, link) for _ in range(args.runs)]
                    first, seek, buffered = (
                        statistics.median(r[i] for r in runs) for i in range(3)
                    )
                    print(f"{name:24} {kind:14} {first:9.0f} ms {seek:7.0f} ms {buffered:7.1f} s")
        browser.close()
    print("buffered: how far the video was downloaded when the seek was asked for")
    return 0


if __name__ == "__main__":
    sys.exit(main())
