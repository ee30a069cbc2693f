"""Reads of the security pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core.errors import NotFoundError
from renda.core.models import Membership, Organization, User

from .models import LoginAttempt
from .services import security_congress_ids


def users_for_security_admin(actor: Any, *, q: str = "") -> QuerySet[User]:
    """Users holding a role in a congress the actor is security administrator of (or below)."""
    ids = security_congress_ids(actor)
    qs = User.objects.filter(memberships__organization__congress_id__in=ids).distinct()
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__icontains=q))
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(is_active=True).select_related("organization__congress"),
            to_attr="active_membership_list",
        )
    ).order_by("username")


def user_for_security_admin(actor: Any, pk: int) -> User:
    user = users_for_security_admin(actor).filter(pk=pk).first()
    if user is None:
        raise NotFoundError(_("未找到该用户。"))
    return user


def organizations_for_security_admin(actor: Any) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(congress_id__in=security_congress_ids(actor), is_active=True)
        .select_related("congress")
        .order_by("congress__path", "sort_order", "name")
    )


def enrolled_user_ids(users: list[User]) -> set[int]:
    return set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))


def recent_failures(limit: int = 50) -> QuerySet[LoginAttempt]:
    return LoginAttempt.objects.filter(succeeded=False).order_by("-created_at")[:limit]
