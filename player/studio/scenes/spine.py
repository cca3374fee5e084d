"""Spine scenes: its regions, bone versus soft tissue, several vertebrae, a compression fracture."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import cairo

from player.studio.anatomy import (
    REGION_COLOR,
    StackState,
    draw_spine,
    draw_stack,
    draw_vertebra_axial,
    region_label_y,
    spine_shape,
)
from player.studio.draw import (
    Palette,
    ease,
    glow,
    heading,
    label,
    leader,
    pulse,
    text,
    tumor,
)
from player.studio.scenes.base import Moment, example_note, scene

REGION_NAMES = {
    "cervical": "Cervical (neck)",
    "thoracic": "Thoracic (mid back)",
    "lumbar": "Lumbar (lower back)",
    "sacral": "Sacrum",
}


@scene("regions")
def regions(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """The column's regions; the most common one lights first, then the others named."""
    shape = spine_shape(420, 120, 690, 46, curve=1.0)
    common = str(params.get("most_common", "thoracic"))
    also = [str(r) for r in params.get("also", [])]
    heading(ctx, m.title, m.on(0))
    tint = {}
    for region in REGION_COLOR:
        tint[region] = 0.35
        if region == common:
            tint[region] = 0.35 + 0.65 * m.on(1, 0.8)
        elif region in also:
            tint[region] = 0.35 + 0.45 * m.on(2, 0.8, 0.6 * also.index(region))
    top, bottom = shape.region_span(common)
    mid = (top + bottom) / 2
    glow(
        ctx,
        470,
        mid,
        (bottom - top) * 0.75,
        Palette.tumor,
        0.45 * m.on(1, 0.8) * (0.7 + 0.3 * pulse(m.t)),
    )
    draw_spine(ctx, shape, m.on(0, 0.8), tint)
    for k, region in enumerate(REGION_COLOR):
        y = region_label_y(shape, region)
        emphasis = m.on(1, 0.6) if region == common else 0.0
        if region in also:
            emphasis = m.on(2, 0.6, 0.6 * also.index(region))
        accent = Palette.tumor if region == common else REGION_COLOR[region]
        shown = 0.55 + 0.45 * max(emphasis, 0.0)
        box = label(
            ctx,
            REGION_NAMES[region],
            700,
            y,
            m.on(0, 0.6, 0.25 * k) * shown,
            size=26 + 4 * emphasis,
            accent=accent,
        )
        leader(
            ctx,
            700,
            y,
            560 if region != "sacral" else 520,
            y,
            REGION_COLOR[region],
            m.on(0, 0.6, 0.25 * k + 0.2) * shown,
        )
        if region == common:  # under its region's name: beside it, it ran off the frame
            label(
                ctx,
                "Most common",
                box[0] + 24,
                y + box[3] / 2 + 26,
                m.on(1, 0.6, 0.4),
                accent=Palette.tumor,
                size=22,
            )


