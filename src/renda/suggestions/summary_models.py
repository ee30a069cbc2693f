"""Summary rows of the suggestion statistics (issue 18): the additive counts of every congress × year ×
term × session (``SuggestionSummary``) and of every handling unit within it (``UnitSummary``), so the
statistics of a province's whole history add up a few thousand rows instead of counting every case.

Kept by ``renda.suggestions.summary``: every service that changes a suggestion's case, assignment, reply,
rating or contact appends a ``SummaryDirty`` mark for the case's congress × year in its own transaction;
the statistics count the marked groups live (so a figure is never stale) until the marks are folded into
the summary rows (after the writer's commit, by ``manage.py suggestion_summaries`` or the worker job).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SUMMARY_CASE_FIELDS = (
    "received",
    "accepted",
    "merged",
    "refused",
    "pending",
    "withdrawn",
    "assigned",
    "replied",
    "on_time",
    "first_a",
    "first_b",
    "first_c",
    "first_d",
    "solved",
    "rated",
    "satisfied",
    "basically",
    "dissatisfied",
    "key",
    "key_replied",
    "key_solved",
    "closed",
    "replies",
    "replies_contacted",
)

SUMMARY_UNIT_FIELDS = (
    "assigned",
    "replied",
    "on_time",
    "class_a",
    "solved",
    "rated",
    "satisfied",
    "basically",
    "dissatisfied",
    "replies",
    "replies_contacted",
)


def _counter(name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(name, default=0)


class SuggestionSummary(models.Model):
    """The counts of one congress's suggestions of one year, term and session (no overdue: it depends on
    the day, and is counted live)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    term_id = models.PositiveIntegerField(_("届"), null=True, blank=True)
    session_id = models.PositiveIntegerField(_("会议次"), null=True, blank=True)
    locals().update({name: _counter(name) for name in SUMMARY_CASE_FIELDS})
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("建议统计汇总")
        verbose_name_plural = _("建议统计汇总")
        indexes = [models.Index(fields=["congress", "year"], name="sugsummary_congress_year")]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.year}"


class UnitSummary(models.Model):
    """One handling unit's counts over the suggestions of one congress, year, term and session."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    term_id = models.PositiveIntegerField(_("届"), null=True, blank=True)
    session_id = models.PositiveIntegerField(_("会议次"), null=True, blank=True)
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("承办单位"), on_delete=models.CASCADE, related_name="+"
    )
    locals().update({name: _counter(name) for name in SUMMARY_UNIT_FIELDS})
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("承办单位统计汇总")
        verbose_name_plural = _("承办单位统计汇总")
        indexes = [models.Index(fields=["congress", "year"], name="unitsummary_congress_year")]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.year} {self.organization_id}"


class SummaryDirty(models.Model):
    """A congress × year whose summary rows are behind the cases (appended by the writer, never updated:
    no lock between writers; removed by id once folded)."""

    congress_id = models.PositiveIntegerField(_("人大"))
    year = models.PositiveSmallIntegerField(_("年度"))

    class Meta:
        verbose_name = _("待汇总")
        verbose_name_plural = _("待汇总")
        indexes = [models.Index(fields=["congress_id", "year"], name="sumdirty_congress_year")]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.year}"


class SummaryState(models.Model):
    """One row: locked by whoever folds marks into the summary rows (one folder at a time), and when the
    last full rebuild ran."""

    rebuilt_at = models.DateTimeField(_("重建时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("统计汇总状态")
        verbose_name_plural = _("统计汇总状态")

    def __str__(self) -> str:
        return str(self.rebuilt_at or "")
