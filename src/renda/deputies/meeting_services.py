"""约见: the deputy's request, staff's arrangement and the record of the meeting (case engine)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.cases import services as engine
from renda.cases.choices import PartyRole
from renda.cases.models import Case
from renda.core import clock
from renda.core.choices import CONGRESS_BODY_KINDS, OrganizationKind
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Organization
from renda.core.text import clean_text

from .choices import MEETING_REQUEST_KIND, ActivityKind
from .models import DeputyMandate
from .record_services import ensure_manages
from .records import MeetingRequest


def meeting_request_create(
    *, actor: Any, mandate: DeputyMandate, organ: Organization, title: str, body: str, organ_head: str = ""
) -> MeetingRequest:
    """A deputy asks to meet the head of a state organ of their congress's region."""
    if mandate.deputy.user_id is None or mandate.deputy.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("只能以本人的代表身份提出约见。"))
    if not mandate.is_active:
        raise ValidationFailed(_("代表资格已终止。"), field="mandate")
    if (
        organ.congress_id != mandate.congress_id
        or organ.kind in CONGRESS_BODY_KINDS
        or organ.kind == OrganizationKind.LIAISON_STATION
    ):
        raise ValidationFailed(_("请选择本级的国家机关。"), field="organ")
    body = clean_text(body, field="body", label=_("约见事由"), max_length=5000, required=True)
    with transaction.atomic():
        case = engine.case_create(
            actor=actor, congress=mandate.congress, kind=MEETING_REQUEST_KIND, title=title, body=body,
            parties=[(actor, PartyRole.AUTHOR)], term=mandate.term, submitted=True,
        )  # fmt: skip
        return MeetingRequest.objects.create(
            case=case,
            mandate=mandate,
            organ=organ,
            organ_head=clean_text(
                organ_head, field="organ_head", label=_("约见负责人"), max_length=60, required=False
            ),
        )


def meeting_request_arrange(
    *, actor: Any, request: MeetingRequest, arranged_for: dt.datetime, place: str, organ_head: str = ""
) -> MeetingRequest:
    if not isinstance(arranged_for, dt.datetime):
        raise ValidationFailed(_("请填写约见时间。"), field="arranged_for")
    place = clean_text(place, field="place", label=_("地点"), max_length=120, required=True)
    with transaction.atomic():
        engine.case_transition(
            actor=actor, case=request.case, name="arrange", note=f"{arranged_for:%Y-%m-%d %H:%M} {place}"
        )
        request.arranged_for = arranged_for
        request.place = place
        if organ_head:
            request.organ_head = clean_text(
                organ_head, field="organ_head", label=_("约见负责人"), max_length=60, required=False
            )
        request.save(update_fields=["arranged_for", "place", "organ_head"])
    return request


def meeting_request_record(*, actor: Any, request: MeetingRequest, outcome: str) -> MeetingRequest:
    """The meeting took place: record what was said and agreed; it counts in the deputy's record."""
    from .hooks import record_deputy_activity

    ensure_manages(actor, request.case.congress_id)
    outcome = clean_text(outcome, field="outcome", label=_("约见情况"), max_length=10000, required=True)
    with transaction.atomic():
        engine.case_transition(actor=actor, case=request.case, name="hold", note=outcome[:200])
        request.outcome = outcome
        request.save(update_fields=["outcome"])
        day = request.arranged_for.date() if request.arranged_for else clock.today()  # noqa: DTZ011
        record_deputy_activity(
            actor=actor, mandate_or_user=request.mandate, kind=ActivityKind.OTHER, occurred_on=day,
            source_object=request.case, title=_("约见%(o)s负责人") % {"o": request.organ.name},
            congress=request.case.congress,
        )  # fmt: skip
    return request


def meeting_requests_for(user: Any) -> Any:
    return (
        MeetingRequest.objects.filter(case__in=Case.objects.visible_to(user).of_kind(MEETING_REQUEST_KIND))
        .select_related("case", "mandate__deputy", "organ")
        .order_by("-case__created_at")
    )
