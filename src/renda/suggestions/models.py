"""Deputies' suggestions and motions: the kind-specific data of a ``cases.Case`` of kind ``suggestion``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

from .choices import DEFAULT_MOTION_MIN_COSIGNERS, CoSignState, SuggestionType

USER = settings.AUTH_USER_MODEL


class SuggestionSetting(models.Model):
    """Per-congress rules of suggestions (the seeds' defaults when no row exists)."""

    congress = models.OneToOneField(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="suggestion_setting"
    )
    motion_min_cosigners = models.PositiveSmallIntegerField(
        _("议案附议人数下限"),
        default=DEFAULT_MOTION_MIN_COSIGNERS,
        help_text=_("县级人大代表十人以上联名可以提出议案;以代表团名义提出的不受此限"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("建议办理参数")
        verbose_name_plural = _("建议办理参数")

    def __str__(self) -> str:
        return str(self.congress)


class Category(models.Model):
    """建议分类 of one congress (教育, 交通 …)."""

    congress = models.ForeignKey(
        "core.Congress",
        verbose_name=_("人大"),
        on_delete=models.CASCADE,
        related_name="suggestion_categories",
    )
    name = models.CharField(_("名称"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("建议分类")
        verbose_name_plural = _("建议分类")
        ordering = ["congress", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="suggestion_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ExclusionReason(models.Model):
    """不予立案的理由 of one congress (涉及个人私事, 正在诉讼 …)."""

    congress = models.ForeignKey(
        "core.Congress",
        verbose_name=_("人大"),
        on_delete=models.CASCADE,
        related_name="suggestion_exclusions",
    )
    code = models.CharField(_("代码"), max_length=30)
    label = models.CharField(_("理由"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("不予立案理由")
        verbose_name_plural = _("不予立案理由")
        ordering = ["congress", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "code"], name="suggestion_exclusion_unique")
        ]

    def __str__(self) -> str:
        return self.label


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SuggestionQuerySet:
        """What the user may read: the engine's case scope, minus other people's drafts, plus invitations.

        Staff read every non-draft suggestion of their congresses (and those below); units only those
        assigned to them; deputies their own, those they co-sign and those they are invited to co-sign.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        from renda.cases.models import Case

        scope = scope_of(user)
        personal = self._personal_case_ids(user, scope)
        congresses = scope.staff_read_congress_ids
        if not congresses:
            return self.filter(case_id__in=personal)
        # The congress filter at the top level (the planner drives the list and its count from the
        # (congress, kind, …) indexes); the few personal suggestions it does not cover are fetched first
        # and added by case id inside one subquery on the case table — never an OR across tables.
        staff = Q(congress_id__in=congresses) & ~Q(state="draft")
        extra = list(
            Case.objects.filter(pk__in=personal).exclude(staff).order_by().values_list("pk", flat=True)
        )
        if not extra:
            return self.filter(case__congress_id__in=congresses).exclude(case__state="draft")
        return self.filter(case_id__in=Case.objects.filter(staff | Q(pk__in=extra)).order_by().values("pk"))

    @staticmethod
    def _personal_case_ids(user: Any, scope: Any) -> models.QuerySet:
        """The case ids of the suggestions a user reads through a personal link, as one ``UNION ALL``:
        their own (as lead deputy or registrar, drafts included); for everyone but staff alone also
        the invitations to co-sign, and — once submitted — the cases they are a party of, those
        assigned to their units (a unit never reads another unit's suggestion, nor anything before
        assignment) or, without a unit, those come in through their stations."""
        from renda.cases.models import Assignment, CaseParty

        not_draft = ~Q(case__state="draft")
        branches = [
            Suggestion.objects.filter(lead_user_id=user.pk).order_by().values("case_id"),
            Suggestion.objects.filter(case__created_by_id=user.pk).order_by().values("case_id"),
        ]
        staff_only = (
            scope.staff_read_congress_ids
            and not scope.unit_ids
            and not scope.station_ids
            and not scope.has("deputy")
        )
        if not staff_only:
            branches.append(
                CoSignature.objects.filter(user_id=user.pk).order_by().values("suggestion__case_id")
            )
            branches.append(
                CaseParty.objects.filter(user_id=user.pk, case__kind="suggestion")
                .filter(not_draft)
                .order_by()
                .values("case_id")
            )
            if scope.unit_ids:
                branches.append(
                    Assignment.objects.filter(organization_id__in=scope.unit_ids, case__kind="suggestion")
                    .filter(not_draft)
                    .order_by()
                    .values("case_id")
                )
            elif scope.station_ids:
                branches.append(
                    Suggestion.objects.filter(case__origin_organization_id__in=scope.station_ids)
                    .filter(not_draft)
                    .order_by()
                    .values("case_id")
                )
        return branches[0].union(*branches[1:], all=True)


class Suggestion(models.Model):
    """代表建议、批评和意见 / 议案: one-to-one with its case."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.CASCADE, related_name="suggestion"
    )
    type = models.CharField(_("类型"), max_length=20, choices=SuggestionType.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_mandate = models.ForeignKey(
        "deputies.DeputyMandate",
        verbose_name=_("领衔代表"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    lead_user = models.ForeignKey(
        USER, verbose_name=_("领衔代表账号"), on_delete=models.PROTECT, related_name="+"
    )
    by_delegation = models.BooleanField(_("以代表团(代表小组)名义提出"), default=False)
    delegation_name = models.CharField(_("代表团(代表小组)"), max_length=100, blank=True)
    session = models.ForeignKey(
        "core.Session",
        verbose_name=_("提出于会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空为闭会期间提出"),
    )
    not_public = models.BooleanField(_("不公开"), default=False)
    not_public_reason = models.CharField(_("不公开理由"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    exclusion_reason = models.ForeignKey(
        ExclusionReason,
        verbose_name=_("不予立案理由"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("审查意见"), blank=True)
    converted_from_motion = models.BooleanField(_("由议案转为建议"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表建议")
        verbose_name_plural = _("代表建议")
        ordering = ["-case__created_at", "-id"]
        indexes = [models.Index(fields=["type"]), models.Index(fields=["lead_user"])]

    def __str__(self) -> str:
        return str(self.case)

    @property
    def is_motion(self) -> bool:
        return self.type == SuggestionType.MOTION

    @property
    def between_sessions(self) -> bool:
        return self.session_id is None


class CoSignature(models.Model):
    """附议: a deputy invited to co-sign, who confirms or declines."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="cosignatures"
    )
    mandate = models.ForeignKey(
        "deputies.DeputyMandate", verbose_name=_("附议代表"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(USER, verbose_name=_("附议代表账号"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=20, choices=CoSignState.choices, default=CoSignState.INVITED
    )
    invited_at = models.DateTimeField(_("邀请时间"))
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "mandate"], name="cosignature_unique")]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.suggestion_id} · {self.mandate_id} · {self.get_state_display()}"


class SuggestionVersion(models.Model):
    """The text as submitted (version 1) and every later revision, frozen."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("建议"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    reason = models.CharField(_("修改理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("建议版本")
        verbose_name_plural = _("建议版本")
        ordering = ["suggestion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "number"], name="suggestionversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} v{self.number}"


from .summary_models import SuggestionSummary, SummaryDirty, SummaryState, UnitSummary  # noqa: E402, F401
