"""Indexing follows every write: a save schedules the reindex of that row after commit."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from .index import schedule_reindex


def _case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_reindex(f"case:{instance.kind}", instance.pk)


def _assignment_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from renda.cases.models import Case

    case = Case.objects.filter(pk=instance.case_id).only("pk", "kind").first()
    if case is not None:
        schedule_reindex(f"case:{case.kind}", case.pk)


def _mandate_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_reindex("deputy", instance.pk)


def _deputy_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from renda.deputies.models import DeputyMandate

    for pk in DeputyMandate.objects.filter(deputy_id=instance.pk).values_list("pk", flat=True):
        schedule_reindex("deputy", pk)


def _article_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    schedule_reindex("article", instance.pk)


def connect() -> None:
    pairs = [
        ("cases.Case", _case_saved),
        ("cases.Assignment", _assignment_saved),
        ("deputies.DeputyMandate", _mandate_saved),
        ("deputies.Deputy", _deputy_saved),
        ("portal.Article", _article_saved),
    ]
    for label, handler in pairs:
        model = apps.get_model(label)
        post_save.connect(handler, sender=model, dispatch_uid=f"search:{label}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"search-del:{label}")
