"""Anatomical figures drawn from a few parameters: body, spine, organs, nerves, vertebrae.

Everything is simplified on purpose (teaching diagrams, not atlas plates) and deterministic:
the same arguments draw the same pixels.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cairo

from player.regions import LEVELS
from player.studio.draw import (
    Color,
    Palette,
    clamp,
    ease,
    fill_stroke,
    glow,
    mix,
    mix_color,
    rounded_rect,
)
from player.studio.draw import tumor as draw_tumor

VERTEBRAE = LEVELS  # C1-C7, T1-T12, L1-L5: the same levels the callouts name
REGION_OF = {"c": "cervical", "t": "thoracic", "l": "lumbar"}
REGION_COLOR = {
    "cervical": Palette.cervical,
    "thoracic": Palette.thoracic,
    "lumbar": Palette.lumbar,
    "sacral": Palette.sacral,
}


def _relative_size(name: str) -> tuple[float, float]:
    """(width, height) of a vertebral body relative to a mid-thoracic one."""
    n = int(name[1:])
    if name[0] == "c":
        return 0.72 + 0.03 * n, 0.62
    if name[0] == "t":
        return 0.86 + 0.025 * n, 0.78 + 0.02 * n
    return 1.25 + 0.05 * n, 1.06 + 0.02 * n


@dataclass(frozen=True)
class Vertebra:
    name: str
    x: float
    y: float
    w: float
    h: float
    angle: float  # radians; 0 is upright


@dataclass(frozen=True)
class SpineShape:
    vertebrae: tuple[Vertebra, ...]
    sacrum: tuple[float, float, float, float]  # x, y (top centre), width, height
    unit: float  # width of a mid-thoracic body, px
    lateral: bool

    def at(self, name: str) -> Vertebra:
        return next(v for v in self.vertebrae if v.name == name)

    def region_span(self, region: str) -> tuple[float, float]:
        """Top and bottom y of a region (sacral: the sacrum)."""
        if region == "sacral":
            return self.sacrum[1], self.sacrum[1] + self.sacrum[3]
        members = [v for v in self.vertebrae if REGION_OF[v.name[0]] == region]
        return members[0].y - members[0].h / 2, members[-1].y + members[-1].h / 2


def spine_shape(cx: float, top: float, bottom: float, unit: float, curve: float) -> SpineShape:
    """Lay the 24 vertebrae and the sacrum from `top` to `bottom`.

    `curve` bends the column into the lateral S (neck and low back forward, to the left;
    chest back, to the right); 0 gives the straight front view.
    """
    sizes = [_relative_size(n) for n in VERTEBRAE]
    gap = 0.24
    sacrum_share = 2.4
    total = sum(h for _, h in sizes) + gap * len(sizes) + sacrum_share
    scale = (bottom - top) / total

    def offset(s: float) -> float:
        return -curve * unit * 0.55 * math.cos(2 * math.pi * (s - 0.1) / 0.7)

    placed = []
    y = top
    for name, (w, h) in zip(VERTEBRAE, sizes, strict=True):
        centre = y + h * scale / 2
        s = (centre - top) / (bottom - top)
        slope = (offset(s + 0.01) - offset(s - 0.01)) / (0.02 * (bottom - top))
        placed.append(
            Vertebra(name, cx + offset(s), centre, w * unit, h * scale, -math.atan(slope))
        )
        y += (h + gap) * scale
    sacrum = (cx + offset(0.93) + curve * unit * 0.2, y, 1.6 * unit, sacrum_share * scale * 0.95)
    return SpineShape(tuple(placed), sacrum, unit, curve > 0)


def draw_spine(
    ctx: cairo.Context,
    shape: SpineShape,
    alpha: float = 1.0,
    tint: dict[str, float] | None = None,
    lit: dict[str, tuple[Color, float]] | None = None,
) -> None:
    """Draw the column. `tint`: region -> 0..1 wash of its colour; `lit`: vertebra -> (colour,
    strength) glow for single vertebrae."""
    if alpha <= 0:
        return
    tint = tint or {}
    lit = lit or {}
    for v in shape.vertebrae:
        region = REGION_OF[v.name[0]]
        wash = tint.get(region, 0.0)
        fill = mix_color(Palette.bone, REGION_COLOR[region], 0.75 * wash)
        ctx.save()
        ctx.translate(v.x, v.y)
        ctx.rotate(v.angle)
        if shape.lateral:
            ctx.move_to(v.w * 0.45, -v.h * 0.25)
            ctx.line_to(v.w * 1.05, v.h * 0.35)
            ctx.line_to(v.w * 0.95, v.h * 0.6)
            ctx.line_to(v.w * 0.45, v.h * 0.2)
            ctx.close_path()
            fill_stroke(ctx, fill, Palette.bone_edge, 1.2, alpha)
        rounded_rect(ctx, -v.w / 2, -v.h / 2, v.w, v.h, min(v.w, v.h) * 0.28)
        fill_stroke(ctx, fill, Palette.bone_edge, 1.4, alpha)
        ctx.restore()
        if v.name in lit:
            color, strength = lit[v.name]
            glow(ctx, v.x, v.y, v.w * 1.1, color, 0.8 * strength * alpha)
            ctx.save()
            ctx.translate(v.x, v.y)
            ctx.rotate(v.angle)
            rounded_rect(ctx, -v.w / 2, -v.h / 2, v.w, v.h, min(v.w, v.h) * 0.28)
            ctx.set_source_rgba(*color, 0.85 * strength * alpha)
            ctx.fill()
            ctx.restore()
    x, y, w, h = shape.sacrum
    wash = tint.get("sacral", 0.0)
    ctx.move_to(x - w / 2, y)
    ctx.line_to(x + w / 2, y)
    ctx.curve_to(x + w / 2, y + h * 0.5, x + w * 0.15, y + h * 0.8, x, y + h)
    ctx.curve_to(x - w * 0.15, y + h * 0.8, x - w / 2, y + h * 0.5, x - w / 2, y)
    ctx.close_path()
    fill_stroke(
        ctx, mix_color(Palette.bone, Palette.sacral, 0.75 * wash), Palette.bone_edge, 1.4, alpha
    )


@dataclass(frozen=True)
class BodyShape:
    """A standing figure, front view; `u` is 1/100 of its height."""

    cx: float
    top: float
    u: float

    def p(self, x: float, y: float) -> tuple[float, float]:
        return (self.cx + x * self.u, self.top + y * self.u)

    def spine(self) -> SpineShape:
        return spine_shape(
            self.cx, self.top + 14.5 * self.u, self.top + 56 * self.u, 3.2 * self.u, 0
        )

    def arm(self, side: int) -> list[tuple[float, float]]:
        return [self.p(side * 11.5, 18.5), self.p(side * 16.5, 34), self.p(side * 18.5, 50)]

    def leg(self, side: int) -> list[tuple[float, float]]:
        return [self.p(side * 5.5, 55), self.p(side * 6.5, 76), self.p(side * 7.2, 96)]


def draw_body(
    ctx: cairo.Context, body: BodyShape, alpha: float = 1.0, fill: Color = Palette.body
) -> None:
    """Silhouette drawn as thick rounded strokes: an edge pass, then a fill pass, so the
    overlapping parts merge into one outline."""
    if alpha <= 0:
        return
    u = body.u
    ctx.push_group()
    for colour, extra in ((Palette.body_edge, 0.7 * u), (fill, 0)):
        ctx.set_source_rgb(*colour)
        ctx.set_line_cap(cairo.LINE_CAP_ROUND)
        ctx.set_line_join(cairo.LINE_JOIN_ROUND)
        ctx.arc(*body.p(0, 6.5), 6 * u + extra / 2, 0, 2 * math.pi)
        ctx.fill()
        for side in (-1, 1):
            for path, width in ((body.arm(side), 5.2 * u), (body.leg(side), 7.4 * u)):
                ctx.set_line_width(width + extra)
                ctx.move_to(*path[0])
                ctx.curve_to(*path[1], *path[1], *path[2])
                ctx.stroke()
        ctx.set_line_width(5 * u + extra)
        ctx.move_to(*body.p(0, 10))
        ctx.line_to(*body.p(0, 17))
        ctx.stroke()
        _torso(ctx, body)
        ctx.set_line_width(extra + 0.01)
        ctx.stroke_preserve()
        ctx.fill()
    ctx.pop_group_to_source()
    ctx.paint_with_alpha(alpha)


def _torso(ctx: cairo.Context, body: BodyShape) -> None:
    p = body.p
    ctx.move_to(*p(-12, 16.5))
    ctx.curve_to(*p(-14.5, 17), *p(-13, 26), *p(-11.5, 33))
    ctx.curve_to(*p(-10, 40), *p(-11, 45), *p(-11.5, 50))
    ctx.curve_to(*p(-12, 55), *p(-8, 58), *p(0, 58))
    ctx.curve_to(*p(8, 58), *p(12, 55), *p(11.5, 50))
    ctx.curve_to(*p(11, 45), *p(10, 40), *p(11.5, 33))
    ctx.curve_to(*p(13, 26), *p(14.5, 17), *p(12, 16.5))
    ctx.close_path()


ORGAN_CENTRES = {
    "lungs": [(-6.2, 27), (6.2, 27)],
    "breast": [(-6.5, 30.5), (6.5, 30.5)],
    "liver": [(-4.5, 38.5)],
    "bowel-bladder": [(0, 46), (0, 52.5)],
}


def draw_organ(
    ctx: cairo.Context, body: BodyShape, organ: str, alpha: float, glow_amount: float = 0.0
) -> None:
    if alpha <= 0:
        return
    u = body.u
    color = mix_color(Palette.organ, Palette.body_edge, 0.35 + 0.5 * glow_amount)
    edge = mix_color(Palette.body_edge, Palette.text, glow_amount)
    if organ == "lungs":
        for side in (-1, 1):
            x, y = body.p(side * 6.2, 27)
            ctx.save()
            ctx.translate(x, y)
            ctx.scale(4.3 * u, 8 * u)
            ctx.arc(0, 0, 1, 0, 2 * math.pi)
            ctx.restore()
            fill_stroke(ctx, color, edge, 2, alpha)
    elif organ == "breast":
        for side in (-1, 1):
            x, y = body.p(side * 6.5, 30.5)
            ctx.arc(x, y + 0.5 * u, 3.3 * u, 0.15 * math.pi, 0.85 * math.pi)
            ctx.set_source_rgba(*edge, alpha)
            ctx.set_line_width(3)
            ctx.stroke()
    elif organ == "liver":
        p = body.p
        ctx.move_to(*p(-10, 36))
        ctx.curve_to(*p(-6, 34.5), *p(0, 35), *p(3, 36.5))
        ctx.curve_to(*p(1, 39), *p(-4, 41.5), *p(-9, 41.5))
        ctx.curve_to(*p(-11, 40), *p(-11, 37), *p(-10, 36))
        ctx.close_path()
        fill_stroke(ctx, mix_color(color, Palette.tumor_core, 0.2), edge, 2, alpha)
    elif organ == "bowel-bladder":
        ctx.set_line_width(1.6 * u)
        ctx.set_line_cap(cairo.LINE_CAP_ROUND)
        ctx.set_source_rgba(*color, alpha)
        ctx.move_to(*body.p(-6, 44))
        for k in range(4):
            y = 43.5 + k * 1.9
            ctx.curve_to(*body.p(-7, y), *body.p(7, y), *body.p(6, y + 0.95))
            ctx.curve_to(*body.p(7, y + 1.9), *body.p(-7, y + 1.9), *body.p(-6, y + 1.9))
        ctx.stroke()
        x, y = body.p(0, 52.5)
        ctx.save()
        ctx.translate(x, y)
        ctx.scale(3.2 * u, 2.4 * u)
        ctx.arc(0, 0, 1, 0, 2 * math.pi)
        ctx.restore()
        fill_stroke(ctx, color, edge, 2, alpha)


def nerve_paths(body: BodyShape) -> dict[str, list[list[tuple[float, float]]]]:
    """Nerve trunks as Bézier chains: 'arms' leave the neck, 'legs' the low back."""
    p = body.p
    arms, legs = [], []
    for side in (-1, 1):
        arms.append(
            [
                p(side * 1.2, 17),
                p(side * 5, 17),
                p(side * 9, 17.5),
                p(side * 11.5, 19),
                p(side * 15, 24),
                p(side * 16.5, 32),
                p(side * 17, 36),
                p(side * 17.5, 41),
                p(side * 18.3, 46),
                p(side * 18.6, 51),
            ]
        )
        legs.append(
            [
                p(side * 1.3, 51),
                p(side * 3, 53),
                p(side * 4.5, 55),
                p(side * 5.3, 58),
                p(side * 6, 66),
                p(side * 6.5, 72),
                p(side * 6.6, 77),
                p(side * 6.8, 84),
                p(side * 7, 90),
                p(side * 7.2, 96),
            ]
        )
    return {"arms": arms, "legs": legs}


def cells(seed: int, count: int) -> list[tuple[float, float, float]]:
    """Per travelling cell: (delay 0..1, sideways jitter -1..1, size factor)."""
    rng = random.Random(seed)
    return [(rng.random(), rng.uniform(-1, 1), rng.uniform(0.75, 1.2)) for _ in range(count)]


@dataclass(frozen=True)
class StackState:
    """How one vertebra of a close-up stack looks: tumor radius (0..1 of the body height),
    weakness (holes in the bone) and collapse (0..1 of a wedge compression)."""

    tumor: float = 0.0
    weak: float = 0.0
    collapse: float = 0.0
    highlight: float = 0.0


def draw_stack(
    ctx: cairo.Context,
    names: list[str],
    x: float,
    top: float,
    height: float,
    states: dict[str, StackState],
    alpha: float = 1.0,
) -> dict[str, tuple[float, float, float, float]]:
    """A lateral close-up of consecutive vertebrae (front of the body to the left); returns
    each body's box (x, y, w, h) after any collapse, for labels."""
    count = len(names)
    pitch = height / count
    bh, bw = pitch * 0.74, pitch * 1.35
    boxes: dict[str, tuple[float, float, float, float]] = {}
    cord_x = x + bw / 2 + pitch * 0.42
    ctx.set_source_rgba(*Palette.cord, 0.85 * alpha)
    rounded_rect(
        ctx, cord_x - pitch * 0.14, top - pitch * 0.3, pitch * 0.28, height + pitch * 0.3, 8
    )
    ctx.fill()
    drop = 0.0  # collapse of lower vertebrae lets the ones above sink
    layout = []
    for name in reversed(names):
        state = states.get(name, StackState())
        layout.append((name, state, drop))
        drop += state.collapse * bh * 0.42
    for name, state, sink in reversed(layout):
        i = names.index(name)
        y0 = top + i * pitch + sink
        boxes[name] = _stack_body(ctx, name, x, y0, bw, bh, pitch, state, alpha)
        if i < count - 1:
            disc_y = y0 + bh + (pitch - bh) / 2
            rounded_rect(
                ctx, x - bw / 2 + 4, disc_y - (pitch - bh) * 0.38, bw - 8, (pitch - bh) * 0.76, 6
            )
            fill_stroke(ctx, Palette.disc, None, alpha=0.9 * alpha)
            ctx.set_source_rgba(*Palette.nerve, 0.9 * alpha)
            ctx.set_line_width(pitch * 0.09)
            ctx.set_line_cap(cairo.LINE_CAP_ROUND)
            ctx.move_to(cord_x, disc_y)
            ctx.curve_to(
                cord_x + pitch * 0.3,
                disc_y,
                cord_x + pitch * 0.45,
                disc_y + pitch * 0.2,
                cord_x + pitch * 0.85,
                disc_y + pitch * 0.3,
            )
            ctx.stroke()
    return boxes


