"""An offline captcha: a small sum drawn as an SVG by the app, the answer kept in the session."""

from __future__ import annotations

import secrets
import time
from typing import Any

SESSION_KEY = "liaison_captcha"
MAX_AGE_SECONDS = 30 * 60


def new_challenge(session: Any) -> tuple[int, int]:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    session[SESSION_KEY] = {"a": a, "b": b, "answer": a + b, "at": int(time.time())}
    return a, b


def current(session: Any) -> dict[str, int]:
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or "answer" not in data:
        a, b = new_challenge(session)
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


def render_svg(session: Any) -> str:
    data = current(session)
    text = f"{data['a']} + {data['b']} = ?"
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="48" viewBox="0 0 150 48" role="img" aria-label="captcha">',
        '<rect width="150" height="48" fill="#f8f4ec"/>',
    ]
    for _i in range(6):
        x1, y1, x2, y2 = (
            secrets.randbelow(150),
            secrets.randbelow(48),
            secrets.randbelow(150),
            secrets.randbelow(48),
        )
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#c9b79c" stroke-width="1"/>')
    x = 12
    for ch in text:
        angle = secrets.randbelow(31) - 15
        y = 32 + secrets.randbelow(7) - 3
        parts.append(
            f'<text x="{x}" y="{y}" font-family="monospace" font-size="24" font-weight="bold" fill="#7a1f1f" '
            f'transform="rotate({angle} {x} {y})">{ch}</text>'
        )
        x += 16 if ch != " " else 6
    parts.append("</svg>")
    return "".join(parts)
