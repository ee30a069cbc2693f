"""API of the oversight area `plans` (mounted by ``oversight/api.py``)."""

from ninja import Router

router = Router(tags=["oversight"])
