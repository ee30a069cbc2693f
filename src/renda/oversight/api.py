"""``/api/v1/oversight/…``: each area mounts its router under its own prefix."""

from ninja import Router

from . import api_filings, api_opinions, api_plans, api_reports

router = Router(tags=["oversight"])
router.add_router("/", api_opinions.router)
router.add_router("/", api_plans.router)
router.add_router("/", api_reports.router)
router.add_router("/", api_filings.router)
