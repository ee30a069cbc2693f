"""Forms of the security pages: they parse and keep what the user typed; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.models import Organization


class BootstrapMixin:
    """Bootstrap classes on every widget (no inline styles: the CSP forbids them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_service_error(self, exc: ValidationFailed) -> None:
        """Show a service's error next to the field it names (or above the form)."""
        fields = exc.fields or {}
        placed = False
        for name, message in fields.items():
            if name in self.fields:  # type: ignore[attr-defined]
                self.add_error(name, message)  # type: ignore[attr-defined]
                placed = True
        if not placed:
            self.add_error(None, exc.message)  # type: ignore[attr-defined]


class LoginForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        error_messages={"required": _("请输入用户名。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请输入密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(BootstrapMixin, forms.Form):
    old_password = forms.CharField(
        label=_("原密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请输入原密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请输入新密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_confirm = forms.CharField(
        label=_("确认新密码"),
        max_length=128,
        strip=False,
        error_messages={"required": _("请再次输入新密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, confirm = data.get("new_password"), data.get("new_password_confirm")
        if new and confirm and new != confirm:
            self.add_error("new_password_confirm", _("两次输入的新密码不一致。"))
        return data


class TokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("6 位验证码"),
        max_length=10,
        error_messages={"required": _("请输入验证码。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class PolicyForm(BootstrapMixin, forms.Form):
    password_min_length = forms.IntegerField(label=_("密码最小长度"), min_value=8, max_value=64)
    password_expiry_days = forms.IntegerField(
        label=_("工作人员密码有效期(天)"), min_value=0, max_value=365, help_text=_("0 表示不过期")
    )
    lockout_threshold = forms.IntegerField(label=_("连续失败锁定次数"), min_value=3, max_value=20)
    lockout_minutes = forms.IntegerField(label=_("锁定时长(分钟)"), min_value=1, max_value=1440)
    idle_timeout_minutes = forms.IntegerField(label=_("会话空闲超时(分钟)"), min_value=1, max_value=240)
    api_token_days = forms.IntegerField(
        label=_("API 令牌有效期(天)"),
        min_value=1,
        max_value=365,
        help_text=_("新令牌最长有效天数;超过此天数的已有令牌也随之失效"),
    )
    single_session = forms.BooleanField(label=_("每个账号仅允许一个会话"), required=False)
    two_factor_roles = forms.MultipleChoiceField(
        label=_("须两步验证的角色"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(
        required=False, error_messages={"invalid": _("地址格式不正确。")}
    )


class GrantForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("机构"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择机构。"), "invalid_choice": _("请选择有效的机构。")},
    )
    role = forms.ChoiceField(
        label=_("角色"),
        choices=Role.choices,
        error_messages={"required": _("请选择角色。"), "invalid_choice": _("请选择有效的角色。")},
    )
    title = forms.CharField(label=_("职务"), max_length=60, required=False)

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
