"""One progress bar per step of an import (decode, recognise, align, write) on stderr, drawn
by the studio's Progress from the fractions the aligner and ffmpeg report."""

from __future__ import annotations

from typing import TextIO

from player.studio.progress import Progress

STEPS = 100  # a bar counts percent


class StepBars:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.current: str | None = None
        self.bar: Progress | None = None

    def __call__(self, step: str, fraction: float) -> None:
        """progress(step, fraction), the aligner's callback: a new step closes the last bar."""
        if step != self.current:
            self.close()
            self.current, self.bar = step, Progress(step, STEPS, self.stream)
        done = int(max(0.0, min(1.0, fraction)) * STEPS)
        if done > self.bar.done:
            self.bar.step(done - self.bar.done)

    def close(self) -> None:
        if self.bar is not None:
            if self.bar.done < STEPS:
                self.bar.step(STEPS - self.bar.done)
            self.bar.close()
        self.current = self.bar = None
