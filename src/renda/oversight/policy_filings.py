"""Who may do what in filing review and appointments, and the case kind ``filing_correction``.

- Reviewers (the legal committee's staff and the congress's leaders): staff and leaders of the
  congress (``Role.STAFF`` / ``Role.LEADER`` there) read every filing, request and appointment of it;
  staff review, decide, answer requests and run appointments.
- A filing body (the county government, its departments, the townships — organisations of the
  congress of kinds ``FILING_BODY_KINDS``) files through its unit clerks and leaders and sees its own
  filings only.
- The public reads the library's published documents and, with the number and code it was given,
  the answer to its own review request.

``filing_correction`` (纠正督办): when a review demands correction or revocation, a case on the engine
is assigned to the filing body, which signs it, handles it and replies with its correction report
(the engine's reply: A = corrected, B = being corrected …); the reviewer who demanded it rates the
report: "认可" closes the case and marks the filing corrected, "不认可" sends it back (re-handling).

    demanded ─assign─▶ assigned ─sign─▶ handling ─reply─▶ reported ─accept─▶ corrected
                                          ▲                  │ ─follow (B/C report)─▶ following ─reply─▶ reported
                                          └── rehandling ◀───┘ rehandle (不认可)
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit, RatingOutcome, RatingValue
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    RatingResult,
    RatingScale,
    State,
    handling_transitions,
    is_staff_of_case_congress,
)
from renda.core.choices import OrganizationKind, Role
from renda.core.errors import ValidationFailed
from renda.core.scopes import scope_of

KIND = "filing_correction"
REVIEW_ROLES = (Role.STAFF, Role.LEADER)
MANAGE_ROLES = (Role.STAFF,)
FILING_BODY_KINDS = (
    OrganizationKind.GOVERNMENT,
    OrganizationKind.GOVERNMENT_DEPARTMENT,
    OrganizationKind.TOWNSHIP,
    OrganizationKind.SUBDISTRICT,
)


# --- permissions (pages and API ask the same functions) --------------------------------------------


def reads_filings(user: Any) -> bool:
    """The filing pages: reviewers, and the clerks and leaders of a filing body."""
    scope = scope_of(user)
    return scope.has(*REVIEW_ROLES) or bool(scope.unit_ids)


def reviews(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, *REVIEW_ROLES)


def manages(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, *MANAGE_ROLES)


def reviews_filings(user: Any, congress_id: int) -> bool:
    """Review, decide and answer review requests: staff of the congress — of its legal committee
    (``FilingSetting.legal_committee``) when the congress has named one."""
    if not manages(user, congress_id):
        return False
    from .models.filings import FilingSetting

    committee_id = (
        FilingSetting.objects.filter(congress_id=congress_id)
        .values_list("legal_committee_id", flat=True)
        .first()
    )
    if not committee_id:
        return True
    return user.memberships.filter(is_active=True, organization_id=committee_id, role=Role.STAFF).exists()


def may_file_for(user: Any, organization: Any) -> bool:
    return (
        organization is not None
        and organization.kind in FILING_BODY_KINDS
        and organization.is_active
        and organization.pk in scope_of(user).unit_ids
    )


def reads_appointments(user: Any) -> bool:
    return scope_of(user).has(*REVIEW_ROLES)


def filing_bodies_for(user: Any) -> Any:
    """The organisations the user may file for."""
    from renda.core.models import Organization

    return Organization.objects.filter(
        pk__in=scope_of(user).unit_ids, kind__in=FILING_BODY_KINDS, is_active=True
    ).order_by("sort_order", "name")


# --- the case kind ----------------------------------------------------------------------------------


class CorrectionState(models.TextChoices):
    DEMANDED = "demanded", _("待交办")
    ASSIGNED = "assigned", _("待签收")
    HANDLING = "handling", _("纠正中")
    REPORTED = "reported", _("已报告纠正情况")
    FOLLOWING = "following", _("跟踪纠正")
    REHANDLING = "rehandling", _("重新纠正")
    CORRECTED = "corrected", _("已纠正")


class CorrectionVerdictScale(RatingScale):
    """The reviewer's verdict on a correction report: accepted (the case closes once the report says
    the document is corrected) or not accepted (the body corrects again)."""

    code = "correction_verdict"
    label = _("认可、不认可")

    def choices(self) -> list[tuple[str, Any]]:
        return [(RatingValue.SATISFIED, _("认可纠正情况")), (RatingValue.DISSATISFIED, _("不认可,重新纠正"))]

    def evaluate(self, value: Any) -> RatingResult:
        if value not in (RatingValue.SATISFIED, RatingValue.DISSATISFIED):
            raise ValidationFailed(_g("请选择认可或不认可。"), field="value")
        outcome = RatingOutcome.PASS if value == RatingValue.SATISFIED else RatingOutcome.REHANDLE
        return RatingResult(value=str(value), percent=None, outcome=outcome)


St = CorrectionState


class FilingCorrectionPolicy(CasePolicy):
    kind = KIND
    label = _("规范性文件纠正督办")
    number_prefix = "JZ"
    states = (
        State(St.DEMANDED, St.DEMANDED.label),
        State(St.ASSIGNED, St.ASSIGNED.label),
        State(St.HANDLING, St.HANDLING.label),
        State(St.REPORTED, St.REPORTED.label),
        State(St.FOLLOWING, St.FOLLOWING.label),
        State(St.REHANDLING, St.REHANDLING.label),
        State(St.CORRECTED, St.CORRECTED.label, is_open=False),
    )
    initial_state = St.DEMANDED
    transitions = handling_transitions(
        assign_from=(St.DEMANDED,),
        assigned=St.ASSIGNED,
        handling=St.HANDLING,
        replied=St.REPORTED,
        following=St.FOLLOWING,
        rehandling=St.REHANDLING,
        closed=St.CORRECTED,
        assign_label=_("交报备机关纠正"),
    )
    # The correction period is the filing setting's (``correction_days``); the review service passes
    # it as the assignment's deadline, this is only the engine's default.
    reply_deadline = Deadline(DeadlineUnit.MONTHS, 2)
    rehandle_deadline = Deadline(DeadlineUnit.MONTHS, 1)
    rating_scale = CorrectionVerdictScale()
    requires_contact_before_reply = False
    key_on_dissatisfied = False
    special_inquiry_after = 99
    hidden_actions = ("publish", "withhold")
    subject_template = "oversight/filings/_correction_subject.html"
    can_supervise = staticmethod(is_staff_of_case_congress)

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        return reviews_filings(actor, congress.pk)

    def is_publishable(self, case: Any) -> bool:
        return False

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        filing = getattr(case, "filing", None)
        return {"filing": filing, "flags": list(filing.flags.all()) if filing else []}

    def on_rated(self, *, case: Any, rating: Any, actor: Any) -> None:
        """The verdict "认可" on a final report closes the case: the filing is corrected."""
        if case.closed_at is not None:
            from .services_filings import mark_corrected

            mark_corrected(case=case, actor=actor)


POLICY = FilingCorrectionPolicy()
