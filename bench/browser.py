"""Debian's Chromium through Playwright (never `playwright install`)."""

from __future__ import annotations

import re
import subprocess
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--autoplay-policy=no-user-gesture-required",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--mute-audio",
]
JS = Path(__file__).resolve().parent / "js"
# Page errors seen during the run: reported under the table, never fatal (the page is
# being changed by others while the bench runs).
NOTES: list[str] = []


@contextmanager
def chromium():
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"the benchmarks need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, *, idle_probe: bool = False, viewport=(1280, 800)):
    """A fresh context and page with the recorder (and optionally the callback counter)
    injected before any page script. Close with `page.context.close()`."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.add_init_script(path=str(JS / "recorder.js"))
    if idle_probe:
        page.add_init_script(path=str(JS / "idle.js"))
    return page


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"[\d.]+\d", out)
    return match.group(0) if match else out.strip()
