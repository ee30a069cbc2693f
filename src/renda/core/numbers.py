"""Rates as the congress's circulars print them: a percentage rounded half up (四舍五入), as a Decimal.

Python's ``round()`` on a float rounds half to even and works on the binary approximation of the
float (``round(100 * 1 / 16, 1)`` is 6.2, where 四舍五入 gives 6.3); every rate shown, exported or
compared with a threshold goes through this module instead.

``percent(1, 16)`` → ``Decimal("6.3")``; ``percent(1, 16, 2)`` → ``Decimal("6.25")``; a zero denominator
gives ``None`` (shown as "—"). Compliance checks compare the exact fraction with ``at_least``, never the
rounded figure (49.96 % is not "at least 50 %").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

DEFAULT_PLACES = 1
ALLOWED_PLACES = (1, 2)
EMPTY = "—"


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-int(places))


def percent(numerator: Any, denominator: Any, places: int = DEFAULT_PLACES) -> Decimal | None:
    """``numerator / denominator`` as a percentage rounded half up to ``places`` decimals (None if the
    denominator is 0). Exact: computed on the fraction, not on a float."""
    num, den = Fraction(str(numerator)), Fraction(str(denominator))
    if not den:
        return None
    exact = num * 100 / den
    scaled = exact * 10 ** int(places)
    # half up, away from zero (a rate is never negative, but a difference may be)
    sign = -1 if scaled < 0 else 1
    whole = int(abs(scaled) + Fraction(1, 2))
    return (Decimal(sign * whole) / (10 ** int(places))).quantize(_quantum(places))


def round_half_up(value: Any, places: int = DEFAULT_PLACES) -> Decimal:
    """A number (Decimal, int, float given as its decimal text) rounded half up to ``places``."""
    return Decimal(str(value)).quantize(_quantum(places), rounding=ROUND_HALF_UP)


def percent_label(value: Decimal | None) -> str:
    """``Decimal("6.3")`` → ``"6.3%"``; None → ``"—"``."""
    return EMPTY if value is None else f"{value}%"


def percent_text(numerator: Any, denominator: Any, places: int = DEFAULT_PLACES) -> str:
    return percent_label(percent(numerator, denominator, places))


def at_least(numerator: Any, denominator: Any, threshold_percent: Any) -> bool:
    """Whether ``numerator / denominator`` is at least ``threshold_percent`` %, on the exact fraction."""
    den = Fraction(str(denominator))
    if not den:
        return False
    return Fraction(str(numerator)) * 100 >= Fraction(str(threshold_percent)) * den


def as_number(value: Decimal | None) -> float | None:
    """A rounded percentage for JSON and chart data (``6.3``, not ``"6.3"``); the Decimal is already
    rounded, so its float prints back as the same digits."""
    return None if value is None else float(value)
