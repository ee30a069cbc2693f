"""API of the oversight area `reports` (mounted by ``oversight/api.py``)."""

from ninja import Router

router = Router(tags=["oversight"])
