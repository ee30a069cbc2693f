"""API of the oversight area `opinions` (mounted by ``oversight/api.py``)."""

from ninja import Router

router = Router(tags=["oversight"])
