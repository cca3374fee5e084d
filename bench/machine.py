"""Notes on the machine and the versions a run measured, for RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .browser import chromium_version


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _nginx() -> str:
    try:
        out = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    except OSError:
        return "not installed"
    return out.strip().split("/", 1)[-1]


def product_revision(product: Path) -> str:
    """The product's commit, and whether its working tree had uncommitted changes."""
    run = lambda *args: subprocess.run(  # noqa: E731
        ["git", "-C", str(product), *args], capture_output=True, text=True
    ).stdout.strip()
    commit = run("rev-parse", "--short", "HEAD") or "no git"
    dirty = run("status", "--porcelain", "--", "player", "static")
    return f"{commit}{' + uncommitted changes in player/ or static/' if dirty else ''}"


def notes(product: Path, hyperaudio: str) -> list[str]:
    return [
        f"CPU: {os.cpu_count()} × {_cpu_model()}",
        f"Chromium {chromium_version()} (headless, --disable-gpu), "
        f"Playwright {_version('playwright')}",
        f"Python {platform.python_version()}, Flask {_version('flask')}, "
        f"Werkzeug {_version('werkzeug')}, waitress {_version('waitress')}, "
        f"gunicorn {_version('gunicorn')}",
        f"nginx {_nginx()}, Hyperaudio Lite {hyperaudio} (npm)",
        f"product: {product} at {product_revision(product)}",
    ]
