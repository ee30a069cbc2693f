"""Daily job of the audit app: verify the chain and anchor its head outside the database."""

from __future__ import annotations

from renda.core.jobs import daily_job


@daily_job("audit.anchor", hour=0, minute=20)
def write_daily_anchor() -> str:
    """Check the whole chain; if it holds, write a signed digest of its head to the anchor folder
    (published on the portal). A broken chain fails the job (and is logged as critical)."""
    from .services import anchor_write

    anchor = anchor_write()
    if anchor is None:
        return "empty chain, no anchor"
    return f"{anchor.name}: event #{anchor.event_id}, {anchor.event_count} events"
