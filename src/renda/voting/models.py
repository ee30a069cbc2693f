"""Votes, their candidates, who may vote, who voted, and the ballots.

Secrecy of a secret vote rests on the tables, not on discipline: ``VoteParticipation`` says *who*
voted, ``SecretBallot`` *what* was voted, and nothing joins them. A secret ballot has a random UUID
key, no user, no time, and is not inserted when it is cast: every eligible member's slot is created
in random order when the vote opens and a random free slot is filled at cast time, so neither the
key nor the row order (SQLite's rowid, PostgreSQL's heap order) follows the order of casting. At close
both tables of the vote are rewritten in one transaction, so PostgreSQL's per-row transaction id
(``xmin``) no longer pairs a participation with its ballot. The retry key of a ballot is stored
hashed twice with different prefixes (one on each table): only the voter's device, which holds the
key, can find its own ballot again.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import Congress
from renda.core.scopes import scope_of

from .choices import OPTIONS, BallotSource, OptionSet, VoteMethod, VoteState


class VoteQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> VoteQuerySet:
        """Staff and leaders of the vote's congress (and above), and the vote's own members."""
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = Q(congress_id__in=scope.staff_read_congress_ids)
        q |= Q(pk__in=VoteEligibility.objects.filter(user_id=user.pk).values("vote_id"))
        return self.filter(q)


class Vote(models.Model):
    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="votes"
    )
    owner_code = models.CharField(_("所属事项类别"), max_length=40)
    owner_id = models.PositiveBigIntegerField(_("所属事项"))
    title = models.CharField(_("表决事项"), max_length=200)
    method = models.CharField(_("表决方式"), max_length=16, choices=VoteMethod.choices)
    option_set = models.CharField(_("选项"), max_length=20, choices=OptionSet.choices)
    rule_code = models.CharField(_("通过规则"), max_length=40)
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=0)
    allow_write_in = models.BooleanField(_("允许另选他人"), default=False)
    may_change = models.BooleanField(_("结束前可改票"), default=False)
    state = models.CharField(_("状态"), max_length=10, choices=VoteState.choices, default=VoteState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起人")
    )
    created_at = models.DateTimeField(_("创建时间"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The final result, written once at close and never changed (counts, members, present, outcome).
    result = models.JSONField(_("表决结果"), null=True, blank=True, editable=False)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner_code", "owner_id"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The result is final: a vote read as closed is never written again.
        if getattr(self, "_loaded_state", None) == VoteState.CLOSED:
            raise ValueError("a closed vote is immutable")
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Vote:
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    @property
    def is_secret(self) -> bool:
        return self.method == VoteMethod.SECRET

    @property
    def is_election(self) -> bool:
        return self.option_set == OptionSet.ELECTION

    @property
    def rule_label(self) -> str:
        from .rules import get_rule

        rule = get_rule(self.rule_code)
        return str(rule.label) if rule else ""

    def options(self) -> list[tuple[str, str]]:
        """``[(code, label)]`` a ballot may choose from (candidates as ``c<id>`` for an election)."""
        if self.is_election:
            return [(c.key, c.name) for c in self.candidates.all()]
        return [(code, str(label)) for code, label in OPTIONS.get(self.option_set, [])]


class Candidate(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("候选人"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "name"], name="voting_candidate_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return f"c{self.pk}"


class VoteEligibility(models.Model):
    """Who may vote: the owner's members, snapshotted when the vote opens."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="eligible")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("表决人员")
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="voting_eligibility_unique")]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.user_id}"


class VoteParticipation(models.Model):
    """That a member voted (both methods); one per member and vote, enforced by the database."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("方式"), max_length=10, choices=BallotSource.choices)
    # To the minute only: enough for the record, too coarse to pair with anything.
    voted_at = models.DateTimeField(_("投票时间"))
    key_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="voting_participation_unique")]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.user_id}"


class Ballot(models.Model):
    """A roll-call ballot: public, with its voter."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(_("选择"), default=list)
    source = models.CharField(_("方式"), max_length=10, choices=BallotSource.choices)
    cast_at = models.DateTimeField(_("投票时间"))
    changed = models.PositiveSmallIntegerField(_("改票次数"), default=0)
    key_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("记名选票")
        constraints = [models.UniqueConstraint(fields=["vote", "user"], name="voting_ballot_unique")]

    def __str__(self) -> str:
        return f"{self.vote_id}:{self.user_id}"


class SecretBallot(models.Model):
    """A secret ballot slot: no user, no time, a random key; ``cast`` once filled."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="secret_ballots")
    receipt_code = models.CharField(_("回执码"), max_length=24)
    cast = models.BooleanField(default=False)
    choices = models.JSONField(_("选择"), default=list)
    key_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("无记名选票")
        ordering = ["receipt_code"]  # never by insertion
        constraints = [
            models.UniqueConstraint(fields=["vote", "receipt_code"], name="voting_secret_receipt_unique")
        ]

    def __str__(self) -> str:
        return self.receipt_code


class PaperEntry(models.Model):
    """One staff member's entry of one paper ballot sheet; counted when two staff entries agree."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="paper_entries")
    sheet_code = models.CharField(_("选票编号"), max_length=24)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("代表"),
    )
    choices = models.JSONField(_("选择"), default=list)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))
    counted = models.BooleanField(_("已计入"), default=False)

    class Meta:
        verbose_name = _("纸质选票录入")
        ordering = ["sheet_code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "sheet_code", "entered_by"], name="voting_paper_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return self.sheet_code
