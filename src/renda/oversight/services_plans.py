"""Business rules of the supervision plan and its instruments (the only writers of area `plans`).

Every function takes the acting user as ``actor=``, checks that they are staff of the record's congress
(scoring: a member or deputy of that congress, from their own session), changes the rows inside one
transaction and writes the audit trail there. Refusals are ``ValidationFailed`` (a Chinese message
naming the field) or ``PermissionDeniedError``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases.choices import PartyRole
from renda.cases.models import Case
from renda.cases.services import case_assign, case_create
from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind, Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization, User
from renda.core.scopes import scope_of

from .models.plans import (
    ActivityKind,
    Evaluation,
    EvaluationActivity,
    EvaluationKind,
    EvaluationScore,
    EvaluationState,
    Inquiry,
    InquiryQuestion,
    InquiryState,
    Inspection,
    InspectionMember,
    InspectionState,
    InspectionVisit,
    Instrument,
    Interpellation,
    InterpellationSignature,
    InterpellationState,
    Investigation,
    InvestigationHearing,
    InvestigationState,
    ItemStatus,
    MemberCapacity,
    PlanItem,
    PlanState,
    RectificationItem,
    ScoreSource,
    SupervisionPlan,
)
from .policy_plans import RECTIFICATION_KIND, SCORE_ROLES, can_manage

SCORE_MIN = 0
SCORE_MAX = 100
# 监督法 §35 and the organic law: how many must sign an interpellation, by congress level; a deployment
# sets its own with ``RENDA_INTERPELLATION_MINIMUM = {"county": {"standing_committee": 5, "plenary": 10}}``.
INTERPELLATION_MINIMUM: dict[str, dict[str, int]] = {
    "national": {"standing_committee": 10, "plenary": 30},
    "province": {"standing_committee": 5, "plenary": 10},
    "city": {"standing_committee": 5, "plenary": 10},
    "county": {"standing_committee": 5, "plenary": 10},
    "township": {"standing_committee": 0, "plenary": 5},
}


# --- helpers ----------------------------------------------------------------------------------------


def _ensure_manage(actor: Any, congress_id: int) -> None:
    if not can_manage(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以办理监督工作事项。"))


def _text(value: Any, field: str, label: str, *, required: bool = True, max_length: int = 0) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(f)s。") % {"f": label}, field=field)
    if max_length and len(text) > max_length:
        raise ValidationFailed(_("%(f)s不能超过%(n)s个字。") % {"f": label, "n": max_length}, field=field)
    return text


def _year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(_("年度须为四位数字。"), field="year") from None
    if not 2000 <= value <= 2100:
        raise ValidationFailed(_("年度须在2000到2100之间。"), field="year")
    return value


def _not_future(day: dt.date | None, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if day is None:
        if required:
            raise ValidationFailed(_("请填写%(f)s。") % {"f": label}, field=field)
        return None
    if day > clock.today():
        raise ValidationFailed(_("%(f)s不能晚于今天。") % {"f": label}, field=field)
    return day


def _org_of(congress_id: int, org: Organization | None, field: str, label: str, kinds: Any = None) -> None:
    if org is None:
        raise ValidationFailed(_("请选择%(f)s。") % {"f": label}, field=field)
    if org.congress_id != congress_id or not org.is_active:
        raise ValidationFailed(_("%(f)s须是本级人大的单位。") % {"f": label}, field=field)
    if kinds is not None and org.kind not in kinds:
        raise ValidationFailed(_("请从列表中选择%(f)s。") % {"f": label}, field=field)


def _meeting_of(congress_id: int, meeting: Any, field: str, kinds: Any = None) -> None:
    if meeting is None:
        return
    if meeting.congress_id != congress_id:
        raise ValidationFailed(_("会议须是本级人大的会议。"), field=field)
    if kinds is not None and meeting.kind not in kinds:
        raise ValidationFailed(_("请选择相应类别的会议。"), field=field)


def _snap(obj: Any, *fields: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        out[name] = value
    return out


def _item_progress(item: PlanItem | None, status: str, actor: Any) -> None:
    """Carry an instrument's progress to its plan item (in the caller's transaction)."""
    if item is None or item.status == status or item.status == ItemStatus.CANCELLED:
        return
    if status == ItemStatus.IN_PROGRESS and item.status == ItemStatus.DONE:
        return
    before = item.status
    item.status = status
    item.save(update_fields=["status"])
    record_event(
        actor=actor, action="oversight_plan_item.status", target=item, congress=item.plan.congress,
        before={"status": before}, after={"status": status},
    )  # fmt: skip


COMMITTEE_KINDS = {
    OrganizationKind.COMMITTEE,
    OrganizationKind.STANDING_COMMITTEE,
    OrganizationKind.CONGRESS_OFFICE,
}
SUPERVISED_KINDS = set(HANDLING_UNIT_KINDS)


# --- the plan -----------------------------------------------------------------------------------------


def plan_create(
    *, actor: Any, congress: Congress, year: int, title: str, summary: str = ""
) -> SupervisionPlan:
    _ensure_manage(actor, congress.pk)
    year = _year(year)
    title = _text(title, "title", _("标题"), max_length=200)
    if SupervisionPlan.objects.filter(congress=congress, year=year).exists():
        raise ValidationFailed(_("%(y)s年度的监督工作计划已经存在。") % {"y": year}, field="year")
    with transaction.atomic():
        plan = SupervisionPlan.objects.create(
            congress=congress, year=year, title=title, summary=str(summary or "").strip(), created_by=actor
        )
        record_event(
            actor=actor, action="oversight_plan.create", target=plan, after=_snap(plan, "year", "title")
        )
    return plan


def plan_item_add(
    *,
    actor: Any,
    plan: SupervisionPlan,
    instrument: str,
    title: str,
    committee: Organization | None,
    body: Organization | None = None,
    laws: str = "",
    planned_month: int | None = None,
    target_meeting: Any = None,
    note: str = "",
) -> PlanItem:
    _ensure_manage(actor, plan.congress_id)
    if plan.state != PlanState.DRAFT:
        raise ValidationFailed(_("计划已经主任会议通过,不能再增加事项。"), field="plan")
    if instrument not in Instrument.values:
        raise ValidationFailed(_("请选择监督方式。"), field="instrument")
    title = _text(title, "title", _("事项"), max_length=300)
    _org_of(plan.congress_id, committee, "committee", _("责任委员会"), COMMITTEE_KINDS)
    if body is not None:
        _org_of(plan.congress_id, body, "body", _("监督对象"), SUPERVISED_KINDS)
    laws = _text(
        laws, "laws", _("检查的法律法规"), required=instrument == Instrument.INSPECTION, max_length=300
    )
    if planned_month is not None and not 1 <= int(planned_month) <= 12:
        raise ValidationFailed(_("计划月份须在1到12之间。"), field="planned_month")
    _meeting_of(plan.congress_id, target_meeting, "target_meeting")
    with transaction.atomic():
        order = (plan.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = PlanItem.objects.create(
            plan=plan, order=order, instrument=instrument, title=title, committee=committee, body=body,
            laws=laws, planned_month=planned_month, target_meeting=target_meeting, note=str(note or "")[:300],
        )  # fmt: skip
        record_event(
            actor=actor, action="oversight_plan_item.add", target=item, congress=plan.congress,
            after=_snap(item, "instrument", "title", "committee", "planned_month"),
        )  # fmt: skip
    return item


def plan_item_remove(*, actor: Any, item: PlanItem) -> None:
    plan = item.plan
    _ensure_manage(actor, plan.congress_id)
    if plan.state != PlanState.DRAFT:
        raise ValidationFailed(_("计划已经主任会议通过,不能删除事项;可将事项标为已取消。"), field="item")
    with transaction.atomic():
        record_event(
            actor=actor, action="oversight_plan_item.remove", target=item, congress=plan.congress,
            before=_snap(item, "instrument", "title"),
        )  # fmt: skip
        item.delete()


def plan_item_set_status(*, actor: Any, item: PlanItem, status: str, note: str = "") -> PlanItem:
    _ensure_manage(actor, item.plan.congress_id)
    if status not in ItemStatus.values:
        raise ValidationFailed(_("请选择状态。"), field="status")
    if status == ItemStatus.CANCELLED and not str(note or "").strip():
        raise ValidationFailed(_("取消计划事项须填写原因。"), field="note")
    with transaction.atomic():
        before = item.status
        item.status = status
        if note:
            item.note = str(note).strip()[:300]
        item.save(update_fields=["status", "note"])
        record_event(
            actor=actor, action="oversight_plan_item.status", target=item, congress=item.plan.congress,
            before={"status": before}, after={"status": status, "note": item.note},
        )  # fmt: skip
    return item


def plan_adopt(
    *,
    actor: Any,
    plan: SupervisionPlan,
    adopted_on: dt.date | None,
    meeting: Any = None,
    meeting_name: str = "",
) -> SupervisionPlan:
    """主任会议通过: the date and the chairpersons' meeting (a meeting record or its name)."""
    from renda.meetings.choices import MeetingKind

    _ensure_manage(actor, plan.congress_id)
    if plan.state != PlanState.DRAFT:
        raise ValidationFailed(_("计划已经通过。"), field="plan")
    if not plan.items.exists():
        raise ValidationFailed(_("计划还没有事项,不能提请通过。"), field="plan")
    _not_future(adopted_on, "adopted_on", _("通过日期"))
    _meeting_of(plan.congress_id, meeting, "meeting", {MeetingKind.CHAIRPERSONS})
    meeting_name = str(meeting_name or "").strip()
    if meeting is None and not meeting_name:
        raise ValidationFailed(_("请选择或填写通过计划的主任会议。"), field="meeting")
    with transaction.atomic():
        plan.state = PlanState.ADOPTED
        plan.adopted_on = adopted_on
        plan.adopted_meeting = meeting
        plan.adopted_meeting_name = (meeting_name or (meeting.title if meeting else ""))[:200]
        plan.save(update_fields=["state", "adopted_on", "adopted_meeting", "adopted_meeting_name"])
        record_event(
            actor=actor, action="oversight_plan.adopt", target=plan, before={"state": PlanState.DRAFT},
            after=_snap(plan, "state", "adopted_on", "adopted_meeting_name"),
        )  # fmt: skip
    return plan


