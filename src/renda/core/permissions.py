"""Role checks shared by services, pages and API. Denied by default."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .errors import PermissionDeniedError
from .scopes import scope_of


def ensure_role(actor: Any, *roles: str, congress_id: int | None = None) -> None:
    """Raise unless the actor holds one of ``roles`` (in ``congress_id`` when given)."""
    scope = scope_of(actor)
    ok = scope.has_in(congress_id, *roles) if congress_id is not None else scope.has(*roles)
    if not ok:
        raise PermissionDeniedError(_("您没有执行此操作的权限。"))


def role_required(*roles: str) -> Callable:
    """View decorator: signed in and holding one of ``roles``; otherwise login page or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not scope_of(request.user).has(*roles):
                raise PermissionDenied(_("您没有访问此页面的权限。"))
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator
