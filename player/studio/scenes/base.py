"""What a scene is: a function that draws one frame from a `Moment`, registered by kind name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import cairo

from player.studio.draw import ease

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

    def beat(self, i: int) -> float:
        if i < len(self.beats):
            return self.beats[i]
        return self.beats[-1] + (i - len(self.beats) + 1) * FALLBACK_BEAT_S

    def since(self, i: int) -> float:
        return self.t - self.beat(i)

    def on(self, i: int, length: float = 0.6, delay: float = 0.0) -> float:
        """0..1, eased, as the scene passes from beat i (+ delay) over `length` seconds."""
        return ease((self.since(i) - delay) / length)


Draw = Callable[[cairo.Context, Moment, Mapping[str, Any]], None]
SCENES: dict[str, Draw] = {}


def scene(kind: str) -> Callable[[Draw], Draw]:
    def register(draw: Draw) -> Draw:
        SCENES[kind] = draw
        return draw

    return register