@scene("bone-vs-soft-tissue")
def bone_vs_soft_tissue(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """A vertebra seen from above: the tumor in its bone (usual), then in soft tissue (rare)."""
    cx, cy, s = 640, 255, 118
    heading(ctx, m.title, m.on(0))
    soft = m.on(1, 0.8)
    draw_vertebra_axial(ctx, cx, cy, s, m.on(0, 0.7), soft_tissue=soft * (0.6 + 0.4 * pulse(m.t)))
    grow = m.on(0, 1.4, 0.5)
    tumor(ctx, cx - 30, cy - 10, 52 * grow, seed=4)
    small = m.on(1, 1.2, 0.6)
    tumor(ctx, cx + 0.78 * s, cy + 1.55 * s, 20 * small, seed=9, alpha=0.9)
    vertebra = str(params.get("vertebra", "t8"))
    example_note(ctx, [vertebra], cx, cy - 0.95 * s - 12, m.on(0, 0.6), align="center")
    leader(ctx, 300, 300, cx - 70, cy - 10, Palette.tumor, m.on(0, 0.6, 0.9))
    label(ctx, "Bone: almost always", 80, 300, m.on(0, 0.6, 0.6), size=28, accent=Palette.tumor)
    leader(ctx, 1000, 560, cx + 0.8 * s + 10, cy + 1.6 * s + 10, Palette.lymph, m.on(1, 0.6, 0.3))
    label(ctx, "Soft tissue: rarely", 1200, 560, soft, size=28, accent=Palette.lymph, align="right")
    _legend(ctx, m)


def _legend(ctx: cairo.Context, m: Moment) -> None:
    """Tiny orientation hint: this view looks down on the vertebra, front of the body up."""
    text(
        ctx,
        "Seen from above  ·  front of the body at the top",
        640,
        680,
        20,
        Palette.muted,
        0.8 * m.on(0, 0.8, 0.8),
        align="center",
    )


@scene("several-vertebrae")
def several_vertebrae(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """A close-up of the column in which tumors appear in several vertebrae, one by one."""
    names = [str(v) for v in params.get("vertebrae", ["t6", "t7", "t8"])]
    first = int(names[0][1:])
    stack = [f"{names[0][0]}{n}" for n in range(max(1, first - 2), first + len(names) + 2)]
    heading(ctx, m.title, m.on(0))
    states = {}
    for k, name in enumerate(names):
        states[name] = StackState(tumor=m.on(1, 0.8, 0.45 * k), highlight=m.on(1, 0.8, 0.45 * k))
    boxes = draw_stack(ctx, stack, 560, 140, 540, states, m.on(0, 0.7))
    for name in stack:
        x, y, w, h = boxes[name]
        involved = name in names
        text(
            ctx,
            name.upper(),
            x - 30,
            y + h / 2 + 9,
            26,
            Palette.text if involved else Palette.muted,
            m.on(0, 0.6, 0.3),
            bold=involved,
            align="right",
        )
    top = boxes[names[0]][1]
    bottom = boxes[names[-1]][1] + boxes[names[-1]][3]
    grow = m.on(1, 0.8, 0.45 * len(names))
    if grow > 0:
        ctx.set_source_rgba(*Palette.tumor, grow)
        ctx.set_line_width(4)
        bx = boxes[names[0]][0] - 95
        ctx.move_to(bx + 16, top)
        ctx.line_to(bx, top)
        ctx.line_to(bx, bottom)
        ctx.line_to(bx + 16, bottom)
        ctx.stroke()
        label(
            ctx,
            f"{len(names)} vertebrae",
            bx - 20,
            (top + bottom) / 2,
            grow,
            accent=Palette.tumor,
            align="right",
        )
        example_note(ctx, names, bx - 20, (top + bottom) / 2 + 48, grow, align="right")
    _miniature(ctx, m, names)


def _miniature(ctx: cairo.Context, m: Moment, lit_names: list[str]) -> None:
    """A small whole spine at the right, so the close-up stays placed in the body."""
    shape = spine_shape(1080, 150, 640, 26, curve=1.0)
    strength = m.on(1, 0.8)
    lit = {n: (Palette.tumor, strength) for n in lit_names}
    draw_spine(ctx, shape, 0.9 * m.on(0, 0.8, 0.3), {"thoracic": 0.3}, lit)
    text(ctx, "Whole spine", 1080, 690, 20, Palette.muted, m.on(0, 0.6, 0.5), align="center")


@scene("fracture")
def fracture(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """A tumor weakens a vertebra until it breaks and collapses: a compression fracture."""
    name = str(params.get("vertebra", "t8"))
    n = int(name[1:])
    stack = [f"{name[0]}{k}" for k in range(max(1, n - 2), n + 3)]
    collapse = ease((m.since(2) - 0.3) / 0.9)
    shake = 0.0
    if 0 < m.since(2) - 0.3 < 0.9:
        shake = 5 * math.sin(m.since(2) * 60) * (1 - collapse)
    heading(ctx, m.title, m.on(0))
    state = StackState(
        tumor=m.on(0, 1.6, 0.3), weak=m.on(1, 1.2), collapse=collapse, highlight=m.on(0, 1.0)
    )
    ctx.save()
    ctx.translate(shake, 0)
    boxes = draw_stack(ctx, stack, 520, 150, 500, {name: state}, 1.0)
    ctx.restore()
    for k in stack:
        x, y, w, h = boxes[k]
        text(
            ctx,
            k.upper(),
            x - 28,
            y + h / 2 + 9,
            24,
            Palette.text if k == name else Palette.muted,
            1.0,
            bold=k == name,
            align="right",
        )
    x, y, w, h = boxes[name]
    label(ctx, "Tumor", 840, 250, m.on(0, 0.6, 0.6), accent=Palette.tumor)
    example_note(ctx, [name], 960, 258, m.on(0, 0.6, 0.8))
    leader(ctx, 840, 250, x + w / 2, y + h / 2, Palette.tumor, m.on(0, 0.6, 0.8))
    label(ctx, "Weakened bone", 840, 340, m.on(1, 0.6, 0.2), accent=Palette.marrow)
    leader(ctx, 840, 340, x + w * 0.85, y + h * 0.7, Palette.marrow, m.on(1, 0.6, 0.4))
    flash = max(0.0, 1 - abs(m.since(2) - 0.8) / 0.5)
    glow(ctx, x + w / 2, y + h / 2, 150, Palette.tumor, 0.6 * flash)
    fracture_label = m.on(3, 0.7)
    label(ctx, "Compression fracture", 840, 450, fracture_label, size=28, accent=Palette.tumor)
    squeeze = 8 * pulse(m.t, 1.2)
    top = boxes[stack[0]][1]
    bottom = boxes[stack[-1]][1] + boxes[stack[-1]][3]
    for dx in (-0.25, 0.25):
        _arrow(ctx, x + w / 2 + dx * w, top - 18 + squeeze, 1, fracture_label)
        _arrow(ctx, x + w / 2 + dx * w, bottom + 18 - squeeze, -1, fracture_label)


def _arrow(ctx: cairo.Context, x: float, tip: float, down: int, alpha: float) -> None:
    """A short arrow whose tip is at (x, tip), pointing down (1) or up (-1): load on the spine."""
    if alpha <= 0:
        return
    ctx.set_source_rgba(*Palette.tumor, alpha)
    ctx.set_line_width(6)
    ctx.move_to(x, tip - down * 50)
    ctx.line_to(x, tip - down * 12)
    ctx.stroke()
    ctx.move_to(x - 13, tip - down * 16)
    ctx.line_to(x + 13, tip - down * 16)
    ctx.line_to(x, tip + down * 4)
    ctx.close_path()
    ctx.fill()
