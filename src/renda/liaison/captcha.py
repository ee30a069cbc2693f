"""An offline captcha: a small sum drawn as an SVG by the app, the answer kept in the session.

The picture carries no text: every character is drawn from our own stroke outlines (below), each
glyph scaled, rotated, skewed and jittered at random with the transform baked into the
coordinates, its strokes split into pieces at random points, and mixed in random order with
distractor strokes of the same colours and widths. So the markup holds only unordered, ungrouped
curves whose coordinates differ on every request: nothing a script can read the sum from by
parsing (it would need to recognise the picture). The submission itself stays rate-limited per
address by ``services.opinion_submit``.
"""

from __future__ import annotations

import math
import secrets
import time
from typing import Any

SESSION_KEY = "liaison_captcha"
MAX_AGE_SECONDS = 30 * 60

WIDTH, HEIGHT = 150, 48

# Stroke skeletons of the characters on a 10 × 16 box (y downwards); ``True`` = drawn as a smooth
# curve through the points, ``False`` = straight segments.
Stroke = tuple[bool, tuple[tuple[float, float], ...]]
GLYPHS: dict[str, tuple[Stroke, ...]] = {
    "0": ((True, ((5, 0), (9, 3), (10, 8), (9, 13), (5, 16), (1, 13), (0, 8), (1, 3), (5, 0))),),
    "1": ((False, ((2, 3.5), (5.5, 0), (5.5, 16))), (False, ((2, 16), (9, 16)))),
    "2": ((True, ((0.5, 3.5), (5, 0), (9.5, 3.5), (8, 8), (0, 16))), (False, ((0, 16), (10, 16)))),
    "3": (
        (True, ((0.5, 2.5), (5, 0), (9, 2.5), (8.5, 6), (4.5, 7.5))),
        (True, ((4.5, 7.5), (9.5, 10), (9, 14.5), (5, 16), (0, 14))),
    ),
    "4": ((False, ((7, 16), (7, 0), (0, 11), (10, 11))),),
    "5": (
        (False, ((9.5, 0), (1.5, 0), (0.5, 7))),
        (True, ((0.5, 7), (5, 5.8), (9.5, 8.5), (9.5, 13), (5.5, 16), (0, 14.5))),
    ),
    "6": (
        (True, ((9, 1), (5, 0), (1, 4), (0, 10), (1.5, 15), (5, 16), (9, 14), (9.5, 10), (5, 7), (0.5, 9.5))),
    ),
    "7": ((False, ((0, 0), (10, 0), (4, 16))),),
    "8": (
        (True, ((5, 7.5), (1, 5), (1.5, 1.5), (5, 0), (8.5, 1.5), (9, 5), (5, 7.5))),
        (True, ((5, 7.5), (0, 11), (1, 15), (5, 16), (9, 15), (10, 11), (5, 7.5))),
    ),
    "9": (
        (True, ((9.5, 6), (5, 9), (0.5, 6.5), (0.5, 3), (5, 0), (9, 2), (10, 6), (9, 12), (5, 16), (1, 15))),
    ),
    "+": ((False, ((5, 3.5), (5, 13.5))), (False, ((0, 8.5), (10, 8.5)))),
    "=": ((False, ((0, 5.5), (10, 5.5))), (False, ((0, 11), (10, 11)))),
    "?": ((True, ((0.5, 3.5), (5, 0), (9.5, 3.5), (5, 8), (5, 11.5))), (False, ((5, 14.5), (5, 16)))),
}
COLOURS = ("#7a1f1f", "#8c3b2a", "#5e2b1c", "#9a4a2e")
BACKGROUND = "#f8f4ec"


def new_challenge(session: Any) -> tuple[int, int]:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SESSION_KEY] = {"a": a, "b": b, "answer": a + b, "at": int(time.time())}
    return a, b


def current(session: Any) -> dict[str, int]:
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or "answer" not in data:
        new_challenge(session)
        data = session[SESSION_KEY]
    return data


