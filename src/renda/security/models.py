"""Security policy and sign-in records (等保 2.0 level 3 style)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role


class SecurityPolicy(models.Model):
    """The live security policy (one row), set by the security administrator."""

    password_min_length = models.PositiveSmallIntegerField(_("密码最小长度"), default=10)
    password_expiry_days = models.PositiveSmallIntegerField(
        _("工作人员密码有效期(天)"), default=90, help_text=_("0 表示不过期")
    )
    lockout_threshold = models.PositiveSmallIntegerField(_("连续失败锁定次数"), default=5)
    lockout_minutes = models.PositiveSmallIntegerField(_("锁定时长(分钟)"), default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField(_("会话空闲超时(分钟)"), default=30)
    single_session = models.BooleanField(_("每个账号仅允许一个会话"), default=True)
    two_factor_roles = models.JSONField(
        _("须两步验证的角色"),
        default=list,
        blank=True,
    )
    api_token_days = models.PositiveSmallIntegerField(
        _("API 令牌有效期(天)"),
        default=90,
        help_text=_("新令牌最长有效天数;超过此天数的已有令牌也随之失效"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return str(_("安全策略"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy = cls.objects.order_by("pk").first()
        if policy is None:
            policy = cls.objects.create(
                two_factor_roles=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
            )
        return policy


class LoginAttempt(models.Model):
    """Each sign-in attempt, for lockout per account and per client address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    # Refused without checking the password because the account or address was locked.
    blocked = models.BooleanField(default=False)
    # Set when a security administrator clears the lockout: the failure no longer counts.
    cleared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("登录尝试")
        verbose_name_plural = _("登录尝试")
        indexes = [
            models.Index(fields=["username", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self) -> str:
        outcome = "成功" if self.succeeded else ("拒绝(已锁定)" if self.blocked else "失败")
        return f"{self.username}@{self.ip_address} {outcome}"
