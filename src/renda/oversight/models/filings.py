"""Models of the oversight area `filings`."""

from __future__ import annotations

__all__: list[str] = []
