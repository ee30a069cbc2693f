"""Background tasks of the deputies app."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def recompute_points_task(congress_id: int) -> int:
    """Recompute every participation's points and the balances of a congress (after a rules change)."""
    from .points import recompute_congress

    return recompute_congress(congress_id)
