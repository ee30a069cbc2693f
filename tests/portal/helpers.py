"""Build published and unpublished suggestions through the real services (the suggestion kind and the
case engine), as a deputy, staff and a unit clerk would."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from renda.cases import services as engine
from renda.suggestions import services as sugg


def unit_leader_of(unit: Any) -> Any:
    from renda.core.choices import Role
    from renda.core.models import Membership

    m = Membership.objects.filter(organization=unit, role=Role.UNIT_LEADER, is_active=True).first()
    return m.user if m is not None else None


def suggestion_through_services(
    *,
    congress: Any,
    deputy: Any,
    staff: Any,
    clerk: Any,
    unit: Any,
    title: str,
    body: str = "建议加强城关小学周边交通管理,增设交通协管员。",
    publish: bool = True,
    reply: bool = True,
    not_public: bool = False,
    category: Any = None,
    session: Any = None,
    classification: str = "A",
) -> Any:
    kw: dict[str, Any] = {}
    if not_public:
        kw.update(not_public=True, not_public_reason="涉及个人隐私")
    s = sugg.suggestion_draft_create(
        actor=deputy, congress=congress, title=title, body=body, category=category, session=session, **kw
    )
    sugg.suggestion_submit(actor=deputy, suggestion=s)
    sugg.suggestion_review(actor=staff, suggestion=s, outcome="accept", note="内部审查意见:需重点督办")
    engine.case_assign(actor=staff, case=s.case, lead=unit, co_handlers=[])
    if not reply:
        s.case.refresh_from_db()
        return s
    a = s.case.assignments.get(role="lead")
    engine.assignment_sign(actor=clerk, assignment=a)
    a.refresh_from_db()
    engine.contact_record(
        actor=clerk,
        assignment=a,
        contacted_at=timezone.now(),
        mode="phone",
        phase="before",
        unit_person="王科长",
        counterpart="代表本人",
        summary="内部沟通记录:电话沟通办理思路。",
    )
    a.refresh_from_db()
    engine.plan_submit(
        actor=clerk, assignment=a, text=f"办理方案:{title}的落实措施", responsible_person="王科长"
    )
    a.refresh_from_db()
    leader = unit_leader_of(a.organization)
    if leader is None:
        engine.reply_submit(
            actor=clerk,
            assignment=a,
            classification=classification,
            text=f"答复:{title}已办理。",
            signing_leader="王局长",
        )
    else:  # the clerk drafts, the unit's head signs it off (签发)
        d = engine.reply_draft_submit(
            actor=clerk, assignment=a, classification=classification, text=f"答复:{title}已办理。"
        )
        engine.reply_sign_off(actor=leader, draft=d)
    s.case.refresh_from_db()
    if publish and not not_public:
        sugg.suggestion_publish(actor=staff, suggestion=s)
        s.case.refresh_from_db()
    return s
