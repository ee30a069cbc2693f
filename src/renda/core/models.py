"""Tenancy (congresses, terms, sessions), organisations, users and their memberships."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import LEVEL_ORDER, CongressLevel, OrganizationKind, Role
from .querysets import CongressQuerySet, MembershipQuerySet, OrganizationQuerySet, UserQuerySet


class RendaUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class Congress(models.Model):
    """A people's congress of one region and level: the tenant of every record."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    region_name = models.CharField(_("行政区"), max_length=100)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=CongressLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/4/17/") so that a roll-up is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("人大")
        verbose_name_plural = _("人大")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            Congress.objects.filter(pk=self.pk).update(path=path)
            # Keep the paths of congresses below in step when a congress moves.
            for child in self.children.all():
                child.save()

    @property
    def level_rank(self) -> int:
        return LEVEL_ORDER.index(self.level)

    @property
    def has_standing_committee(self) -> bool:
        return self.level != CongressLevel.TOWNSHIP

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.pk}/"

    def descendants(self, include_self: bool = True) -> CongressQuerySet:
        qs = Congress.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Term(models.Model):
    """届: a congress's term of (usually) five years."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("结束年"))
    is_current = models.BooleanField(_("本届"), default=False)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="term_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return _("%(congress)s第%(number)s届") % {"congress": self.congress.name, "number": self.number}


class Session(models.Model):
    """次会议: a plenary session of a congress within a term."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("会次"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"))

    class Meta:
        verbose_name = _("会议次")
        verbose_name_plural = _("会议次")
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return _("%(term)s第%(number)s次会议") % {"term": self.term, "number": self.number}

    @property
    def congress(self) -> Congress:
        return self.term.congress


class Organization(models.Model):
    """An organisation under a congress: its bodies, the supervised bodies, handling units, stations."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("所属人大"), on_delete=models.PROTECT, related_name="organizations"
    )
    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类别"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    responsible_person = models.CharField(_("负责人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["congress", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="organization_unique_name")]
        indexes = [models.Index(fields=["congress", "kind"])]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Roles come from memberships, never from flags on the user."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # The session key of the latest login, for the one-active-session rule.
    current_session_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = RendaUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def active_memberships(self) -> MembershipQuerySet:
        return self.memberships.filter(is_active=True, organization__is_active=True).select_related(
            "organization", "organization__congress"
        )

    def role_set(self) -> set[str]:
        cached = getattr(self, "_renda_roles", None)
        if cached is None:
            cached = set(self.active_memberships().values_list("role", flat=True)) if self.pk else set()
            self._renda_roles = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))

    def forget_roles(self) -> None:
        for attr in ("_renda_roles", "_renda_scope"):
            self.__dict__.pop(attr, None)


class Membership(models.Model):
    """User ↔ organisation ↔ role. The congress of the organisation is the scope of the role."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["organization", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class ScheduledRun(models.Model):
    """One run of a daily job on one day; the unique row makes it run once across all workers."""

    job_name = models.CharField(_("任务"), max_length=100)
    run_date = models.DateField(_("日期"))
    enqueued_at = models.DateTimeField(_("入队时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    succeeded = models.BooleanField(_("成功"), null=True)
    message = models.TextField(_("结果"), blank=True)

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        ordering = ["-run_date", "job_name"]
        constraints = [
            models.UniqueConstraint(fields=["job_name", "run_date"], name="scheduled_run_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job_name} {self.run_date}"
