"""Unit names as notices write them, matched to the congress's organisations: the shared matcher lives in
``renda.core.unitnames`` (the routing model of ``renda.analytics`` uses it too)."""

from renda.core.unitnames import COLLECTIVE_RE, PREFIX_RE, Resolution, is_collective, resolve

__all__ = ["COLLECTIVE_RE", "PREFIX_RE", "Resolution", "is_collective", "resolve"]