def plan_publish(*, actor: Any, plan: SupervisionPlan) -> SupervisionPlan:
    _ensure_manage(actor, plan.congress_id)
    if plan.state != PlanState.ADOPTED:
        raise ValidationFailed(_("计划须经主任会议通过后才能公开。"), field="plan")
    with transaction.atomic():
        plan.state = PlanState.PUBLISHED
        plan.published_at = clock.now()
        plan.save(update_fields=["state", "published_at"])
        record_event(
            actor=actor, action="oversight_plan.publish", target=plan, before={"state": PlanState.ADOPTED},
            after={"state": plan.state},
        )  # fmt: skip
    return plan


# --- rectification items (a case kind) ------------------------------------------------------------------


def rectification_create(
    *,
    actor: Any,
    congress: Congress,
    origin_kind: str,
    origin_id: int | None,
    title: str,
    body: str,
    unit: Organization | None,
    deadline: dt.date | None,
) -> Case:
    """Raise a rectification item (整改事项) and assign it to the body that must rectify.

    ``origin_kind`` / ``origin_id`` say where it comes from ("inspection", "evaluation", "inquiry",
    "opinion" …); any oversight area may call this. The actor (staff of ``congress``) becomes the
    case's author and verifies the body's report."""
    _ensure_manage(actor, congress.pk)
    origin_kind = _text(origin_kind, "origin_kind", _("来源类别"), max_length=40)
    title = _text(title, "title", _("整改事项"), max_length=200)
    body = _text(body, "body", _("问题和整改要求"), max_length=5000)
    _org_of(congress.pk, unit, "unit", _("整改单位"), SUPERVISED_KINDS)
    if deadline is None:
        raise ValidationFailed(_("请填写整改期限。"), field="deadline")
    if deadline < clock.today():
        raise ValidationFailed(_("整改期限不能早于今天。"), field="deadline")
    with transaction.atomic():
        case = case_create(
            actor=actor, congress=congress, kind=RECTIFICATION_KIND, title=title, body=body,
            parties=[(actor, PartyRole.AUTHOR)], submitted=True, year=clock.today().year,
        )  # fmt: skip
        item = RectificationItem.objects.create(
            case=case, origin_kind=origin_kind, origin_id=origin_id, unit=unit, deadline=deadline
        )
        record_event(
            actor=actor, action="rectification.create", target=case,
            after={"origin_kind": origin_kind, "origin_id": origin_id, "unit": unit.pk, "deadline": deadline.isoformat()},
        )  # fmt: skip
        case_assign(
            actor=actor, case=case, lead=unit, deadline=deadline, note=_("请按期整改并报告整改情况。")
        )
        del item
    case.refresh_from_db()
    return case