def _stack_body(
    ctx: cairo.Context,
    name: str,
    x: float,
    y0: float,
    bw: float,
    bh: float,
    pitch: float,
    state: StackState,
    alpha: float,
) -> tuple[float, float, float, float]:
    squash = state.collapse * bh * 0.42
    front_drop, back_drop = squash * 1.35, squash * 0.65  # a wedge: the front collapses more
    left, right, bottom = x - bw / 2, x + bw / 2, y0 + bh
    r = bh * 0.16
    fill = mix_color(Palette.bone, Palette.tumor, 0.25 * state.highlight)
    # posterior elements: pedicle and spinous process, behind the cord
    ctx.move_to(right - 4, y0 + bh * 0.25 + back_drop)
    ctx.line_to(right + pitch * 0.95, y0 + bh * 0.45 + back_drop)
    ctx.line_to(right + pitch * 1.05, y0 + bh * 0.85 + back_drop * 0.5)
    ctx.line_to(right - 4, y0 + bh * 0.7 + back_drop * 0.5)
    ctx.close_path()
    fill_stroke(ctx, fill, Palette.bone_edge, 2, alpha)
    ctx.move_to(left + r, y0 + front_drop)
    ctx.line_to(right - r, y0 + back_drop)
    ctx.curve_to(right, y0 + back_drop, right, y0 + back_drop, right, y0 + back_drop + r)
    ctx.line_to(right, bottom - r)
    ctx.curve_to(right, bottom, right, bottom, right - r, bottom)
    ctx.line_to(left + r, bottom)
    ctx.curve_to(left, bottom, left, bottom, left, bottom - r)
    ctx.line_to(left, y0 + front_drop + r)
    ctx.curve_to(left, y0 + front_drop, left, y0 + front_drop, left + r, y0 + front_drop)
    ctx.close_path()
    outline = ctx.copy_path()
    fill_stroke(ctx, fill, Palette.bone_edge, 2.5, alpha)
    ctx.save()
    ctx.append_path(outline)
    ctx.clip()
    rng = random.Random(name)
    for _ in range(46):  # cancellous bone: marrow spaces; weakness opens them into holes
        px, py = rng.uniform(left, right), rng.uniform(y0, bottom)
        size = rng.uniform(1.5, 4.0) * (1 + 1.6 * state.weak)
        ctx.arc(px, py, size, 0, 2 * math.pi)
        color = mix_color(Palette.marrow, Palette.ground_top, state.weak * 0.8)
        ctx.set_source_rgba(*color, alpha * 0.8)
        ctx.fill()
    if state.tumor > 0:
        cy = (y0 + front_drop + bottom) / 2
        draw_tumor(ctx, x - bw * 0.05, cy, state.tumor * bh * 0.42, seed=len(name) + 3, alpha=alpha)
    if state.weak > 0.3:
        ctx.set_source_rgba(*Palette.ground_top, alpha * clamp((state.weak - 0.3) / 0.7))
        ctx.set_line_width(2.5)
        ctx.move_to(left + bw * 0.1, y0 + bh * 0.3 + front_drop)
        ctx.line_to(left + bw * 0.35, y0 + bh * 0.45)
        ctx.line_to(left + bw * 0.3, y0 + bh * 0.62)
        ctx.line_to(left + bw * 0.6, y0 + bh * 0.78)
        ctx.stroke()
    ctx.restore()
    return (left, y0 + front_drop, bw, bh - front_drop)


