"""What a scene is: a function that draws one frame from a `Moment`, registered by kind name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import cairo

from player.studio.draw import Color, Palette, ease, text

FALLBACK_BEAT_S = 1.5  # spacing of beats a scene expects but its lesson does not give it


@dataclass(frozen=True)
class Moment:
    """A time inside a scene (seconds from its start) and the starts of its phrases (beats).

    Scenes stage their animation on beats, so a picture changes as the phrase that names it
    is spoken.
    """

    t: float
    beats: tuple[float, ...]
    length: float
    title: str = ""  # the scene's heading: its chapter's title

    def beat(self, i: int) -> float:
        if i < len(self.beats):
            return self.beats[i]
        return self.beats[-1] + (i - len(self.beats) + 1) * FALLBACK_BEAT_S

    def since(self, i: int) -> float:
        return self.t - self.beat(i)

    def on(self, i: int, length: float = 0.6, delay: float = 0.0) -> float:
        """0..1, eased, as the scene passes from beat i (+ delay) over `length` seconds."""
        return ease((self.since(i) - delay) / length)


def example(levels: list[str]) -> str:
    """How a scene names vertebrae it shows only to illustrate: 'for example, T6, T7 and T8'."""
    names = [level.upper() for level in levels]
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return f"for example, {listed}"


def example_note(
    ctx: cairo.Context,
    levels: list[str],
    x: float,
    y: float,
    alpha: float,
    align: str = "left",
    color: Color = Palette.muted,
) -> None:
    """Label the vertebrae a scene picked as an example, so no one reads them as the ones the
    narration means (the narration names no level)."""
    text(ctx, example(levels), x, y, 22, color, alpha, align=align)


Draw = Callable[[cairo.Context, Moment, Mapping[str, Any]], None]
SCENES: dict[str, Draw] = {}


def scene(kind: str) -> Callable[[Draw], Draw]:
    def register(draw: Draw) -> Draw:
        SCENES[kind] = draw
        return draw

    return register