def _rectifications_open(origin_kind: str, origin_id: int) -> list[Case]:
    return list(
        Case.objects.filter(
            kind=RECTIFICATION_KIND,
            rectification__origin_kind=origin_kind,
            rectification__origin_id=origin_id,
            closed_at__isnull=True,
        ).order_by("number")
    )


def _ensure_rectified(origin_kind: str, origin_id: int) -> None:
    open_cases = _rectifications_open(origin_kind, origin_id)
    if open_cases:
        names = "、".join(f"{c.number}“{c.title}”" for c in open_cases[:5])
        raise ValidationFailed(
            _("还有%(n)s项整改事项未销号:%(names)s。") % {"n": len(open_cases), "names": names},
            field="rectifications",
        )


# --- law-enforcement inspection ---------------------------------------------------------------------------


def inspection_create(
    *,
    actor: Any,
    congress: Congress,
    year: int,
    law: str,
    committee: Organization | None,
    articles: str = "",
    body: Organization | None = None,
    plan_item: PlanItem | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Inspection:
    _ensure_manage(actor, congress.pk)
    year = _year(year)
    law = _text(law, "law", _("检查的法律法规"), max_length=200)
    _org_of(congress.pk, committee, "committee", _("牵头委员会"), COMMITTEE_KINDS)
    if body is not None:
        _org_of(congress.pk, body, "body", _("被检查单位"), SUPERVISED_KINDS)
    if plan_item is not None and (
        plan_item.plan.congress_id != congress.pk or plan_item.instrument != Instrument.INSPECTION
    ):
        raise ValidationFailed(_("请选择本级计划中的执法检查事项。"), field="plan_item")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed(_("结束日期不能早于开始日期。"), field="ends_on")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            congress=congress, year=year, law=law, articles=str(articles or "").strip()[:300], committee=committee,
            body=body, plan_item=plan_item, starts_on=starts_on, ends_on=ends_on, created_by=actor,
        )  # fmt: skip
        record_event(
            actor=actor, action="inspection.create", target=inspection,
            after=_snap(inspection, "year", "law", "articles", "committee"),
        )  # fmt: skip
        _item_progress(plan_item, ItemStatus.IN_PROGRESS, actor)
    return inspection


def _open_inspection(inspection: Inspection) -> None:
    if inspection.state == InspectionState.CLOSED:
        raise ValidationFailed(_("执法检查已经结束。"), field="inspection")


def inspection_member_add(
    *, actor: Any, inspection: Inspection, name: str, capacity: str, user: User | None = None
) -> InspectionMember:
    _ensure_manage(actor, inspection.congress_id)
    _open_inspection(inspection)
    if capacity not in MemberCapacity.values:
        raise ValidationFailed(_("请选择身份。"), field="capacity")
    name = _text(name or (user.full_name if user else ""), "name", _("姓名"), max_length=50)
    if inspection.members.filter(name=name).exists():
        raise ValidationFailed(_("%(n)s已在检查组中。") % {"n": name}, field="name")
    with transaction.atomic():
        member = InspectionMember.objects.create(
            inspection=inspection, name=name, capacity=capacity, user=user
        )
        record_event(
            actor=actor, action="inspection.member_add", target=inspection,
            after={"name": name, "capacity": capacity},
        )  # fmt: skip
    return member


def inspection_visit_add(
    *, actor: Any, inspection: Inspection, visited_on: dt.date | None, place: str, notes: str = ""
) -> InspectionVisit:
    _ensure_manage(actor, inspection.congress_id)
    _open_inspection(inspection)
    _not_future(visited_on, "visited_on", _("检查日期"))
    place = _text(place, "place", _("检查地点"), max_length=200)
    with transaction.atomic():
        visit = InspectionVisit.objects.create(
            inspection=inspection, visited_on=visited_on, place=place, notes=str(notes or "").strip()
        )
        if inspection.state == InspectionState.PREPARING:
            inspection.state = InspectionState.INSPECTING
            inspection.save(update_fields=["state"])
        record_event(
            actor=actor, action="inspection.visit_add", target=inspection,
            after={"visited_on": visited_on.isoformat(), "place": place, "state": inspection.state},
        )  # fmt: skip
    return visit


def inspection_findings(*, actor: Any, inspection: Inspection, findings: str) -> Inspection:
    _ensure_manage(actor, inspection.congress_id)
    _open_inspection(inspection)
    findings = _text(findings, "findings", _("发现的问题"), max_length=20000)
    with transaction.atomic():
        before = inspection.findings
        inspection.findings = findings
        inspection.save(update_fields=["findings"])
        record_event(
            actor=actor, action="inspection.findings", target=inspection,
            before={"findings": before[:200]}, after={"findings": findings[:200]},
        )  # fmt: skip
    return inspection


