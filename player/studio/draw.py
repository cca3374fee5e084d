"""Drawing vocabulary shared by every scene: palette, easing, text, labels, glows (pycairo)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cairo

from player.studio.errors import ToolMissing

WIDTH, HEIGHT = 1280, 720
FONT = "DejaVu Sans"
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

Color = tuple[float, float, float]


def hex_color(code: str) -> Color:
    code = code.lstrip("#")
    return (int(code[0:2], 16) / 255, int(code[2:4], 16) / 255, int(code[4:6], 16) / 255)


class Palette:
    """A calm clinical palette: deep blue ground, teal anatomy, one warm accent for disease."""

    ground_top = hex_color("#0f2436")
    ground_bottom = hex_color("#183b52")
    body = hex_color("#2b5c76")
    body_edge = hex_color("#6fb3cc")
    bone = hex_color("#e8eef0")
    bone_edge = hex_color("#8fb0bf")
    disc = hex_color("#5fa9b8")
    marrow = hex_color("#c9a98f")
    cervical = hex_color("#7fd1c7")
    thoracic = hex_color("#69b4e6")
    lumbar = hex_color("#a3a8ef")
    sacral = hex_color("#8fc3a8")
    text = hex_color("#f3f8fa")
    muted = hex_color("#a9c9d8")
    tumor = hex_color("#ff7b54")
    tumor_core = hex_color("#e0483a")
    blood = hex_color("#e05a6d")
    lymph = hex_color("#7be0b9")
    nerve = hex_color("#f7cf62")
    cord = hex_color("#f2e3b3")
    organ = hex_color("#3f7f9a")
    muscle = hex_color("#7a6272")
    panel = hex_color("#0b1c2b")


@dataclass(frozen=True)
class TextBox:
    """Where a piece of text was drawn, in frame pixels: its ink, or its label's pill."""

    words: str
    kind: str  # "text", "label" (the pill around a label's text) or "heading"
    left: float
    top: float
    right: float
    bottom: float


_recorders: list[list[TextBox]] = []


@contextmanager
def recording_text() -> Iterator[list[TextBox]]:
    """Collect a `TextBox` for every text, label and heading drawn inside the block (for tests
    and checks: nothing drawn may fall outside the frame)."""
    boxes: list[TextBox] = []
    _recorders.append(boxes)
    try:
        yield boxes
    finally:
        _recorders.remove(boxes)


