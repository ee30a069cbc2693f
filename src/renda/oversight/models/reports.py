"""Models of the oversight area `reports`."""

from __future__ import annotations

__all__: list[str] = []