def inspection_report(
    *, actor: Any, inspection: Inspection, report: str, reported_on: dt.date | None, meeting: Any = None
) -> Inspection:
    """The inspection group's report to the standing committee."""
    from renda.meetings.choices import MeetingKind

    _ensure_manage(actor, inspection.congress_id)
    if inspection.state not in (InspectionState.INSPECTING, InspectionState.REPORTED):
        raise ValidationFailed(_("检查组还没有开展检查(请先登记检查行程),不能报告。"), field="report")
    if not inspection.findings:
        raise ValidationFailed(_("请先填写发现的问题。"), field="findings")
    report = _text(report, "report", _("执法检查报告"), max_length=50000)
    _not_future(reported_on, "reported_on", _("报告日期"))
    _meeting_of(inspection.congress_id, meeting, "meeting", {MeetingKind.STANDING_COMMITTEE})
    with transaction.atomic():
        before = inspection.state
        inspection.report = report
        inspection.reported_on = reported_on
        inspection.report_meeting = meeting
        inspection.state = InspectionState.REPORTED
        inspection.save(update_fields=["report", "reported_on", "report_meeting", "state"])
        record_event(
            actor=actor, action="inspection.report", target=inspection, before={"state": before},
            after={"state": inspection.state, "reported_on": reported_on.isoformat()},
        )  # fmt: skip
        _item_progress(inspection.plan_item, ItemStatus.DONE, actor)
    return inspection


def inspection_rectification_add(
    *,
    actor: Any,
    inspection: Inspection,
    title: str,
    body: str,
    unit: Organization | None,
    deadline: dt.date | None,
) -> Case:
    if inspection.state not in (InspectionState.INSPECTING, InspectionState.REPORTED):
        raise ValidationFailed(_("开展检查后才能提出整改事项。"), field="inspection")
    return rectification_create(
        actor=actor, congress=inspection.congress, origin_kind="inspection", origin_id=inspection.pk,
        title=title, body=body, unit=unit, deadline=deadline,
    )  # fmt: skip


def inspection_close(*, actor: Any, inspection: Inspection) -> Inspection:
    """Followed to closure: the inspection ends once its report is made and every item is closed."""
    _ensure_manage(actor, inspection.congress_id)
    if inspection.state != InspectionState.REPORTED:
        raise ValidationFailed(_("执法检查报告提交常委会后才能结束。"), field="inspection")
    _ensure_rectified("inspection", inspection.pk)
    with transaction.atomic():
        inspection.state = InspectionState.CLOSED
        inspection.save(update_fields=["state"])
        record_event(
            actor=actor, action="inspection.close", target=inspection,
            before={"state": InspectionState.REPORTED}, after={"state": inspection.state},
        )  # fmt: skip
    return inspection


# --- special inquiry ---------------------------------------------------------------------------------------


def inquiry_create(
    *, actor: Any, congress: Congress, year: int, topic: str, body: Organization | None,
    meeting: Any = None, plan_item: PlanItem | None = None,
) -> Inquiry:  # fmt: skip
    _ensure_manage(actor, congress.pk)
    year = _year(year)
    topic = _text(topic, "topic", _("询问主题"), max_length=200)
    _org_of(congress.pk, body, "body", _("被询问单位"), SUPERVISED_KINDS)
    _meeting_of(congress.pk, meeting, "meeting")
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            congress=congress, year=year, topic=topic, body=body, meeting=meeting, plan_item=plan_item
        )
        record_event(
            actor=actor,
            action="inquiry.create",
            target=inquiry,
            after=_snap(inquiry, "year", "topic", "body"),
        )
        _item_progress(plan_item, ItemStatus.IN_PROGRESS, actor)
    return inquiry


def inquiry_question_add(
    *, actor: Any, inquiry: Inquiry, asker_name: str, asker_capacity: str, question: str, answerer: str = ""
) -> InquiryQuestion:
    _ensure_manage(actor, inquiry.congress_id)
    if inquiry.state == InquiryState.CLOSED:
        raise ValidationFailed(_("专题询问已经结束。"), field="inquiry")
    asker_name = _text(asker_name, "asker_name", _("提问人"), max_length=50)
    if asker_capacity not in (MemberCapacity.MEMBER, MemberCapacity.DEPUTY, MemberCapacity.LEADER):
        raise ValidationFailed(_("请选择提问人身份。"), field="asker_capacity")
    question = _text(question, "question", _("问题"), max_length=5000)
    with transaction.atomic():
        q = InquiryQuestion.objects.create(
            inquiry=inquiry, asker_name=asker_name, asker_capacity=asker_capacity, question=question,
            answerer=str(answerer or "").strip()[:100],
        )  # fmt: skip
        record_event(actor=actor, action="inquiry.question", target=inquiry, after={"asker": asker_name})
    return q


def inquiry_answer(*, actor: Any, question: InquiryQuestion, answerer: str, answer: str) -> InquiryQuestion:
    inquiry = question.inquiry
    _ensure_manage(actor, inquiry.congress_id)
    if inquiry.state == InquiryState.CLOSED:
        raise ValidationFailed(_("专题询问已经结束。"), field="inquiry")
    answerer = _text(answerer, "answerer", _("应询人"), max_length=100)
    answer = _text(answer, "answer", _("回答"), max_length=10000)
    with transaction.atomic():
        question.answerer, question.answer, question.answered_at = answerer, answer, clock.now()
        question.save(update_fields=["answerer", "answer", "answered_at"])
        if inquiry.state == InquiryState.PREPARING:
            inquiry.state = InquiryState.HELD
            inquiry.held_on = inquiry.held_on or clock.today()
            inquiry.save(update_fields=["state", "held_on"])
        record_event(
            actor=actor,
            action="inquiry.answer",
            target=inquiry,
            after={"question": question.pk, "answerer": answerer},
        )
        _item_progress(inquiry.plan_item, ItemStatus.DONE, actor)
    return question


def inquiry_close(*, actor: Any, inquiry: Inquiry) -> Inquiry:
    _ensure_manage(actor, inquiry.congress_id)
    if inquiry.state != InquiryState.HELD:
        raise ValidationFailed(_("询问举行后才能结束。"), field="inquiry")
    unanswered = inquiry.questions.filter(answer="").count()
    if unanswered:
        raise ValidationFailed(_("还有%(n)s个问题没有记录回答。") % {"n": unanswered}, field="questions")
    _ensure_rectified("inquiry", inquiry.pk)
    with transaction.atomic():
        inquiry.state = InquiryState.CLOSED
        inquiry.save(update_fields=["state"])
        record_event(actor=actor, action="inquiry.close", target=inquiry, after={"state": inquiry.state})
    return inquiry


