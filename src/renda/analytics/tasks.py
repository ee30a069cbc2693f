from django_tasks import task


@task(queue_name="default")
def rebuild_search_index_task() -> dict:
    """Bulk reindex in the background (after the user dictionary changed, or on request)."""
    from .index import rebuild_all

    return rebuild_all()
