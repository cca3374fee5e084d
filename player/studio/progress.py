"""A plain text progress bar on stderr (no dependency): redrawn in place on a terminal,
printed every tenth otherwise so logs stay short."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(1, total), 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._last_tenth = -1
        self._draw()

    def step(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        self._draw()

    def _draw(self) -> None:
        fraction = self.done / self.total
        tenth = int(fraction * 10)
        if not self.tty and tenth == self._last_tenth and self.done < self.total:
            return
        if self.tty and self.done % 10 and self.done < self.total:
            return
        self._last_tenth = tenth
        filled = int(fraction * 30)
        bar = "#" * filled + "-" * (30 - filled)
        line = f"{self.label:<10} [{bar}] {self.done}/{self.total}"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> float:
        """Finish the bar and return the seconds it ran."""
        elapsed = time.monotonic() - self.started
        if self.tty:
            self.stream.write(f"  {elapsed:.1f} s\n")
        else:
            self.stream.write(f"{self.label:<10} done in {elapsed:.1f} s\n")
        self.stream.flush()
        return elapsed