# --- interpellation -----------------------------------------------------------------------------------------


def interpellation_minimum(congress: Congress, *, at_plenary: bool) -> int:
    table = {**INTERPELLATION_MINIMUM, **getattr(settings, "RENDA_INTERPELLATION_MINIMUM", {})}
    level = table.get(congress.level, table["county"])
    return int(level["plenary" if at_plenary else "standing_committee"])


def _is_signatory(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, Role.DEPUTY, Role.LEADER)


def interpellation_create(
    *, actor: Any, congress: Congress, subject: str, body: Organization | None, questions: str,
    at_plenary: bool = False, plan_item: PlanItem | None = None,
) -> Interpellation:  # fmt: skip
    """A member or deputy (who signs it first) or staff (registering a paper motion) opens a motion."""
    if not (can_manage(actor, congress.pk) or _is_signatory(actor, congress.pk)):
        raise PermissionDeniedError(_("只有本级人大代表、常委会组成人员或工作人员可以提出质询案。"))
    subject = _text(subject, "subject", _("质询案"), max_length=200)
    _org_of(congress.pk, body, "body", _("受质询机关"), SUPERVISED_KINDS)
    questions = _text(questions, "questions", _("质询的问题和内容"), max_length=20000)
    with transaction.atomic():
        motion = Interpellation.objects.create(
            congress=congress, year=clock.today().year, subject=subject, body=body, questions=questions,
            at_plenary=bool(at_plenary), plan_item=plan_item, created_by=actor,
        )  # fmt: skip
        record_event(
            actor=actor, action="interpellation.create", target=motion, after=_snap(motion, "subject", "body")
        )
        if _is_signatory(actor, congress.pk):
            InterpellationSignature.objects.create(interpellation=motion, user=actor, signed_at=clock.now())
    return motion


def interpellation_sign(
    *, actor: Any, interpellation: Interpellation, signer: User | None = None
) -> InterpellationSignature:
    """The signer signs from their own session; staff record a signature on the paper motion."""
    signer = signer or actor
    if signer.pk != getattr(actor, "pk", None):
        _ensure_manage(actor, interpellation.congress_id)
    if not _is_signatory(signer, interpellation.congress_id):
        raise ValidationFailed(_("联名人须是本级人大代表或常委会组成人员。"), field="signer")
    if interpellation.state != InterpellationState.SUBMITTED:
        raise ValidationFailed(_("质询案已经受理或处理,不能再联名。"), field="interpellation")
    with transaction.atomic():
        try:
            with transaction.atomic():
                sig = InterpellationSignature.objects.create(
                    interpellation=interpellation, user=signer, signed_at=clock.now()
                )
        except IntegrityError:
            raise ValidationFailed(
                _("%(n)s已经联名。") % {"n": signer.full_name or signer.username}, field="signer"
            ) from None
        record_event(
            actor=actor, action="interpellation.sign", target=interpellation, after={"signer": signer.pk}
        )
    return sig


def interpellation_admit(*, actor: Any, interpellation: Interpellation) -> Interpellation:
    """主任会议决定交受质询机关: only with the statutory number of signatures."""
    _ensure_manage(actor, interpellation.congress_id)
    if interpellation.state != InterpellationState.SUBMITTED:
        raise ValidationFailed(_("质询案不在待受理状态。"), field="interpellation")
    minimum = interpellation_minimum(interpellation.congress, at_plenary=interpellation.at_plenary)
    count = interpellation.signatures.count()
    if count < minimum:
        raise ValidationFailed(
            _("联名人数%(c)s人,不足法定的%(m)s人,不能受理。") % {"c": count, "m": minimum}, field="signatures"
        )
    with transaction.atomic():
        interpellation.state = InterpellationState.ADMITTED
        interpellation.save(update_fields=["state"])
        record_event(
            actor=actor, action="interpellation.admit", target=interpellation,
            after={"state": interpellation.state, "signatures": count, "minimum": minimum},
        )  # fmt: skip
    return interpellation


def interpellation_reject(*, actor: Any, interpellation: Interpellation, reason: str) -> Interpellation:
    _ensure_manage(actor, interpellation.congress_id)
    if interpellation.state != InterpellationState.SUBMITTED:
        raise ValidationFailed(_("质询案不在待受理状态。"), field="interpellation")
    reason = _text(reason, "reason", _("不予受理理由"), max_length=300)
    with transaction.atomic():
        interpellation.state, interpellation.rejected_reason = InterpellationState.REJECTED, reason
        interpellation.save(update_fields=["state", "rejected_reason"])
        record_event(
            actor=actor, action="interpellation.reject", target=interpellation, after={"reason": reason}
        )
    return interpellation


def _satisfaction(interpellation: Interpellation, satisfied: Any, dissatisfied: Any) -> tuple[int, int]:
    try:
        s, d = int(satisfied), int(dissatisfied)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写满意和不满意的人数。"), field="satisfied") from None
    signers = interpellation.signatures.count()
    if s < 0 or d < 0 or s + d > signers:
        raise ValidationFailed(
            _("满意与不满意人数之和不能超过提质询案的%(n)s人。") % {"n": signers}, field="satisfied"
        )
    return s, d


