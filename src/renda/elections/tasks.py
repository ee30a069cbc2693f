"""Background tasks of the elections app (run by the worker)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def register_import_task(import_id: int) -> str:
    """Import a voter register file: check every row, then write all or nothing."""
    from .register import run_register_import

    return str(run_register_import(import_id))
