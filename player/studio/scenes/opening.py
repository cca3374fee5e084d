"""Opening scenes: the title card, how cancer cells reach the spine, tumors of nearby organs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import cairo

from player.studio.anatomy import (
    BodyShape,
    cells,
    draw_body,
    draw_organ,
    draw_spine,
    draw_vertebra_axial,
    spine_shape,
)
from player.studio.draw import (
    Palette,
    bezier_path,
    bezier_point,
    clamp,
    ease,
    glow,
    heading,
    label,
    leader,
    mix,
    pulse,
    rounded_rect,
    text,
    tumor,
)
from player.studio.scenes.base import Moment, example_note, scene


@scene("title")
def title_card(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    shape = spine_shape(990, 70, 660, 40, curve=1.0)
    tint = {r: 0.55 * ease(m.t / 1.2) for r in ("cervical", "thoracic", "lumbar", "sacral")}
    ctx.push_group()
    draw_spine(ctx, shape, 1.0, tint)
    ctx.pop_group_to_source()
    # the column builds from the neck down
    reveal = cairo.LinearGradient(0, 70, 0, 660)
    edge = clamp(0.15 + m.t / 1.0, 0, 1.2)
    reveal.add_color_stop_rgba(0, 0, 0, 0, 1)
    reveal.add_color_stop_rgba(clamp(edge - 0.15), 0, 0, 0, 1)
    reveal.add_color_stop_rgba(clamp(edge), 0, 0, 0, 0)
    ctx.mask(reveal)
    v = shape.at("t7")
    glow(
        ctx, v.x, v.y, 70, Palette.tumor, 0.55 * ease((m.t - 0.6) / 0.8) * (0.7 + 0.3 * pulse(m.t))
    )
    rise = 12 * (1 - ease(m.t / 0.8))
    text(ctx, str(params.get("title", "")), 80, 330 + rise, 58, bold=True, alpha=ease(m.t / 0.6))
    ctx.set_source_rgba(*Palette.tumor, ease((m.t - 0.2) / 0.6))
    rounded_rect(ctx, 80, 356 + rise, 140 * ease((m.t - 0.2) / 0.8), 7, 3.5)
    ctx.fill()
    subtitle = str(params.get("subtitle", ""))
    text(ctx, subtitle, 80, 412 + rise, 28, Palette.muted, ease((m.t - 0.3) / 0.7))


@scene("spread")
def spread(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """Cancer cells leave a primary tumor, travel by blood and lymph, and seed a vertebra."""
    body = BodyShape(400, 118, 5.9)
    spine = body.spine()
    target = spine.at(str(params.get("target", "t7")))
    heading(ctx, m.title, m.on(0))
    draw_body(ctx, body, m.on(0, 0.8))
    draw_organ(ctx, body, "lungs", 0.6 * m.on(0, 0.8, 0.2))
    arrived = m.on(4, 1.2, 0.4)
    lit = {target.name: (Palette.tumor, arrived * (0.6 + 0.4 * pulse(m.t)))}
    draw_spine(ctx, spine, m.on(0, 0.8, 0.3), lit=lit)
    label(ctx, "Spine", body.p(-30, 36)[0], body.p(0, 36)[1], m.on(0, 0.6, 0.8))
    leader(
        ctx,
        body.p(-30, 36)[0] + 100,
        body.p(0, 36)[1],
        spine.at("t10").x - 8,
        spine.at("t10").y,
        Palette.body_edge,
        m.on(0, 0.6, 0.9),
    )

    source = body.p(6.8, 24.5)
    tumor(ctx, *source, 2.2 * body.u * m.on(1, 0.9), seed=3)
    sx, sy = source
    label(ctx, "Cancer elsewhere", 700, 150, m.on(1, 0.6, 0.3), accent=Palette.tumor)
    text(ctx, "for example, in a lung", 714, 196, 20, Palette.muted, m.on(1, 0.6, 0.5))
    leader(ctx, 700, 150, sx + 16, sy - 6, Palette.tumor, m.on(1, 0.6, 0.5))

    blood = [
        source,
        body.p(13, 27),
        body.p(13.5, 38),
        body.p(7, 39),
        body.p(3, 39.5),
        body.p(2, 35),
        (target.x + 6, target.y),
    ]
    lymph = [
        source,
        body.p(3, 19.5),
        body.p(-6, 20),
        body.p(-6, 26),
        body.p(-6, 30),
        body.p(-3, 30),
        (target.x - 6, target.y),
    ]
    _marrow_inset(ctx, m, target.x, target.y)
    example_note(ctx, [target.name], 795, 615, m.on(4, 0.6, 0.8), align="right")
    for path, colour, beat, name, place in (
        (blood, Palette.blood, 2, "Bloodstream", (700, 240)),
        (lymph, Palette.lymph, 3, "Lymphatic system", (700, 310)),
    ):
        drawn = m.on(beat, 1.1)
        if drawn <= 0:
            continue
        ctx.set_line_cap(cairo.LINE_CAP_ROUND)
        ctx.set_source_rgba(*colour, 0.35)
        ctx.set_line_width(11)
        bezier_path(ctx, path, drawn)
        ctx.stroke()
        ctx.set_source_rgba(*colour, 0.95)
        ctx.set_line_width(4)
        bezier_path(ctx, path, drawn)
        ctx.stroke()
        _flow(ctx, path, m.since(beat), drawn, beat)
        label(ctx, name, *place, m.on(beat, 0.6, 0.2), accent=colour)
        mid = bezier_point(path, 0.35 if beat == 2 else 0.3)
        leader(ctx, place[0], place[1], mid[0] + 8, mid[1], colour, m.on(beat, 0.6, 0.4))


def _flow(ctx: cairo.Context, path: list, since: float, drawn: float, seed: int) -> None:
    """Cells drift along a vessel in a steady stream once it is drawn."""
    for delay, jitter, size in cells(seed, 7):
        k = (since / 3.0 + delay) % 1.0
        if k > drawn:
            continue
        x, y = bezier_point(path, k)
        fade = clamp(since / 0.6) * clamp((1 - k) / 0.08)
        glow(ctx, x, y + jitter * 2, 11 * size, Palette.tumor, 0.5 * fade)
        ctx.arc(x, y + jitter * 2, 4.2 * size, 0, 2 * math.pi)
        ctx.set_source_rgba(*Palette.tumor, fade)
        ctx.fill()


def _marrow_inset(ctx: cairo.Context, m: Moment, tx: float, ty: float) -> None:
    """A magnifier on the target vertebra: cells settle in the marrow and grow into a tumor."""
    shown = m.on(4, 0.8)
    if shown <= 0:
        return
    cx, cy, r = 1010, 510, 175
    ctx.set_source_rgba(*Palette.body_edge, 0.5 * shown)
    ctx.set_line_width(2)
    for dy in (-1, 1):
        ctx.move_to(tx + 10, ty)
        ctx.line_to(mix(tx, cx, shown), mix(ty, cy + dy * r * 0.9, shown))
    ctx.stroke()
    ctx.save()
    ctx.arc(cx, cy, r * shown, 0, 2 * math.pi)
    ctx.set_source_rgba(*Palette.panel, 0.92)
    ctx.fill_preserve()
    ctx.clip()
    draw_vertebra_axial(ctx, cx, cy - 50, 92, shown)
    settle = ease((m.since(4) - 0.6) / 1.6)
    for i, (delay, jitter, _size) in enumerate(cells(11, 9)):
        angle = 2 * math.pi * i / 9
        start = (cx + math.cos(angle) * r * 1.1, cy + math.sin(angle) * r * 1.1)
        end = (cx - 20 + jitter * 40, cy - 60 + (delay - 0.5) * 50)
        x, y = mix(start[0], end[0], settle), mix(start[1], end[1], settle)
        ctx.arc(x, y, 6, 0, 2 * math.pi)
        ctx.set_source_rgba(*Palette.tumor, shown * (1 - 0.8 * ease((m.since(4) - 2.2) / 0.8)))
        ctx.fill()
    grow = ease((m.since(4) - 1.8) / 1.6)
    tumor(ctx, cx - 20, cy - 60, 42 * grow, seed=5)
    ctx.restore()
    ctx.arc(cx, cy, r * shown, 0, 2 * math.pi)
    ctx.set_source_rgba(*Palette.body_edge, shown)
    ctx.set_line_width(3)
    ctx.stroke()
    label(
        ctx,
        "Bone marrow",
        cx - 215,
        cy + 60,
        m.on(4, 0.6, 0.6),
        accent=Palette.marrow,
        align="right",
    )
    leader(ctx, cx - 215, cy + 60, cx - 70, cy - 20, Palette.marrow, m.on(4, 0.6, 0.8))
    leader(ctx, cx + 60, cy - 205, cx - 10, cy - 70, Palette.tumor, grow)
    label(ctx, "Tumor", cx + 40, cy - 205, grow, accent=Palette.tumor)


@scene("organs")
def organs(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """Tumors of the lungs, breast and liver, then their growth into the spine."""
    body = BodyShape(680, -43, 10.5)  # right of centre: the heading keeps clear of the head
    spine = body.spine()
    heading(ctx, m.title, m.on(0))
    draw_body(ctx, body, 1.0)
    names = [str(n) for n in params.get("organs", ["lungs", "breast", "liver"])]
    for organ in names:
        draw_organ(ctx, body, organ, m.on(0, 0.8), 0.6 * m.on(1, 0.6))
    invade = m.on(2, 1.6)
    draw_spine(ctx, spine, 1.0)
    sites = {"lungs": (4.8, 26, "t5"), "breast": (-6.5, 31, "t6"), "liver": (-4.2, 38.5, "t9")}
    places = {
        "lungs": (930, 230, "left"),
        "breast": (330, 300, "right"),
        "liver": (330, 420, "right"),
    }
    for k, organ in enumerate(n for n in names if n in sites):
        x, y, vertebra = sites[organ]
        grow = m.on(1, 0.7, 0.45 * k)
        px, py = body.p(x, y)
        v = spine.at(vertebra)
        if invade > 0:
            ctx.set_source_rgba(*Palette.tumor, 0.85)
            ctx.set_line_width(2.2 * body.u)
            ctx.set_line_cap(cairo.LINE_CAP_ROUND)
            ctx.move_to(px, py)
            ctx.line_to(mix(px, v.x, invade), mix(py, v.y, invade))
            ctx.stroke()
        tumor(ctx, px, py, (1.6 + 0.5 * invade) * body.u * grow, seed=k + 2)
        # the tumor itself reaches into the bone beside it (no vertebra is lit: none is named)
        tumor(ctx, v.x, v.y, 1.1 * body.u * invade, seed=k + 12, alpha=0.9)
        lx, ly, align = places[organ]
        label(ctx, organ.capitalize(), lx, ly, grow, accent=Palette.tumor, align=align)
        toward = px + (14 if align == "left" else -14)
        leader(ctx, lx, ly, toward, py, Palette.tumor, m.on(1, 0.6, 0.45 * k + 0.2))
    t7 = spine.at("t7")
    leader(ctx, 900, 570, t7.x + 30, t7.y, Palette.thoracic, m.on(2, 0.6, 0.7))
    label(ctx, "Growing into the spine", 900, 570, m.on(2, 0.6, 0.5), accent=Palette.thoracic)