def interpellation_answer(
    *, actor: Any, interpellation: Interpellation, answer: str, answered_on: dt.date | None,
    satisfied: Any, dissatisfied: Any, meeting: Any = None,
) -> Interpellation:  # fmt: skip
    """The body's answer at a meeting and the signers' satisfaction; more than half of the signers
    dissatisfied → the body answers again (监督法 §38)."""
    _ensure_manage(actor, interpellation.congress_id)
    if interpellation.state not in (InterpellationState.ADMITTED, InterpellationState.REANSWERING):
        raise ValidationFailed(_("质询案尚未受理或已经办结。"), field="interpellation")
    answer = _text(answer, "answer", _("答复"), max_length=20000)
    _not_future(answered_on, "answered_on", _("答复日期"))
    _meeting_of(interpellation.congress_id, meeting, "meeting")
    s, d = _satisfaction(interpellation, satisfied, dissatisfied)
    signers = interpellation.signatures.count()
    second = interpellation.state == InterpellationState.REANSWERING
    with transaction.atomic():
        before = interpellation.state
        if second:
            interpellation.second_answer, interpellation.second_answered_on = answer, answered_on
            interpellation.second_satisfied, interpellation.second_dissatisfied = s, d
            interpellation.state = InterpellationState.CLOSED
        else:
            interpellation.answer, interpellation.answered_on, interpellation.answer_meeting = (
                answer,
                answered_on,
                meeting,
            )
            interpellation.satisfied, interpellation.dissatisfied = s, d
            interpellation.state = (
                InterpellationState.REANSWERING if d * 2 > signers else InterpellationState.CLOSED
            )
        interpellation.save()
        record_event(
            actor=actor, action="interpellation.answer", target=interpellation, before={"state": before},
            after={"state": interpellation.state, "satisfied": s, "dissatisfied": d, "second": second},
        )  # fmt: skip
        _item_progress(interpellation.plan_item, ItemStatus.DONE, actor)
    return interpellation


# --- special-question investigation ---------------------------------------------------------------------


def investigation_create(
    *, actor: Any, congress: Congress, question: str, committee_name: str, chair_name: str, mandate: str,
    established_on: dt.date | None, committee_members: str = "", plan_item: PlanItem | None = None,
) -> Investigation:  # fmt: skip
    _ensure_manage(actor, congress.pk)
    question = _text(question, "question", _("调查的特定问题"), max_length=200)
    committee_name = _text(committee_name, "committee_name", _("调查委员会"), max_length=100)
    chair_name = _text(chair_name, "chair_name", _("主任委员"), max_length=50)
    mandate = _text(mandate, "mandate", _("调查任务和权限"), max_length=10000)
    _not_future(established_on, "established_on", _("成立日期"))
    with transaction.atomic():
        inv = Investigation.objects.create(
            congress=congress, year=established_on.year, question=question, committee_name=committee_name,
            chair_name=chair_name, committee_members=str(committee_members or "").strip(), mandate=mandate,
            established_on=established_on, plan_item=plan_item,
        )  # fmt: skip
        record_event(
            actor=actor,
            action="investigation.create",
            target=inv,
            after=_snap(inv, "question", "committee_name"),
        )
        _item_progress(plan_item, ItemStatus.IN_PROGRESS, actor)
    return inv


def investigation_hearing_add(
    *, actor: Any, investigation: Investigation, held_on: dt.date | None, witness: str, summary: str
) -> InvestigationHearing:
    _ensure_manage(actor, investigation.congress_id)
    if investigation.state not in (InvestigationState.ESTABLISHED, InvestigationState.INVESTIGATING):
        raise ValidationFailed(_("调查报告已经提出,不能再登记调查。"), field="investigation")
    _not_future(held_on, "held_on", _("日期"))
    if held_on < investigation.established_on:
        raise ValidationFailed(_("日期不能早于调查委员会成立日期。"), field="held_on")
    witness = _text(witness, "witness", _("陈述人"), max_length=100)
    summary = _text(summary, "summary", _("情况"), max_length=10000)
    with transaction.atomic():
        hearing = InvestigationHearing.objects.create(
            investigation=investigation, held_on=held_on, witness=witness, summary=summary
        )
        investigation.state = InvestigationState.INVESTIGATING
        investigation.save(update_fields=["state"])
        record_event(
            actor=actor, action="investigation.hearing", target=investigation, after={"witness": witness}
        )
    return hearing


def investigation_report(
    *, actor: Any, investigation: Investigation, report: str, reported_on: dt.date | None
) -> Investigation:
    _ensure_manage(actor, investigation.congress_id)
    if investigation.state != InvestigationState.INVESTIGATING:
        raise ValidationFailed(_("调查委员会还没有开展调查,不能提出报告。"), field="report")
    report = _text(report, "report", _("调查报告"), max_length=50000)
    _not_future(reported_on, "reported_on", _("报告日期"))
    with transaction.atomic():
        investigation.report, investigation.reported_on = report, reported_on
        investigation.state = InvestigationState.REPORTED
        investigation.save(update_fields=["report", "reported_on", "state"])
        record_event(
            actor=actor,
            action="investigation.report",
            target=investigation,
            after={"state": investigation.state},
        )
    return investigation


def investigation_resolve(
    *,
    actor: Any,
    investigation: Investigation,
    resolution: str,
    resolved_on: dt.date | None,
    meeting: Any = None,
) -> Investigation:
    _ensure_manage(actor, investigation.congress_id)
    if investigation.state != InvestigationState.REPORTED:
        raise ValidationFailed(_("调查报告提出后才能作出决议。"), field="resolution")
    resolution = _text(resolution, "resolution", _("决议"), max_length=20000)
    _not_future(resolved_on, "resolved_on", _("决议日期"))
    _meeting_of(investigation.congress_id, meeting, "meeting")
    with transaction.atomic():
        investigation.resolution, investigation.resolved_on = resolution, resolved_on
        investigation.resolution_meeting = meeting
        investigation.state = InvestigationState.RESOLVED
        investigation.save(update_fields=["resolution", "resolved_on", "resolution_meeting", "state"])
        record_event(
            actor=actor,
            action="investigation.resolve",
            target=investigation,
            after={"state": investigation.state},
        )
        _item_progress(investigation.plan_item, ItemStatus.DONE, actor)
    return investigation


# --- work evaluation and appointees' reports ---------------------------------------------------------------


