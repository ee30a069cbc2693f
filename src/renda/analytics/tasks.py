from django_tasks import task


@task(queue_name="default")
def rebuild_search_index_task() -> dict:
    """Bulk reindex in the background (after the user dictionary changed, or on request)."""
    from .index import rebuild_all

    return rebuild_all()


@task(queue_name="default")
def retrain_routing_task(congress_id: int) -> dict:
    """Retrain the congress's routing model (交办单位推荐) on all its past assignments."""
    from .routing import retrain

    return retrain(congress_id)


@task(queue_name="default")
def recompute_topics_task(congress_id: int, year: int) -> dict:
    """Recompute the hot topics (年度热点) of one congress and year."""
    from .topics import recompute

    snap = recompute(congress_id, year)
    return {"congress": congress_id, "year": year, "cases": snap.cases}
