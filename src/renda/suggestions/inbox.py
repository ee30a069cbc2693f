"""The suggestions' own reason in the inbox (``renda.cases.inbox``): co-sign invitations to answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.cases.inbox import InboxContext, InboxQuery, register_inbox_source
from renda.core.choices import Role

from .selectors import invitations_for


def cosign_invitations(ctx: InboxContext) -> InboxQuery | None:
    """Suggestions the deputy is invited to co-sign and has not answered (the case is still open to it)."""
    if not ctx.scope.has(Role.DEPUTY):
        return None
    return InboxQuery(invitations_for(ctx.user), case="suggestion__case")


def register() -> None:
    register_inbox_source(
        "cosign",
        _("待确认的附议邀请"),
        cosign_invitations,
        order=55,
        icon="people",
        # an invitee is not a party of the case yet: they answer on the invitations page
        url=lambda case: reverse("suggestions:invitations"),
    )
