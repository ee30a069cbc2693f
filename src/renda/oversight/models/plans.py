"""Models of the oversight area `plans`."""

from __future__ import annotations

__all__: list[str] = []
