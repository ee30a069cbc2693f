"""Models of the oversight area `opinions`."""

from __future__ import annotations

__all__: list[str] = []