def draw_vertebra_axial(
    ctx: cairo.Context,
    cx: float,
    cy: float,
    s: float,
    alpha: float = 1.0,
    marrow: float = 1.0,
    soft_tissue: float = 0.0,
) -> None:
    """A vertebra seen from above (front of the body up): body, canal with the cord, arch,
    processes, and the soft tissue (muscle) beside it, washed in by `soft_tissue`."""
    if alpha <= 0:
        return
    for side in (-1, 1):  # paraspinal muscles
        ctx.save()
        ctx.translate(cx + side * 0.75 * s, cy + 1.55 * s)
        ctx.rotate(side * 0.35)
        ctx.scale(0.62 * s, 0.42 * s)
        ctx.arc(0, 0, 1, 0, 2 * math.pi)
        ctx.restore()
        muscle = Palette.muscle
        edge = mix_color(Palette.body_edge, Palette.lymph, soft_tissue)
        fill_stroke(
            ctx,
            mix_color(muscle, Palette.lymph, 0.35 * soft_tissue),
            edge,
            2 + 2 * soft_tissue,
            alpha * (0.75 + 0.25 * soft_tissue),
        )
    # arch: pedicles, laminae and the spinous process, drawn as one outline
    ctx.move_to(cx - 0.55 * s, cy + 0.55 * s)
    ctx.curve_to(
        cx - 0.75 * s, cy + 0.95 * s, cx - 1.45 * s, cy + 0.85 * s, cx - 1.6 * s, cy + 0.95 * s
    )
    ctx.curve_to(
        cx - 1.55 * s, cy + 1.15 * s, cx - 0.8 * s, cy + 1.25 * s, cx - 0.45 * s, cy + 1.5 * s
    )
    ctx.curve_to(cx - 0.2 * s, cy + 1.75 * s, cx - 0.1 * s, cy + 2.2 * s, cx, cy + 2.35 * s)
    ctx.curve_to(
        cx + 0.1 * s, cy + 2.2 * s, cx + 0.2 * s, cy + 1.75 * s, cx + 0.45 * s, cy + 1.5 * s
    )
    ctx.curve_to(
        cx + 0.8 * s, cy + 1.25 * s, cx + 1.55 * s, cy + 1.15 * s, cx + 1.6 * s, cy + 0.95 * s
    )
    ctx.curve_to(
        cx + 1.45 * s, cy + 0.85 * s, cx + 0.75 * s, cy + 0.95 * s, cx + 0.55 * s, cy + 0.55 * s
    )
    ctx.close_path()
    fill_stroke(ctx, Palette.bone, Palette.bone_edge, 2.5, alpha)
    ctx.arc(cx, cy + 1.05 * s, 0.36 * s, 0, 2 * math.pi)  # the canal
    fill_stroke(ctx, Palette.ground_top, Palette.bone_edge, 2, alpha)
    ctx.arc(cx, cy + 1.05 * s, 0.24 * s, 0, 2 * math.pi)
    fill_stroke(ctx, Palette.cord, None, alpha=alpha)
    # the vertebral body: a rounded kidney shape
    ctx.save()
    ctx.translate(cx, cy)
    ctx.scale(1.05 * s, 0.8 * s)
    ctx.arc(0, 0, 1, 0, 2 * math.pi)
    ctx.restore()
    body_outline = ctx.copy_path()
    fill_stroke(ctx, Palette.bone, Palette.bone_edge, 2.5, alpha)
    if marrow > 0:
        ctx.save()
        ctx.append_path(body_outline)
        ctx.clip()
        rng = random.Random(7)
        for _ in range(70):
            px, py = cx + rng.uniform(-s, s), cy + rng.uniform(-0.8 * s, 0.8 * s)
            ctx.arc(px, py, rng.uniform(0.03, 0.07) * s, 0, 2 * math.pi)
            ctx.set_source_rgba(*Palette.marrow, alpha * marrow * 0.85)
            ctx.fill()
        ctx.restore()


def region_label_y(shape: SpineShape, region: str) -> float:
    top, bottom = shape.region_span(region)
    return (top + bottom) / 2


def lerp_point(a: tuple[float, float], b: tuple[float, float], k: float) -> tuple[float, float]:
    return (mix(a[0], b[0], k), mix(a[1], b[1], k))


def appear(t: float, start: float, length: float = 0.6) -> float:
    """Eased 0..1 as t passes from start to start + length (seconds)."""
    return ease((t - start) / length)
