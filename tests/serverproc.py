"""Run a server in a subprocess on a free loopback port, for the load test, the production
tests and bench/load_vs_nginx.py: the production command (`lesson-player serve
--production`), or any command that prints its address.
"""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def rss_bytes(self) -> int:
        """The server's resident memory now, from /proc."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)[1]) * 1024


@contextlib.contextmanager
def running(command: list[str], ready: re.Pattern, *, timeout: float = 30, cwd=REPO):
    """Start `command`; once a line of its output matches `ready` (whose group `url` is
    the base URL) yield a Server; stop it (SIGINT, then SIGKILL) afterwards."""
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def drain():  # keeps reading so a chatty server never blocks on a full pipe
        for line in process.stdout:
            output.append(line)
            if not found.is_set() and (match := ready.search(line)):
                url.append(match["url"].rstrip("/"))
                found.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while not found.wait(0.1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start:\n" + "".join(output))
        yield Server(url[0], process, output)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(5)
        process.stdout.close()


SERVING = re.compile(r"Serving on (?P<url>http://127\.0\.0\.1:\d+/)")


def production_server(captions: Path, media: Path, *args: str):
    """`lesson-player serve --production` on a free loopback port."""
    command = [sys.executable, "-m", "player.cli", "serve", "--production"]
    command += ["--captions", str(captions), "--media", str(media), "--port", "0", *args]
    return running(command, SERVING)
