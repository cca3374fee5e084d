"""Turns the timed narration into a sequence of scenes and draws the frame at any moment.

A scene runs from about the middle of the pause before its first phrase to the middle of the
pause before the next scene's; neighbours cross-fade over `FADE_S` around that boundary. Its
heading is the title of the chapter its first phrase is in, so the video's titles are the
page's chapters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import cairo

from player.studio.draw import HEIGHT, WIDTH, TextBox, background, ease, recording_text
from player.studio.errors import LessonScriptError
from player.studio.narration import Narration
from player.studio.scenes import SCENES, Moment
from player.studio.script import LessonScript, Phrase, Scene

FADE_S = 0.6
FPS = 30


@dataclass(frozen=True)
class SceneRun:
    kind: str
    params: Mapping[str, Any]
    start: float  # seconds on the track
    end: float
    beats: tuple[float, ...]  # phrase starts, seconds on the track
    heading: str = ""  # its chapter's title (the title card has none)


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
    spans = ((t.phrase, t.start_ms, t.end_ms) for t in narration.phrases)
    return plan_spans(script, spans, narration.duration_ms)


def plan_spans(
    script: LessonScript, spans: Iterable[tuple[Phrase, int, int]], duration_ms: int
) -> list[SceneRun]:
    """The scenes of a narration given as (phrase, start ms, end ms) per phrase: a render's, or
    the committed captions' (to draw any frame of the video without synthesizing speech)."""
    title = {"title": script.title, "subtitle": script.subtitle}
    groups: list[tuple[Scene, int, list[tuple[float, float]]]] = []  # scene, paragraph, marks
    previous_end = 0.0
    for phrase, start_ms, end_ms in spans:
        start, end = start_ms / 1000, end_ms / 1000
        if phrase.scene is not None:
            boundary = (previous_end + start) / 2 if groups else start - 0.5 * FADE_S
            groups.append((phrase.scene, phrase.paragraph, [(boundary, start)]))
        else:
            groups[-1][2].append((start, start))
        previous_end = end
    duration = duration_ms / 1000
    runs = [SceneRun("title", title, 0.0, groups[0][2][0][0], ())]
    for k, (scene, paragraph, marks) in enumerate(groups):
        end = groups[k + 1][2][0][0] if k + 1 < len(groups) else duration
        beats = tuple(start for _, start in marks)
        heading = next((c.title for c in reversed(script.chapters) if c.paragraph <= paragraph), "")
        runs.append(SceneRun(scene.kind, scene.params, marks[0][0], end, beats, heading))
    return runs


def _draw_run(ctx: cairo.Context, run: SceneRun, t: float) -> None:
    background(ctx)
    beats = tuple(b - run.start for b in run.beats) or (0.0,)
    moment = Moment(t - run.start, beats, run.end - run.start, run.heading)
    SCENES[run.kind](ctx, moment, run.params)


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

    def text_boxes(self, t: float) -> list[TextBox]:
        """Every text and label drawn in the frame at time t, in frame pixels."""
        with recording_text() as boxes:
            self.frame(t)
        return boxes

    def _fade_in(self, ctx: cairo.Context, run: SceneRun, t: float, k: float) -> None:
        ctx.push_group()
        _draw_run(ctx, run, t)
        ctx.pop_group_to_source()
        ctx.paint_with_alpha(ease(k))


def first_and_last_frames(run: SceneRun) -> tuple[float, float]:
    """The times of the first and the last frame of the video that show `run`."""
    first = max(0, math.ceil(run.start * FPS - 1e-6))  # frame numbers: n / FPS seconds
    last = math.ceil(run.end * FPS - 1e-6) - 1
    return first / FPS, last / FPS


def frame_times(duration_ms: int) -> Iterator[float]:
    """The presentation time of every frame: enough frames to cover the narration."""
    count = -(-duration_ms * FPS // 1000)
    for n in range(count):
        yield n / FPS