def _record(ctx: cairo.Context, words: str, kind: str, x: float, y: float, w: float, h: float):
    if not _recorders:
        return
    corners = [ctx.user_to_device(cx, cy) for cx in (x, x + w) for cy in (y, y + h)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    box = TextBox(words, kind, min(xs), min(ys), max(xs), max(ys))
    for boxes in _recorders:
        boxes.append(box)


def require_font() -> None:
    if not FONT_FILE.exists():
        raise ToolMissing("the DejaVu Sans font", "fonts-dejavu-core")


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def ease(x: float) -> float:
    """Cubic ease-in-out on 0..1 (clamped): motion starts and settles gently."""
    x = clamp(x)
    return 4 * x * x * x if x < 0.5 else 1 - (-2 * x + 2) ** 3 / 2


def ease_out(x: float) -> float:
    x = clamp(x)
    return 1 - (1 - x) ** 3


def mix(a: float, b: float, k: float) -> float:
    return a + (b - a) * k


def mix_color(a: Color, b: Color, k: float) -> Color:
    return (mix(a[0], b[0], k), mix(a[1], b[1], k), mix(a[2], b[2], k))


def pulse(t: float, period: float = 1.6) -> float:
    """0..1..0 breathing, for highlights that should feel alive but calm."""
    return 0.5 - 0.5 * math.cos(2 * math.pi * t / period)


def background(ctx: cairo.Context) -> None:
    gradient = cairo.LinearGradient(0, 0, 0, HEIGHT)
    gradient.add_color_stop_rgb(0, *Palette.ground_top)
    gradient.add_color_stop_rgb(1, *Palette.ground_bottom)
    ctx.set_source(gradient)
    ctx.paint()


def rounded_rect(ctx: cairo.Context, x: float, y: float, w: float, h: float, r: float) -> None:
    r = min(r, w / 2, h / 2)
    ctx.new_sub_path()
    ctx.arc(x + w - r, y + r, r, -math.pi / 2, 0)
    ctx.arc(x + w - r, y + h - r, r, 0, math.pi / 2)
    ctx.arc(x + r, y + h - r, r, math.pi / 2, math.pi)
    ctx.arc(x + r, y + r, r, math.pi, 3 * math.pi / 2)
    ctx.close_path()


def fill_stroke(
    ctx: cairo.Context, fill: Color, edge: Color | None, width: float = 2.0, alpha: float = 1.0
) -> None:
    ctx.set_source_rgba(*fill, alpha)
    if edge is None:
        ctx.fill()
        return
    ctx.fill_preserve()
    ctx.set_source_rgba(*edge, alpha)
    ctx.set_line_width(width)
    ctx.stroke()


def glow(ctx: cairo.Context, x: float, y: float, r: float, color: Color, alpha: float) -> None:
    if alpha <= 0 or r <= 0:
        return
    gradient = cairo.RadialGradient(x, y, 0, x, y, r)
    gradient.add_color_stop_rgba(0, *color, alpha)
    gradient.add_color_stop_rgba(0.45, *color, alpha * 0.45)
    gradient.add_color_stop_rgba(1, *color, 0)
    ctx.set_source(gradient)
    ctx.arc(x, y, r, 0, 2 * math.pi)
    ctx.fill()


def blob(ctx: cairo.Context, x: float, y: float, r: float, seed: int, wobble: float = 0.18) -> None:
    """A closed organic outline (a tumor), the same shape for the same seed."""
    points = 9
    radii = [r * (1 + wobble * math.sin(seed * 1.7 + k * 2.3)) for k in range(points)]
    coords = [
        (
            x + radii[k] * math.cos(2 * math.pi * k / points),
            y + radii[k] * math.sin(2 * math.pi * k / points),
        )
        for k in range(points)
    ]
    ctx.new_path()
    for k in range(points):
        (x0, y0), (x1, y1) = coords[k], coords[(k + 1) % points]
        if k == 0:
            ctx.move_to((x0 + x1) / 2, (y0 + y1) / 2)
            continue
        ctx.curve_to(x0, y0, x0, y0, (x0 + x1) / 2, (y0 + y1) / 2)
    (x0, y0), (x1, y1) = coords[0], coords[1]
    ctx.curve_to(x0, y0, x0, y0, (x0 + x1) / 2, (y0 + y1) / 2)
    ctx.close_path()


def tumor(ctx: cairo.Context, x: float, y: float, r: float, seed: int, alpha: float = 1.0) -> None:
    if r <= 0.5 or alpha <= 0:
        return
    glow(ctx, x, y, r * 2.2, Palette.tumor, 0.35 * alpha)
    blob(ctx, x, y, r, seed)
    gradient = cairo.RadialGradient(x - r * 0.3, y - r * 0.3, r * 0.1, x, y, r * 1.1)
    gradient.add_color_stop_rgba(0, *Palette.tumor, alpha)
    gradient.add_color_stop_rgba(1, *Palette.tumor_core, alpha)
    ctx.set_source(gradient)
    ctx.fill_preserve()
    ctx.set_source_rgba(*mix_color(Palette.tumor_core, (0.4, 0.1, 0.05), 0.4), alpha)
    ctx.set_line_width(1.5)
    ctx.stroke()


def font(ctx: cairo.Context, size: float, bold: bool = False) -> None:
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, weight)
    ctx.set_font_size(size)


