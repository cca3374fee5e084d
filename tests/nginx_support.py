"""Debian's nginx for the tests, run with a configuration taken from docs/deploy.md: the
documented snippet is the tested one. nginx runs in the foreground, one process, on a
free loopback port, with every path it writes under a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

DEPLOY_DOC = Path(__file__).resolve().parent.parent / "docs" / "deploy.md"

# Around the documented snippet, what a test run needs: no daemon, no privileges to drop
# (as root, nginx would switch to `nobody`, who cannot read pytest's 0700 folders), and
# its pid, logs and temporary files in `root`.
MAIN = """\
daemon off;
master_process off;
{user}
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
{snippet}
}}
"""


def documented_snippet(name: str) -> str:
    """The ```nginx block of docs/deploy.md marked `<!-- tested: name -->`."""
    text = DEPLOY_DOC.read_text()
    match = re.search(rf"<!-- tested: {re.escape(name)} -->\s*```nginx\n(.*?)```", text, re.S)
    assert match, f"docs/deploy.md has no nginx block marked 'tested: {name}'"
    return match[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_nginx(snippet: str, root: Path, replacements: dict[str, str]):
    """Run nginx with `snippet` inside `http {}` (its `listen 80;` on a free loopback port,
    each key of `replacements` replaced by its value, and the documented headers snippet
    where it is included); yields the base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("these tests need nginx: apt-get install nginx")
    port = free_port()
    for old, new in {"listen 80;": f"listen 127.0.0.1:{port};", **replacements}.items():
        assert old in snippet, f"the documented snippet no longer has {old!r}"
        snippet = snippet.replace(old, new)
    headers = root / "snippets" / "lesson-player-headers.conf"
    headers.parent.mkdir(exist_ok=True)
    headers.write_text(documented_snippet("lesson-player-headers"))
    user = "user root;" if os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(MAIN.format(user=user, root=root, snippet=snippet))
    process = subprocess.Popen([binary, "-p", str(root), "-c", str(conf)])
    try:
        _wait_for_port(port, process, root)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def _wait_for_port(port: int, process: subprocess.Popen, root: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
            pytest.fail(f"nginx exited with {process.returncode}:\n{log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    pytest.fail("nginx did not open its port within 10 s")