def check(session: Any, value: Any) -> bool:
    """True when ``value`` answers the session's challenge; the challenge is used up either way."""
    data = session.pop(SESSION_KEY, None)
    if not isinstance(data, dict):
        return False
    if int(time.time()) - int(data.get("at", 0)) > MAX_AGE_SECONDS:
        return False
    try:
        return int(str(value).strip()) == int(data["answer"])
    except (TypeError, ValueError):
        return False


def _uniform(low: float, high: float) -> float:
    return low + (high - low) * secrets.randbelow(10_001) / 10_000


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def _smooth(points: list[tuple[float, float]]) -> str:
    """A Catmull-Rom curve through ``points`` as cubic Bézier segments."""
    d = [f"M{_fmt(points[0][0])} {_fmt(points[0][1])}"]
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d.append(f"C{_fmt(c1[0])} {_fmt(c1[1])} {_fmt(c2[0])} {_fmt(c2[1])} {_fmt(p2[0])} {_fmt(p2[1])}")
    return "".join(d)


def _polyline(points: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in points)


def _glyph_paths(char: str, x0: float) -> list[str]:
    """The strokes of one character placed at ``x0``, randomly transformed and cut into pieces."""
    scale = _uniform(1.45, 1.8)
    angle = math.radians(_uniform(-18, 18))
    skew = _uniform(-0.25, 0.25)
    cx, cy = x0 + 5 * scale, HEIGHT / 2 + _uniform(-3, 3)
    cos, sin = math.cos(angle), math.sin(angle)

    def place(px: float, py: float) -> tuple[float, float]:
        u = (px - 5 + _uniform(-0.45, 0.45)) * scale
        v = (py - 8 + _uniform(-0.45, 0.45)) * scale
        u += skew * v
        return cx + u * cos - v * sin, cy + u * sin + v * cos

    paths = []
    for smooth, skeleton in GLYPHS[char]:
        points = [place(px, py) for px, py in skeleton]
        pieces = [points]
        if len(points) >= 4 and secrets.randbelow(2):
            cut = 1 + secrets.randbelow(len(points) - 2)
            pieces = [points[: cut + 1], points[cut:]]
        paths.extend(_smooth(p) if smooth else _polyline(p) for p in pieces)
    return paths


def _distractor() -> str:
    x1, y1 = _uniform(0, WIDTH), _uniform(4, HEIGHT - 4)
    x2, y2 = _uniform(0, WIDTH), _uniform(4, HEIGHT - 4)
    c1 = (_uniform(0, WIDTH), _uniform(0, HEIGHT))
    c2 = (_uniform(0, WIDTH), _uniform(0, HEIGHT))
    return (
        f"M{_fmt(x1)} {_fmt(y1)}C{_fmt(c1[0])} {_fmt(c1[1])} {_fmt(c2[0])} {_fmt(c2[1])} "
        f"{_fmt(x2)} {_fmt(y2)}"
    )


def _stroke(d: str, width: float) -> str:
    colour = COLOURS[secrets.randbelow(len(COLOURS))]
    return (
        f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_fmt(width)}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def render_svg(session: Any) -> str:
    data = current(session)
    text = f"{data['a']}+{data['b']}=?"
    elements = []
    x = 4.0
    for ch in text:
        elements += [_stroke(d, _uniform(2.0, 2.8)) for d in _glyph_paths(ch, x)]
        x += 25 + _uniform(-2, 2)
    elements += [_stroke(_distractor(), _uniform(1.0, 1.8)) for _i in range(3 + secrets.randbelow(2))]
    elements += [
        f'<circle cx="{_fmt(_uniform(0, WIDTH))}" cy="{_fmt(_uniform(0, HEIGHT))}" '
        f'r="{_fmt(_uniform(0.6, 1.4))}" fill="{COLOURS[secrets.randbelow(len(COLOURS))]}"/>'
        for _i in range(18 + secrets.randbelow(10))
    ]
    # random order: the markup does not say which strokes belong to which character
    shuffled = []
    while elements:
        shuffled.append(elements.pop(secrets.randbelow(len(elements))))
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}">',
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
            *shuffled,
            "</svg>",
        ]
    )
