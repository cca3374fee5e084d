"""Turns the timed narration into a sequence of scenes and draws the frame at any moment.

A scene runs from about the middle of the pause before its first phrase to the middle of the
pause before the next scene's; neighbours cross-fade over `FADE_S` around that boundary.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import cairo

from player.studio.draw import HEIGHT, WIDTH, background, ease
from player.studio.errors import LessonScriptError
from player.studio.narration import Narration
from player.studio.scenes import SCENES, Moment
from player.studio.script import LessonScript

FADE_S = 0.6
FPS = 30


@dataclass(frozen=True)
class SceneRun:
    kind: str
    params: Mapping[str, Any]
    start: float  # seconds on the track
    end: float
    beats: tuple[float, ...]  # phrase starts, seconds on the track


def check_scene_kinds(script: LessonScript) -> None:
    """Fail early, before any synthesis, if the script names a scene kind that does not exist."""
    for phrase in script.phrases:
        if phrase.scene and phrase.scene.kind not in SCENES:
            raise LessonScriptError(
                script.path,
                phrase.id,
                f"unknown scene kind {phrase.scene.kind!r}; "
                f"known kinds: {sorted(k for k in SCENES if k != 'title')}",
            )


def plan(script: LessonScript, narration: Narration) -> list[SceneRun]:
    title = {"title": script.title, "subtitle": script.subtitle}
    groups: list[tuple[str, Mapping[str, Any], list[tuple[float, float]]]] = []
    previous_end = 0.0
    for timed in narration.phrases:
        start, end = timed.start_ms / 1000, timed.end_ms / 1000
        if timed.phrase.scene is not None:
            boundary = (previous_end + start) / 2 if groups else start - 0.5 * FADE_S
            groups.append((timed.phrase.scene.kind, timed.phrase.scene.params, [(boundary, start)]))
        else:
            groups[-1][2].append((start, start))
        previous_end = end
    duration = narration.duration_ms / 1000
    runs = [SceneRun("title", title, 0.0, groups[0][2][0][0], ())]
    for k, (kind, params, marks) in enumerate(groups):
        end = groups[k + 1][2][0][0] if k + 1 < len(groups) else duration
        beats = tuple(start for _, start in marks)
        runs.append(SceneRun(kind, params, marks[0][0], end, beats))
    return runs


def _draw_run(ctx: cairo.Context, run: SceneRun, t: float) -> None:
    background(ctx)
    beats = tuple(b - run.start for b in run.beats) or (0.0,)
    SCENES[run.kind](ctx, Moment(t - run.start, beats, run.end - run.start), run.params)


class Renderer:
    """Draws frames into one reusable surface; `frame(t)` returns its BGRX bytes."""

    def __init__(self, runs: list[SceneRun]) -> None:
        self.runs = runs
        self.surface = cairo.ImageSurface(cairo.FORMAT_RGB24, WIDTH, HEIGHT)
        if self.surface.get_stride() != WIDTH * 4:
            raise RuntimeError("unexpected cairo stride")

    def frame(self, t: float) -> bytes:
        ctx = cairo.Context(self.surface)
        index = next((i for i, r in enumerate(self.runs) if t < r.end), len(self.runs) - 1)
        run = self.runs[index]
        _draw_run(ctx, run, t)
        if index + 1 < len(self.runs) and t > run.end - FADE_S / 2:
            self._fade_in(ctx, self.runs[index + 1], t, (t - run.end + FADE_S / 2) / FADE_S)
        elif index > 0 and t < run.start + FADE_S / 2:
            k = (t - run.start + FADE_S / 2) / FADE_S
            ctx.push_group()
            _draw_run(ctx, self.runs[index - 1], t)
            ctx.pop_group_to_source()
            ctx.paint_with_alpha(1 - ease(k))
        self.surface.flush()
        return bytes(self.surface.get_data())

    def still(self, run: SceneRun, t_local: float) -> bytes:
        """One scene alone at a time inside it (for the poster), without neighbours."""
        ctx = cairo.Context(self.surface)
        _draw_run(ctx, run, run.start + t_local)
        self.surface.flush()
        return bytes(self.surface.get_data())

    def _fade_in(self, ctx: cairo.Context, run: SceneRun, t: float, k: float) -> None:
        ctx.push_group()
        _draw_run(ctx, run, t)
        ctx.pop_group_to_source()
        ctx.paint_with_alpha(ease(k))


def frame_times(duration_ms: int) -> Iterator[float]:
    """The presentation time of every frame: enough frames to cover the narration."""
    count = -(-duration_ms * FPS // 1000)
    for n in range(count):
        yield n / FPS