def text(
    ctx: cairo.Context,
    words: str,
    x: float,
    y: float,
    size: float = 28,
    color: Color = Palette.text,
    alpha: float = 1.0,
    bold: bool = False,
    align: str = "left",
) -> float:
    """Draw one line with its baseline at y; return its width. align: left, center or right."""
    if alpha <= 0:
        return 0.0
    font(ctx, size, bold)
    extents = ctx.text_extents(words)
    width = extents.x_advance
    dx = {"left": 0, "center": -width / 2, "right": -width}[align]
    ctx.move_to(x + dx, y)
    ctx.set_source_rgba(*color, alpha)
    ctx.show_text(words)
    ink_x, ink_y = x + dx + extents.x_bearing, y + extents.y_bearing
    _record(ctx, words, "text", ink_x, ink_y, extents.width, extents.height)
    return width


def label(
    ctx: cairo.Context,
    words: str,
    x: float,
    y: float,
    alpha: float,
    size: float = 26,
    accent: Color = Palette.body_edge,
    align: str = "left",
    bold: bool = True,
) -> tuple[float, float, float, float]:
    """A text chip on a dark pill with a coloured edge, centred vertically on y; returns its box."""
    if alpha <= 0:
        return (x, y, 0, 0)
    font(ctx, size, bold)
    width = ctx.text_extents(words).x_advance
    pad, height = size * 0.55, size * 1.55
    left = {"left": x, "center": x - width / 2 - pad, "right": x - width - 2 * pad}[align]
    lift = (1 - alpha) * 8
    rounded_rect(ctx, left, y - height / 2 + lift, width + 2 * pad, height, height / 2)
    fill_stroke(ctx, Palette.panel, accent, 2.5, 0.88 * alpha)
    edge = 2.5 / 2  # the outline's stroke reaches this far outside the pill
    top = y - height / 2 + lift - edge
    _record(ctx, words, "label", left - edge, top, width + 2 * pad + 2 * edge, height + 2 * edge)
    text(ctx, words, left + pad, y + size * 0.36 + lift, size, Palette.text, alpha, bold)
    return (left, y - height / 2, width + 2 * pad, height)


def leader(
    ctx: cairo.Context, x0: float, y0: float, x1: float, y1: float, color: Color, alpha: float
) -> None:
    """A thin line from a label to the thing it names, ending in a dot."""
    if alpha <= 0:
        return
    ctx.set_source_rgba(*color, alpha)
    ctx.set_line_width(2.5)
    ctx.move_to(x0, y0)
    ctx.line_to(mix(x0, x1, alpha), mix(y0, y1, alpha))
    ctx.stroke()
    ctx.arc(mix(x0, x1, alpha), mix(y0, y1, alpha), 5, 0, 2 * math.pi)
    ctx.fill()


def heading(ctx: cairo.Context, words: str, alpha: float) -> None:
    """The scene's title, top left, so a viewer always knows what the picture is about."""
    width = text(ctx, words, 60, 70, 28, Palette.text, alpha, bold=True)
    if alpha > 0:
        _record(ctx, words, "heading", 60, 70 - 28, width, 28)
    ctx.set_source_rgba(*Palette.tumor, alpha)
    rounded_rect(ctx, 60, 86, 80 * alpha, 5, 2.5)
    ctx.fill()


def bezier_point(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """A point on a chain of cubic Bézier segments (p0 c1 c2 p1 c1 c2 p2 ...) at t in 0..1."""
    segments = (len(points) - 1) // 3
    t = clamp(t) * segments
    k = min(int(t), segments - 1)
    u = t - k
    p0, c1, c2, p1 = points[3 * k : 3 * k + 4]
    a, b, c, d = (1 - u) ** 3, 3 * u * (1 - u) ** 2, 3 * u * u * (1 - u), u**3
    return (
        a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0],
        a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1],
    )


def bezier_path(ctx: cairo.Context, points: list[tuple[float, float]], upto: float = 1.0) -> None:
    """Trace a Bézier chain from its start to fraction `upto` of its length (by parameter)."""
    steps = max(2, int(60 * clamp(upto)))
    ctx.move_to(*points[0])
    for i in range(1, steps + 1):
        ctx.line_to(*bezier_point(points, upto * i / steps))
