"""Password policy (等保): length, three character classes, not the username."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PasswordPolicyValidator:
    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    def min_length(self) -> int:
        if self._min_length is not None:
            return self._min_length
        try:
            from renda.security.models import SecurityPolicy

            return SecurityPolicy.current().password_min_length
        except Exception:  # noqa: BLE001 - before migrations the default applies
            return 10

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        length = self.min_length()
        if len(password) < length:
            errors.append(
                ValidationError(_("密码至少 %(n)d 位。") % {"n": length}, code="password_too_short")
            )
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
        if classes < 3:
            errors.append(
                ValidationError(
                    _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"), code="password_too_simple"
                )
            )
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            errors.append(ValidationError(_("密码不能包含用户名。"), code="password_contains_username"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("至少 %(n)d 位,包含大写字母、小写字母、数字、符号中的至少三类,且不含用户名。") % {
            "n": self.min_length()
        }