def evaluation_create(
    *,
    actor: Any,
    congress: Congress,
    year: int,
    kind: str,
    department: Organization | None,
    appointee_name: str = "",
    appointee_post: str = "",
    appointee_user: User | None = None,
    plan_item: PlanItem | None = None,
) -> Evaluation:
    """A department chosen for this year's work evaluation, or an appointee (name, post, account if any)
    for 述职评议 — appointees are evaluated one by one, each in their own evaluation."""
    _ensure_manage(actor, congress.pk)
    year = _year(year)
    if kind not in EvaluationKind.values:
        raise ValidationFailed(_("请选择评议类别。"), field="kind")
    _org_of(congress.pk, department, "department", _("被评议部门"), SUPERVISED_KINDS)
    if kind == EvaluationKind.APPOINTEE:
        appointee_name = _text(
            appointee_name or (appointee_user.full_name if appointee_user else ""),
            "appointee_name",
            _("述职人"),
            max_length=50,
        )
        appointee_post = _text(appointee_post, "appointee_post", _("职务"), max_length=100)
        dup = Evaluation.objects.filter(
            congress=congress, year=year, kind=kind, appointee_name=appointee_name, department=department
        )
    else:
        appointee_name = appointee_post = ""
        appointee_user = None
        dup = Evaluation.objects.filter(congress=congress, year=year, kind=kind, department=department)
    if dup.exists():
        raise ValidationFailed(_("本年度已经安排了对该对象的评议。"), field="department")
    with transaction.atomic():
        ev = Evaluation.objects.create(
            congress=congress, year=year, kind=kind, department=department, appointee_name=appointee_name,
            appointee_post=appointee_post, appointee_user=appointee_user, plan_item=plan_item, created_by=actor,
        )  # fmt: skip
        record_event(
            actor=actor, action="evaluation.create", target=ev,
            after=_snap(ev, "year", "kind", "department", "appointee_name"),
        )  # fmt: skip
        _item_progress(plan_item, ItemStatus.IN_PROGRESS, actor)
    return ev


def _ev_before_scoring(ev: Evaluation) -> None:
    if ev.state not in (EvaluationState.PREPARING, EvaluationState.SURVEYING):
        raise ValidationFailed(_("测评已经开始,不能再修改评议准备材料。"), field="evaluation")


def evaluation_self_report(*, actor: Any, evaluation: Evaluation, text: str) -> Evaluation:
    _ensure_manage(actor, evaluation.congress_id)
    _ev_before_scoring(evaluation)
    text = _text(text, "self_report", _("自查报告/述职报告"), max_length=50000)
    with transaction.atomic():
        evaluation.self_report = text
        evaluation.save(update_fields=["self_report"])
        record_event(
            actor=actor, action="evaluation.self_report", target=evaluation, after={"length": len(text)}
        )
    return evaluation


def evaluation_activity_add(
    *, actor: Any, evaluation: Evaluation, kind: str, held_on: dt.date | None, participants: Any, summary: str
) -> EvaluationActivity:
    _ensure_manage(actor, evaluation.congress_id)
    _ev_before_scoring(evaluation)
    if kind not in ActivityKind.values:
        raise ValidationFailed(_("请选择调查方式。"), field="kind")
    _not_future(held_on, "held_on", _("日期"))
    try:
        participants = int(participants or 0)
    except (TypeError, ValueError):
        raise ValidationFailed(_("参加人数须为整数。"), field="participants") from None
    if participants < 0 or participants > 100000:
        raise ValidationFailed(_("参加人数须在0到100000之间。"), field="participants")
    summary = _text(summary, "summary", _("情况和意见"), max_length=10000)
    with transaction.atomic():
        activity = EvaluationActivity.objects.create(
            evaluation=evaluation, kind=kind, held_on=held_on, participants=participants, summary=summary
        )
        if evaluation.state == EvaluationState.PREPARING:
            evaluation.state = EvaluationState.SURVEYING
            evaluation.save(update_fields=["state"])
        record_event(
            actor=actor, action="evaluation.activity", target=evaluation,
            after={"kind": kind, "held_on": held_on.isoformat(), "participants": participants},
        )  # fmt: skip
    return activity


def evaluation_open_scoring(
    *, actor: Any, evaluation: Evaluation, meeting_on: dt.date | None, meeting: Any = None
) -> Evaluation:
    """The evaluation meeting: the self-report heard, satisfaction scoring opens."""
    _ensure_manage(actor, evaluation.congress_id)
    _ev_before_scoring(evaluation)
    if not evaluation.self_report:
        raise ValidationFailed(_("请先登记被评议对象的自查报告或述职报告。"), field="self_report")
    if meeting_on is None:
        raise ValidationFailed(_("请填写评议日期。"), field="meeting_on")
    _meeting_of(evaluation.congress_id, meeting, "meeting")
    with transaction.atomic():
        before = evaluation.state
        evaluation.state = EvaluationState.SCORING
        evaluation.meeting_on, evaluation.meeting = meeting_on, meeting
        evaluation.save(update_fields=["state", "meeting_on", "meeting"])
        record_event(
            actor=actor, action="evaluation.open_scoring", target=evaluation, before={"state": before},
            after={"state": evaluation.state, "meeting_on": meeting_on.isoformat()},
        )  # fmt: skip
    return evaluation


def _score_value(score: Any) -> int:
    try:
        text = str(score).strip()
        if not text or not text.lstrip("-").isdigit():
            raise ValueError
        value = int(text)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("分数须为%(a)s到%(b)s之间的整数。") % {"a": SCORE_MIN, "b": SCORE_MAX}, field="score"
        ) from None
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationFailed(
            _("分数须在%(a)s到%(b)s之间。") % {"a": SCORE_MIN, "b": SCORE_MAX}, field="score"
        )
    return value


def _ensure_scoring(evaluation: Evaluation) -> None:
    if evaluation.state != EvaluationState.SCORING:
        raise ValidationFailed(_("该评议目前不在满意度测评阶段。"), field="evaluation")


