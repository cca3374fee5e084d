"""Symptom scenes: back pain, compressed nerves, loss of function below a tumor, and advice."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import cairo

from player.studio.anatomy import (
    BodyShape,
    draw_body,
    draw_organ,
    draw_spine,
    nerve_paths,
)
from player.studio.draw import (
    HEIGHT,
    WIDTH,
    Palette,
    bezier_path,
    bezier_point,
    clamp,
    ease,
    glow,
    heading,
    label,
    leader,
    mix_color,
    pulse,
    rounded_rect,
    text,
    tumor,
)
from player.studio.scenes.base import Moment, example_note, scene


@scene("back-pain")
def back_pain(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """Sudden pain at the fracture, then tenderness when the spot is touched."""
    body = BodyShape(680, -43, 10.5)  # right of centre: the heading keeps clear of the head
    spine = body.spine()
    v = spine.at(str(params.get("vertebra", "t8")))
    heading(ctx, m.title, m.on(0))
    draw_body(ctx, body, 1.0)
    draw_spine(ctx, spine, 1.0, lit={v.name: (Palette.tumor, 0.9)})
    burst = m.on(0, 0.35, 0.2)
    if burst > 0:
        beat = 0.75 + 0.25 * pulse(m.t, 0.9)
        glow(ctx, v.x, v.y, 140 * beat, Palette.tumor, 0.55 * burst)
        ctx.set_source_rgba(*Palette.tumor, burst)
        ctx.set_line_width(5)
        ctx.set_line_cap(cairo.LINE_CAP_ROUND)
        for k in range(10):
            angle = 2 * math.pi * k / 10 + 0.2
            inner, outer = 45 * beat, (70 + 25 * (k % 2)) * beat * burst
            ctx.move_to(v.x + inner * math.cos(angle), v.y + inner * math.sin(angle))
            ctx.line_to(v.x + outer * math.cos(angle), v.y + outer * math.sin(angle))
        ctx.stroke()
    label(ctx, "Sudden pain", 940, 240, m.on(0, 0.6, 0.4), accent=Palette.tumor, size=30)
    example_note(ctx, [v.name], 964, 300, m.on(0, 0.6, 0.6))
    leader(ctx, 940, 240, v.x + 100, v.y - 40, Palette.tumor, m.on(0, 0.6, 0.6))
    touch = m.on(1, 1.0, 0.2)
    if touch > 0:
        fx, fy = v.x + 22 + 220 * (1 - touch), v.y + 30 - 160 * (1 - touch)
        _finger(ctx, fx, fy, touch)
        for k in range(3):  # ripples from the touch
            phase = ((m.since(1) - 1.0) / 1.4 + k / 3) % 1.0
            if m.since(1) > 1.0:
                ctx.arc(v.x + 10, v.y + 10, 20 + 90 * phase, 0, 2 * math.pi)
                ctx.set_source_rgba(*Palette.nerve, 0.8 * (1 - phase))
                ctx.set_line_width(3)
                ctx.stroke()
    label(ctx, "Tender to touch", 940, 420, m.on(1, 0.6, 0.8), accent=Palette.nerve, size=30)
    text(ctx, "over the fracture", 964, 470, 24, Palette.muted, m.on(1, 0.6, 1.0))


def _finger(ctx: cairo.Context, x: float, y: float, alpha: float) -> None:
    """A pointing fingertip, pressing at (x, y) from the upper right."""
    ctx.save()
    ctx.translate(x, y)
    ctx.rotate(-0.65)
    rounded_rect(ctx, -17, -8, 34, 150, 17)
    ctx.set_source_rgba(*mix_color(Palette.bone, Palette.marrow, 0.45), alpha)
    ctx.fill_preserve()
    ctx.set_source_rgba(*Palette.bone_edge, alpha)
    ctx.set_line_width(2.5)
    ctx.stroke()
    rounded_rect(ctx, -10, 2, 20, 24, 8)
    ctx.set_source_rgba(*Palette.bone, alpha)
    ctx.fill()
    ctx.restore()


@scene("nerves")
def nerves(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """Pressure on nerve roots sends pain, numbness, tingling and weakness down arms and legs."""
    body = BodyShape(380, 118, 5.9)
    spine = body.spine()
    sites = [spine.at(str(s)) for s in params.get("sites", ["c6", "l4"])]
    symptoms = [str(s) for s in params.get("symptoms", [])]
    heading(ctx, m.title, m.on(0))
    radiate = m.on(3, 0.8)
    limb_tint = mix_color(Palette.body, Palette.nerve, 0.25 * radiate * (0.6 + 0.4 * pulse(m.t)))
    draw_body(ctx, body, 1.0, fill=limb_tint)
    draw_spine(ctx, spine, 1.0)
    paths = nerve_paths(body)
    squeeze = m.on(1, 0.8)
    for limb in ("arms", "legs"):
        for path in paths[limb]:
            ctx.set_line_cap(cairo.LINE_CAP_ROUND)
            ctx.set_source_rgba(*Palette.nerve, 0.25 + 0.35 * squeeze)
            ctx.set_line_width(8)
            bezier_path(ctx, path)
            ctx.stroke()
            ctx.set_source_rgba(*Palette.nerve, 0.9)
            ctx.set_line_width(3)
            bezier_path(ctx, path)
            ctx.stroke()
            for k in range(3):  # signals running down the nerve
                phase = (m.since(3) / 1.6 + k / 3) % 1.0
                x, y = bezier_point(path, phase)
                glow(ctx, x, y, 22, Palette.nerve, 0.9 * radiate)
    for k, v in enumerate(sites):
        tumor(ctx, v.x + 10, v.y, 2.0 * body.u * m.on(0, 0.8, 0.3 * k), seed=6 + k)
        ring = 14 + 6 * pulse(m.t, 0.8)
        ctx.arc(v.x, v.y, ring, 0, 2 * math.pi)
        ctx.set_source_rgba(*Palette.nerve, squeeze)
        ctx.set_line_width(3)
        ctx.stroke()
    label(ctx, "Nerves squeezed", 640, 150, m.on(1, 0.6, 0.3), accent=Palette.nerve)
    example_note(ctx, [v.name for v in sites], 654, 205, m.on(1, 0.6, 0.5))
    leader(ctx, 640, 150, sites[0].x + 18, sites[0].y, Palette.nerve, m.on(1, 0.6, 0.5))
    if len(sites) > 1:
        leader(ctx, 640, 150, sites[1].x + 18, sites[1].y, Palette.nerve, m.on(1, 0.6, 0.7))
    span = max(0.8, (m.beat(3) - m.beat(2)) / max(1, len(symptoms)))
    for k, symptom in enumerate(symptoms):
        label(
            ctx,
            symptom.capitalize(),
            900,
            260 + 72 * k,
            m.on(2, 0.5, span * k * 0.8),
            accent=Palette.nerve,
            size=28,
        )
    for limb, (x, y) in (("Arms", body.p(24, 40)), ("Legs", body.p(12, 85))):
        label(ctx, limb, x, y, radiate, accent=Palette.nerve, size=24)
    name = m.on(4, 0.7)
    text(ctx, "Radiculopathy", 900, 620, 44, Palette.text, name, bold=True)
    ctx.set_source_rgba(*Palette.nerve, name)
    rounded_rect(ctx, 900, 638, 320 * name, 6, 3)
    ctx.fill()


@scene("below-the-tumor")
def below_the_tumor(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """A tumor at one level of the cord; bowel and bladder, then everything below, affected."""
    body = BodyShape(400, 118, 5.9)
    spine = body.spine()
    v = spine.at(str(params.get("vertebra", "t10")))
    heading(ctx, m.title, m.on(0))
    below = m.on(3, 1.0)
    draw_body(ctx, body, 1.0)
    if below > 0:  # what lies below the tumor's level greys out
        ctx.save()
        ctx.rectangle(0, v.y, WIDTH, HEIGHT - v.y)
        ctx.clip()
        draw_body(ctx, body, below, fill=mix_color(Palette.body, Palette.ground_top, 0.7))
        ctx.push_group()  # hatching, masked by the silhouette: loss of movement and feeling
        ctx.set_source_rgba(*Palette.muted, 0.45 * below)
        ctx.set_line_width(2)
        for k in range(-40, 60):
            ctx.move_to(k * 18, v.y)
            ctx.line_to(k * 18 + 400, v.y + 400)
        ctx.stroke()
        hatch = ctx.pop_group()
        ctx.push_group()
        draw_body(ctx, body, 1.0)
        silhouette = ctx.pop_group()
        ctx.set_source(hatch)
        ctx.mask(silhouette)
        ctx.restore()
    draw_organ(ctx, body, "bowel-bladder", 0.8, m.on(2, 0.6) * (0.6 + 0.4 * pulse(m.t)))
    draw_spine(ctx, spine, 1.0, lit={v.name: (Palette.tumor, 0.5 * m.on(0, 0.6))})
    # the spinal cord, and signals from the brain that stop at the tumor
    top, bottom = spine.vertebrae[0].y - 20, spine.at("l1").y
    ctx.set_source_rgba(*Palette.cord, 0.8)
    ctx.set_line_width(4)
    ctx.move_to(v.x, top)
    ctx.line_to(v.x, bottom)
    ctx.stroke()
    signal = m.on(1, 0.6)
    for k in range(3):
        phase = (m.since(1) / 1.5 + k / 3) % 1.0
        y = top + (v.y - 14 - top) * phase
        glow(ctx, v.x, y, 16, Palette.cord, signal * (1 - clamp((phase - 0.8) / 0.2)))
    tumor(ctx, v.x + 6, v.y, 2.4 * body.u * m.on(0, 0.8, 0.2), seed=8)
    level = m.on(0, 0.8, 0.5)
    if level > 0:
        ctx.set_source_rgba(*Palette.tumor, level)
        ctx.set_line_width(3)
        ctx.set_dash([14, 10])
        ctx.move_to(body.p(-30, 0)[0], v.y)
        ctx.line_to(body.p(-30, 0)[0] + (body.p(42, 0)[0] - body.p(-30, 0)[0]) * level, v.y)
        ctx.stroke()
        ctx.set_dash([])
    label(ctx, "Tumor level", 760, v.y, level, accent=Palette.tumor)
    example_note(ctx, [v.name], 774, v.y + 50, level)
    label(ctx, "Neurological symptoms", 760, 150, m.on(1, 0.6, 0.2), accent=Palette.cord)
    label(ctx, "Bowel and bladder control", 760, v.y + 120, m.on(2, 0.6, 0.2), accent=Palette.nerve)
    bx, by = body.p(6, 48)
    leader(ctx, 760, v.y + 120, bx, by, Palette.nerve, m.on(2, 0.6, 0.4))
    label(ctx, "Paralysis below the tumor", 760, v.y + 220, below, accent=Palette.muted)


@scene("see-a-doctor")
def see_a_doctor(ctx: cairo.Context, m: Moment, params: Mapping[str, Any]) -> None:
    """The closing advice: who should see a medical professional, and when."""
    heading(ctx, m.title, m.on(0))
    _clinic_icon(ctx, 250, 390, m.on(0, 0.8))
    text(
        ctx,
        str(params.get("headline", "")),
        470,
        230,
        32,
        Palette.text,
        m.on(0, 0.7, 0.3),
        bold=True,
    )
    items = [str(i) for i in params.get("items", [])]
    beats = [int(b) for b in params.get("item_beats", range(1, len(items) + 1))]
    for k, item in enumerate(items):
        shown = m.on(beats[k], 0.6, 0.2)
        y = 310 + 62 * k
        ctx.arc(490, y - 9, 13, 0, 2 * math.pi)
        ctx.set_source_rgba(*Palette.lymph, shown)
        ctx.fill()
        ctx.set_source_rgba(*Palette.panel, shown)
        ctx.set_line_width(3.5)
        ctx.move_to(483, y - 9)
        ctx.line_to(489, y - 3)
        ctx.line_to(498, y - 16)
        ctx.stroke()
        text(ctx, item, 520, y, 27, Palette.text, shown)
    advice = m.on(1, 0.8)
    if advice > 0:
        y = 330 + 62 * len(items) + 20 * (1 - advice)
        rounded_rect(ctx, 470, y, 640, 84, 42)
        ctx.set_source_rgba(*Palette.lymph, 0.95 * advice)
        ctx.fill()
        text(
            ctx,
            str(params.get("advice", "")),
            790,
            y + 53,
            32,
            Palette.panel,
            advice,
            bold=True,
            align="center",
        )


def _clinic_icon(ctx: cairo.Context, x: float, y: float, alpha: float) -> None:
    """A medical cross in a soft ring."""
    if alpha <= 0:
        return
    glow(ctx, x, y, 190, Palette.lymph, 0.25 * alpha)
    ctx.arc(x, y, 120, 0, 2 * math.pi)
    ctx.set_source_rgba(*Palette.panel, 0.9 * alpha)
    ctx.fill_preserve()
    ctx.set_source_rgba(*Palette.lymph, alpha)
    ctx.set_line_width(5)
    ctx.stroke()
    grow = ease(alpha)
    for w, h in ((44, 140), (140, 44)):
        rounded_rect(ctx, x - w * grow / 2, y - h * grow / 2, w * grow, h * grow, 10)
        ctx.set_source_rgba(*Palette.lymph, alpha)
        ctx.fill()
