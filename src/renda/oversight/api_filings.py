"""API of the oversight area `filings` (mounted by ``oversight/api.py``)."""

from ninja import Router

router = Router(tags=["oversight"])