def evaluation_score_cast(*, actor: Any, evaluation: Evaluation, score: Any) -> EvaluationScore:
    """A member or deputy scores from their own page (their own session; once)."""
    if not getattr(actor, "is_authenticated", False) or not scope_of(actor).has_in(
        evaluation.congress_id, *SCORE_ROLES
    ):
        raise PermissionDeniedError(_("只有本级常委会组成人员和人大代表可以参加满意度测评。"))
    if getattr(actor, "is_acting_for_other", False):
        raise PermissionDeniedError(_("满意度测评须由本人进行。"))
    _ensure_scoring(evaluation)
    value = _score_value(score)
    if evaluation.appointee_user_id and evaluation.appointee_user_id == actor.pk:
        raise PermissionDeniedError(_("述职人不能为自己测评。"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = EvaluationScore.objects.create(
                    evaluation=evaluation, rater=actor, rater_name=actor.full_name or actor.username, score=value,
                    source=ScoreSource.SELF, entered_by=actor, entered_at=clock.now(),
                )  # fmt: skip
        except IntegrityError:
            raise ValidationFailed(_("您已经参加过本次测评。"), field="score") from None
        # the score itself is not in the trail (a rater's choice is theirs); who took part is
        record_event(
            actor=actor, action="evaluation.score", target=evaluation, after={"source": ScoreSource.SELF}
        )
    return row


def evaluation_score_enter(
    *, actor: Any, evaluation: Evaluation, rater_name: str, sheet_number: str, score: Any
) -> EvaluationScore:
    """Staff enter one paper sheet (numbered, so a sheet is never counted twice)."""
    _ensure_manage(actor, evaluation.congress_id)
    _ensure_scoring(evaluation)
    rater_name = _text(rater_name, "rater_name", _("测评人"), max_length=50)
    sheet_number = _text(sheet_number, "sheet_number", _("测评表编号"), max_length=30)
    value = _score_value(score)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = EvaluationScore.objects.create(
                    evaluation=evaluation, rater_name=rater_name, sheet_number=sheet_number, score=value,
                    source=ScoreSource.PAPER, entered_by=actor, entered_at=clock.now(),
                )  # fmt: skip
        except IntegrityError:
            raise ValidationFailed(
                _("测评表%(n)s已经录入。") % {"n": sheet_number}, field="sheet_number"
            ) from None
        record_event(
            actor=actor, action="evaluation.score_paper", target=evaluation,
            after={"sheet_number": sheet_number, "score": value},
        )  # fmt: skip
    return row


def rank_evaluations(congress_id: int, year: int, kind: str) -> None:
    """Rank the scored evaluations of a congress, year and kind by average (ties share a place)."""
    rows = list(
        Evaluation.objects.filter(
            congress_id=congress_id, year=year, kind=kind, average__isnull=False
        ).order_by("-average", "id")
    )
    place, last = 0, None
    for index, ev in enumerate(rows, start=1):
        if ev.average != last:
            place, last = index, ev.average
        if ev.rank != place:
            ev.rank = place
            ev.save(update_fields=["rank"])


def evaluation_close_scoring(*, actor: Any, evaluation: Evaluation) -> Evaluation:
    _ensure_manage(actor, evaluation.congress_id)
    _ensure_scoring(evaluation)
    agg = evaluation.scores.aggregate(avg=Avg("score"), n=Count("id"))
    if not agg["n"]:
        raise ValidationFailed(_("还没有任何测评分,不能结束测评。"), field="scores")
    with transaction.atomic():
        evaluation.average = Decimal(str(agg["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        evaluation.score_count = agg["n"]
        evaluation.state = EvaluationState.SCORED
        evaluation.save(update_fields=["average", "score_count", "state"])
        rank_evaluations(evaluation.congress_id, evaluation.year, evaluation.kind)
        evaluation.refresh_from_db()
        record_event(
            actor=actor, action="evaluation.close_scoring", target=evaluation, before={"state": EvaluationState.SCORING},
            after={"state": evaluation.state, "average": str(evaluation.average), "count": evaluation.score_count,
                   "rank": evaluation.rank},
        )  # fmt: skip
        _item_progress(evaluation.plan_item, ItemStatus.DONE, actor)
    return evaluation


def evaluation_publish(*, actor: Any, evaluation: Evaluation, result_note: str) -> Evaluation:
    _ensure_manage(actor, evaluation.congress_id)
    if evaluation.state != EvaluationState.SCORED:
        raise ValidationFailed(_("测评结束后才能公开评议结果。"), field="evaluation")
    result_note = _text(result_note, "result_note", _("评议意见"), max_length=20000)
    with transaction.atomic():
        evaluation.result_note = result_note
        evaluation.state = EvaluationState.PUBLISHED
        evaluation.published_at = clock.now()
        evaluation.save(update_fields=["result_note", "state", "published_at"])
        record_event(
            actor=actor, action="evaluation.publish", target=evaluation, after={"state": evaluation.state}
        )
    return evaluation


def evaluation_rectification_add(
    *,
    actor: Any,
    evaluation: Evaluation,
    title: str,
    body: str,
    deadline: dt.date | None,
    unit: Organization | None = None,
) -> Case:
    if evaluation.state not in (EvaluationState.SCORED, EvaluationState.PUBLISHED):
        raise ValidationFailed(_("测评结束后才能提出整改事项。"), field="evaluation")
    return rectification_create(
        actor=actor, congress=evaluation.congress, origin_kind="evaluation", origin_id=evaluation.pk,
        title=title, body=body, unit=unit or evaluation.department, deadline=deadline,
    )  # fmt: skip


def inquiry_rectification_add(
    *,
    actor: Any,
    inquiry: Inquiry,
    title: str,
    body: str,
    deadline: dt.date | None,
    unit: Organization | None = None,
) -> Case:
    if inquiry.state != InquiryState.HELD:
        raise ValidationFailed(_("询问举行后才能提出跟踪整改事项。"), field="inquiry")
    return rectification_create(
        actor=actor, congress=inquiry.congress, origin_kind="inquiry", origin_id=inquiry.pk,
        title=title, body=body, unit=unit or inquiry.body, deadline=deadline,
    )  # fmt: skip
