"""Writes of public participation and evaluation: contact points and solicitations by letter, the
experts' registry (智库) and consultations (hearings, 论证会, written opinions with fees, third-party
evaluation), clean-up campaigns (法规清理) and post-legislation evaluation (立法后评估)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed
from renda.core.models import Congress
from renda.core.text import clean_text

from . import permissions as perms
from .choices import (
    IN_FORCE_STATES,
    CampaignState,
    CleanupProposal,
    CommentSource,
    CommentStatus,
    ConsultationKind,
    EvaluationState,
    SolicitationKind,
)
from .models import (
    CleanupCampaign,
    CleanupItem,
    Comment,
    CommentPeriod,
    Consultation,
    ContactPoint,
    ContactPointMember,
    Expert,
    ExpertOpinion,
    LegislativeProject,
    PostEvaluation,
    Solicitation,
)
from .services import _article_number, _audit, _date, _fresh, project_repeal


def _money(value: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value or "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationFailed(_("%(f)s应为金额。") % {"f": label}, field=field) from None
    if amount < 0 or amount > Decimal("9999999"):
        raise ValidationFailed(_("%(f)s应在0至9999999元之间。") % {"f": label}, field=field)
    return amount


# --- contact points and solicitations ----------------------------------------------------------------


def contact_point_create(
    *, actor: Any, congress: Congress, name: str, host: str, address: str = "", established_on: Any = None
) -> ContactPoint:
    perms.ensure_legislative_staff(actor, congress.pk)
    name = clean_text(name, field="name", label=_("名称"), max_length=100, min_length=2)
    host = clean_text(host, field="host", label=_("依托单位"), max_length=120)
    address = clean_text(address, field="address", label=_("地址"), max_length=200, required=False)
    established = _date(established_on, "established_on", _("设立日期"), required=False)
    if ContactPoint.objects.filter(congress=congress, name=name).exists():
        raise ValidationFailed(_("已有同名的基层立法联系点。"), field="name")
    with transaction.atomic():
        point = ContactPoint.objects.create(
            congress=congress, name=name, host=host, address=address, established_on=established
        )
        _audit(actor, "legislation.point_create", point, name=name)
    return point


def contact_point_member_add(
    *, actor: Any, point: ContactPoint, name: str, capacity: str = "", phone: str = ""
) -> ContactPointMember:
    perms.ensure_legislative_staff(actor, point.congress_id)
    name = clean_text(name, field="name", label=_("姓名"), max_length=50)
    capacity = clean_text(capacity, field="capacity", label=_("身份"), max_length=60, required=False)
    phone = clean_text(phone, field="phone", label=_("联系电话"), max_length=30, required=False)
    with transaction.atomic():
        member = ContactPointMember.objects.create(point=point, name=name, capacity=capacity, phone=phone)
        _audit(actor, "legislation.point_member_add", point, name=name)
    return member


def solicitation_send(
    *, actor: Any, period: CommentPeriod, kind: str, due_on: Any, point: ContactPoint | None = None,
    addressee: str = "",
) -> Solicitation:  # fmt: skip
    """Send the draft of a period to a contact point, an organisation (by letter) or a deputy."""
    project = _fresh(period.project)
    perms.ensure_works_on(actor, project)
    if kind not in SolicitationKind.values:
        raise ValidationFailed(_("请选择征求对象类别。"), field="kind")
    if kind == SolicitationKind.CONTACT_POINT:
        if point is None or point.congress_id != project.congress_id or not point.is_active:
            raise ValidationFailed(_("请选择本级人大的基层立法联系点。"), field="point")
        addressee = point.name
    else:
        point = None
        addressee = clean_text(addressee, field="addressee", label=_("征求对象"), max_length=120)
    due = _date(due_on, "due_on", _("反馈期限"))
    today = clock.today()
    if due < today:
        raise ValidationFailed(_("反馈期限不能早于今天。"), field="due_on")
    with transaction.atomic():
        item = Solicitation.objects.create(
            period=period, kind=kind, point=point, addressee=addressee, sent_on=today, due_on=due
        )
        _audit(actor, "legislation.solicitation_send", project, kind=kind, addressee=addressee)
    return item


SOURCE_OF = {
    SolicitationKind.CONTACT_POINT: CommentSource.CONTACT_POINT,
    SolicitationKind.ORGANISATION: CommentSource.ORGANISATION,
    SolicitationKind.DEPUTY: CommentSource.DEPUTY,
}


def solicitation_return(
    *, actor: Any, solicitation: Solicitation, opinions: list[tuple[Any, str]], note: str = "",
    returned_on: Any = None,
) -> list[Comment]:  # fmt: skip
    """Record the returned opinions (each ``(article, text)``) as comments of the period."""
    period = solicitation.period
    perms.ensure_works_on(actor, _fresh(period.project))
    if solicitation.returned_on:
        raise ConflictError(_("该征求对象已经反馈。"))
    returned = _date(returned_on or clock.today(), "returned_on", _("反馈日期"))
    if returned < solicitation.sent_on:
        raise ValidationFailed(_("反馈日期不能早于发出日期。"), field="returned_on")
    note = clean_text(note, field="note", label=_("反馈情况"), max_length=2000, required=False)
    rows = []
    for article, text in opinions:
        if not (text or "").strip():
            continue
        body = clean_text(text, field="opinions", label=_("意见内容"), max_length=2000, min_length=5)
        rows.append((_article_number(period.version, article, field="opinions"), body))
    if not rows and not note:
        raise ValidationFailed(_("请填写反馈的意见,或说明无意见。"), field="opinions")
    now = clock.now()
    with transaction.atomic():
        made = [
            Comment.objects.create(
                period=period,
                source=SOURCE_OF[solicitation.kind],
                article_number=number,
                author_name=solicitation.addressee,
                body=body,
                status=CommentStatus.ACCEPTED,
                created_at=now,
            )  # fmt: skip
            for number, body in rows
        ]
        solicitation.returned_on = returned
        solicitation.return_note = note or _("反馈意见%(n)s条。") % {"n": len(rows)}
        solicitation.save(update_fields=["returned_on", "return_note"])
        _audit(actor, "legislation.solicitation_return", period.project, addressee=solicitation.addressee,
               comments=len(made))  # fmt: skip
    return made


# --- experts and consultations -----------------------------------------------------------------------


def expert_create(
    *, actor: Any, congress: Congress, name: str, field: str, affiliation: str, term_start: Any, term_end: Any,
    title: str = "", phone: str = "", email: str = "",
) -> Expert:  # fmt: skip
    perms.ensure_legislative_staff(actor, congress.pk)
    data = {
        "name": clean_text(name, field="name", label=_("姓名"), max_length=50),
        "field": clean_text(field, field="field", label=_("专业领域"), max_length=100),
        "affiliation": clean_text(affiliation, field="affiliation", label=_("工作单位"), max_length=120),
        "title": clean_text(title, field="title", label=_("职称职务"), max_length=60, required=False),
        "phone": clean_text(phone, field="phone", label=_("联系电话"), max_length=30, required=False),
        "email": clean_text(email, field="email", label=_("电子邮箱"), max_length=100, required=False),
    }
    start = _date(term_start, "term_start", _("聘期开始"))
    end = _date(term_end, "term_end", _("聘期结束"))
    if end <= start:
        raise ValidationFailed(_("聘期结束应晚于聘期开始。"), field="term_end")
    with transaction.atomic():
        expert = Expert.objects.create(congress=congress, term_start=start, term_end=end, **data)
        _audit(actor, "legislation.expert_create", expert, name=expert.name, field=expert.field)
    return expert


def consultation_record(
    *, actor: Any, project: LegislativeProject, kind: str, subject: str, held_on: Any, place: str = "",
    commissioned: str = "", fee: Any = 0, summary: str = "",
) -> Consultation:  # fmt: skip
    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    if kind not in ConsultationKind.values:
        raise ValidationFailed(_("请选择方式。"), field="kind")
    subject = clean_text(subject, field="subject", label=_("议题"), max_length=200, min_length=4)
    held = _date(held_on, "held_on", _("日期"))
    place = clean_text(
        place, field="place", label=_("地点"), max_length=120, required=kind in ("hearing", "expert_meeting")
    )
    commissioned = clean_text(
        commissioned,
        field="commissioned",
        label=_("受托第三方"),
        max_length=120,
        required=kind == "third_party",
    )
    amount = _money(fee, "fee", _("委托费用"))
    summary = clean_text(summary, field="summary", label=_("情况和结论"), max_length=20_000, required=False)
    with transaction.atomic():
        item = Consultation.objects.create(
            project=project, kind=kind, subject=subject, held_on=held, place=place, commissioned=commissioned,
            fee=amount, summary=summary, created_by=actor,
        )  # fmt: skip
        _audit(actor, "legislation.consultation_record", project, kind=kind, subject=subject, fee=str(amount))
    return item


def expert_opinion_add(
    *,
    actor: Any,
    consultation: Consultation,
    expert: Expert,
    text: str,
    fee: Any = 0,
    received_on: Any = None,
) -> ExpertOpinion:
    project = _fresh(consultation.project)
    perms.ensure_works_on(actor, project)
    if expert.congress_id != project.congress_id:
        raise ValidationFailed(_("请选择本级人大专家库中的专家。"), field="expert")
    if not (expert.is_active and expert.term_start <= consultation.held_on <= expert.term_end):
        raise ValidationFailed(_("该专家在咨询日期不在聘期内。"), field="expert")
    text = clean_text(text, field="text", label=_("书面意见"), max_length=20_000, min_length=10)
    amount = _money(fee, "fee", _("咨询费"))
    received = _date(received_on or clock.today(), "received_on", _("收到日期"))
    if consultation.opinions.filter(expert=expert).exists():
        raise ValidationFailed(_("该专家的意见已经登记。"), field="expert")
    with transaction.atomic():
        opinion = ExpertOpinion.objects.create(
            consultation=consultation, expert=expert, text=text, fee=amount, received_on=received
        )
        _audit(actor, "legislation.expert_opinion", project, expert=expert.name, fee=str(amount))
    return opinion


# --- clean-up and post-legislation evaluation ----------------------------------------------------------


def cleanup_create(*, actor: Any, congress: Congress, title: str, reason: str = "") -> CleanupCampaign:
    perms.ensure_legislative_staff(actor, congress.pk)
    title = clean_text(title, field="title", label=_("名称"), max_length=200, min_length=4)
    reason = clean_text(reason, field="reason", label=_("清理依据"), max_length=5000, required=False)
    with transaction.atomic():
        campaign = CleanupCampaign.objects.create(congress=congress, title=title, reason=reason,
                                                  started_on=clock.today())  # fmt: skip
        _audit(actor, "legislation.cleanup_create", campaign, title=title)
    return campaign


def cleanup_item_add(
    *, actor: Any, campaign: CleanupCampaign, regulation: LegislativeProject, proposal: str, reason: str
) -> CleanupItem:
    perms.ensure_legislative_staff(actor, campaign.congress_id)
    if campaign.state != CampaignState.OPEN:
        raise ConflictError(_("清理已经完成。"))
    if regulation.congress_id != campaign.congress_id or regulation.state not in IN_FORCE_STATES:
        raise ValidationFailed(_("请选择本级现行有效的法规。"), field="regulation")
    if proposal not in CleanupProposal.values:
        raise ValidationFailed(_("请选择清理意见。"), field="proposal")
    reason = clean_text(reason, field="reason", label=_("理由"), max_length=5000, min_length=4)
    if campaign.items.filter(regulation=regulation).exists():
        raise ValidationFailed(_("该法规已经列入本次清理。"), field="regulation")
    with transaction.atomic():
        item = CleanupItem.objects.create(
            campaign=campaign, regulation=regulation, proposal=proposal, reason=reason
        )
        _audit(actor, "legislation.cleanup_item", campaign, regulation=regulation.title, proposal=proposal)
    return item


def cleanup_conclude(*, actor: Any, campaign: CleanupCampaign, decided_on: Any) -> CleanupCampaign:
    """The standing committee decided: the regulations proposed for repeal are repealed on ``decided_on``."""
    perms.ensure_legislative_staff(actor, campaign.congress_id)
    decided = _date(decided_on, "decided_on", _("决定日期"))
    with transaction.atomic():
        campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state != CampaignState.OPEN:
            raise ConflictError(_("清理已经完成。"))
        if not campaign.items.exists():
            raise ValidationFailed(_("还没有清理意见。"))
        for item in campaign.items.select_related("regulation").filter(proposal=CleanupProposal.REPEAL):
            project_repeal(actor=actor, project=item.regulation, repealed_on=decided,
                           note=_("法规清理(%(t)s):%(r)s") % {"t": campaign.title, "r": item.reason})  # fmt: skip
        campaign.state = CampaignState.CONCLUDED
        campaign.concluded_on = decided
        campaign.save(update_fields=["state", "concluded_on"])
        _audit(actor, "legislation.cleanup_conclude", campaign, items=campaign.items.count())
    return campaign


def evaluation_start(*, actor: Any, regulation: LegislativeProject, evaluator: str) -> PostEvaluation:
    perms.ensure_legislative_staff(actor, regulation.congress_id)
    regulation = _fresh(regulation)
    if regulation.state not in IN_FORCE_STATES:
        raise ConflictError(_("只能对现行有效的法规开展立法后评估。"))
    evaluator = clean_text(evaluator, field="evaluator", label=_("评估主体"), max_length=120)
    with transaction.atomic():
        item = PostEvaluation.objects.create(
            regulation=regulation, evaluator=evaluator, started_on=clock.today()
        )
        _audit(actor, "legislation.evaluation_start", regulation, evaluator=evaluator)
    return item


def evaluation_finish(
    *, actor: Any, evaluation: PostEvaluation, conclusion: str, recommendation: str
) -> PostEvaluation:
    perms.ensure_legislative_staff(actor, evaluation.regulation.congress_id)
    conclusion = clean_text(
        conclusion, field="conclusion", label=_("评估结论"), max_length=20_000, min_length=10
    )
    if recommendation not in CleanupProposal.values:
        raise ValidationFailed(_("请选择评估建议。"), field="recommendation")
    with transaction.atomic():
        evaluation = PostEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.state != EvaluationState.ONGOING:
            raise ConflictError(_("评估已经完成。"))
        evaluation.state = EvaluationState.FINISHED
        evaluation.finished_on = clock.today()
        evaluation.conclusion, evaluation.recommendation = conclusion, recommendation
        evaluation.save()
        _audit(actor, "legislation.evaluation_finish", evaluation.regulation, recommendation=recommendation)
    return evaluation
