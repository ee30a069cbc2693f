"""The case: one row per suggestion, deliberation opinion, constituent opinion, task … of any kind."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

from ..choices import ParentRelation, PartyRole


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CaseQuerySet:
        """Cases the user may read; denied by default.

        - staff, leaders and administrators: every case of their congresses and those below;
        - unit clerks and unit leaders: cases with an assignment to their unit (never other units');
        - deputies, citizens and anyone else: cases they created or are a party of;
        - station keepers: cases that came in through their station.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        personal = self._personal_case_ids(user, scope)
        if not scope.staff_read_congress_ids:
            return self.filter(pk__in=personal)
        # Staff-like readers: the congress filter at the top level, so the planner can drive the query
        # (and its count) from the congress indexes; the few personal cases outside those congresses
        # (own, party, unit, station) are fetched first and added by id — never an OR with subqueries,
        # which makes PostgreSQL and SQLite test every case of the table.
        staff = Q(congress_id__in=scope.staff_read_congress_ids)
        extra = list(
            Case.objects.filter(pk__in=personal)
            .exclude(congress_id__in=scope.staff_read_congress_ids)
            .order_by()
            .values_list("pk", flat=True)
        )
        return self.filter(staff | Q(pk__in=extra)) if extra else self.filter(staff)

    @staticmethod
    def _personal_case_ids(user: Any, scope: Any) -> models.QuerySet:
        """The ids of the cases a user reads through a personal link, as one ``UNION ALL`` subquery:
        created by them, a party of them, assigned to their units, come in through their stations."""
        from .handling import Assignment

        branches = [
            Case.objects.filter(created_by_id=user.pk).order_by().values("pk"),
            CaseParty.objects.filter(user_id=user.pk).order_by().values("case_id"),
        ]
        if scope.unit_ids:
            branches.append(
                Assignment.objects.filter(organization_id__in=scope.unit_ids).order_by().values("case_id")
            )
        if scope.station_ids:
            branches.append(
                Case.objects.filter(origin_organization_id__in=scope.station_ids).order_by().values("pk")
            )
        return branches[0].union(*branches[1:], all=True)

    def of_kind(self, kind: str) -> CaseQuerySet:
        return self.filter(kind=kind)

    def open(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=True)

    def closed(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=False)

    def published(self) -> CaseQuerySet:
        return self.filter(is_public=True)


class Case(models.Model):
    """One piece of casework. Written only by ``renda.cases.services``."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("类别"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("编号"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    state = models.CharField(_("状态"), max_length=40)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_created",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    due_at = models.DateField(_("答复期限"), null=True, blank=True)
    is_key = models.BooleanField(_("重点"), default=False)
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_supervised",
    )
    is_public = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    not_public_reason = models.CharField(_("不公开理由"), max_length=300, blank=True)
    term = models.ForeignKey(
        "core.Term", verbose_name=_("届"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "core.Session",
        verbose_name=_("会议次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("来源机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_originated",
        help_text=_("例如收集该意见的代表联络站"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    parent_relation = models.CharField(
        _("关联方式"), max_length=20, choices=ParentRelation.choices, blank=True
    )
    rehandle_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    dissatisfied_count = models.PositiveSmallIntegerField(_("不满意次数"), default=0)
    needs_follow_up = models.BooleanField(_("跟踪落实"), default=False)
    on_special_inquiry = models.BooleanField(_("列入专题询问"), default=False)
    # Kept by the services (``renda.cases.services.summary``) in the transaction that writes a reply or a
    # rating, so lists and statistics filter and count on plain columns instead of per-case subqueries.
    first_reply_class = models.CharField(
        _("首次答复类别"), max_length=1, blank=True, default="", db_default=""
    )
    first_replied_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    first_reply_on_time = models.BooleanField(_("首次答复按期"), null=True, blank=True)
    latest_reply_class = models.CharField(
        _("最新答复类别"), max_length=1, blank=True, default="", db_default=""
    )
    latest_reply_at = models.DateTimeField(_("最新答复时间"), null=True, blank=True)
    latest_rating_value = models.CharField(
        _("最新测评结果"), max_length=20, blank=True, default="", db_default=""
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind", "number"], name="case_unique_number"),
        ]
        indexes = [
            models.Index(fields=["congress", "kind", "state"]),
            models.Index(fields=["congress", "kind", "year"]),
            models.Index(fields=["congress", "closed_at"]),
            models.Index(fields=["is_key", "closed_at"]),
            models.Index(fields=["congress", "kind", "latest_reply_class"]),
            models.Index(fields=["kind", "-created_at"], name="case_kind_created"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def policy(self) -> Any:
        from ..policies import get_policy

        return get_policy(self.kind)

    def get_state_display(self) -> str:
        return self.policy.state_label(self.state)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseParty(models.Model):
    """A person with a stake in a case: its author, co-signers, its rater. Kinds register their parties."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="parties")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.PROTECT,
        related_name="case_parties",
    )
    role = models.CharField(_("身份"), max_length=20, choices=PartyRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案件当事人")
        verbose_name_plural = _("案件当事人")
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "role"], name="caseparty_unique_role"),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.user} · {self.get_role_display()}"
