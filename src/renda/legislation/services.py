"""Every write of the legislation app: plain functions taking the acting user as ``actor=``.

Each checks the actor's permission and scope (``permissions``), changes the state only along the
allowed steps and writes the audit trail. Refusals are :class:`RendaError` with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization
from renda.core.text import clean_text

from . import permissions as perms
from .articles import ParseError, heading_of, parse_articles
from .choices import (
    Adoption,
    ApprovalState,
    CommentSource,
    CommentStatus,
    PlanKind,
    PlanState,
    ProjectCategory,
    ProjectSource,
    ProjectState,
    ReadingState,
    VoteOutcome,
    VoteScope,
)
from .models import (
    Approval,
    Article,
    Comment,
    CommentPeriod,
    DraftVersion,
    DraftVote,
    LegislativePlan,
    LegislativeProject,
    Reading,
    ReadingRemark,
)

COMMENT_MAX = 2000
COMMENT_MIN = 5
PUBLIC_PROPOSAL_LIMIT = 5  # per address and hour
PUBLIC_COMMENT_LIMIT = 10  # per address and hour

S = ProjectState


def _audit(actor: Any, action: str, target: Any, *, before: Any = None, **after: Any) -> None:
    record_event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target=target,
        congress=getattr(target, "congress", None)
        or getattr(getattr(target, "project", None), "congress", None),
        before=before,
        after=after or None,
    )


def _fresh(project: LegislativeProject) -> LegislativeProject:
    return LegislativeProject.objects.select_related("congress").get(pk=project.pk)


def _lock(project: LegislativeProject) -> LegislativeProject:
    return LegislativeProject.objects.select_for_update().get(pk=project.pk)


def _move(
    actor: Any, project: LegislativeProject, allowed: tuple[str, ...], to: str, action: str, **extra: Any
):
    """Change ``project``'s state from one of ``allowed`` to ``to`` (locked, audited)."""
    if project.state not in allowed:
        raise ConflictError(_("项目当前状态为“%(s)s”,不能进行此操作。") % {"s": project.get_state_display()})
    before = project.state
    project.state = to
    project.updated_at = clock.now()
    for key, value in extra.items():
        setattr(project, key, value)
    project.save()
    _audit(actor, action, project, before={"state": before}, state=to, **{
        k: (v.isoformat() if isinstance(v, dt.date) else (v.pk if hasattr(v, "pk") else v)) for k, v in extra.items()
    })  # fmt: skip
    return project


def _date(value: Any, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("请填写%(f)s。") % {"f": label}, field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(_("%(f)s不是有效的日期。") % {"f": label}, field=field) from None


# --- plans ----------------------------------------------------------------------------------------


def plan_create(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    title: str,
    start_year: int,
    end_year: int | None = None,
    parent: LegislativePlan | None = None,
    description: str = "",
) -> LegislativePlan:
    perms.ensure_legislative_staff(actor, congress.pk)
    if kind not in PlanKind.values:
        raise ValidationFailed(_("请选择类别。"), field="kind")
    title = clean_text(title, field="title", label=_("名称"), max_length=200, min_length=4)
    description = clean_text(
        description, field="description", label=_("编制说明"), max_length=5000, required=False
    )
    try:
        start_year = int(start_year)
        end_year = int(end_year) if end_year not in (None, "") else start_year
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写有效的年度。"), field="start_year") from None
    if not 2000 <= start_year <= 2100:
        raise ValidationFailed(_("起始年度应在2000至2100年之间。"), field="start_year")
    if kind == PlanKind.YEARLY:
        end_year = start_year
    elif not start_year < end_year <= start_year + 10:
        raise ValidationFailed(_("立法规划的截止年度应晚于起始年度,且不超过十年。"), field="end_year")
    if parent is not None and (parent.kind != PlanKind.MULTI_YEAR or parent.congress_id != congress.pk):
        raise ValidationFailed(_("所属立法规划须是本级人大的立法规划。"), field="parent")
    with transaction.atomic():
        plan = LegislativePlan.objects.create(
            congress=congress, kind=kind, title=title, start_year=start_year, end_year=end_year,
            parent=parent, description=description, created_by=actor, created_at=clock.now(),
        )  # fmt: skip
        _audit(actor, "legislation.plan_create", plan, kind=kind, title=title, years=[start_year, end_year])
    return plan


def _plan_editable(plan: LegislativePlan) -> None:
    if plan.state != PlanState.DRAFT:
        raise ConflictError(_("计划已提请表决或已通过,不能再调整项目。"))


def plan_submit_vote(*, actor: Any, plan: LegislativePlan, meeting: Any) -> Any:
    """Put the plan to the vote of a standing-committee meeting (the vote owner ``legislative_plan``)."""
    from renda.voting import services as voting

    perms.ensure_legislative_staff(actor, plan.congress_id)
    if meeting.congress_id != plan.congress_id:
        raise ValidationFailed(_("请选择本级人大常委会的会议。"), field="meeting")
    if not (plan.projects.exists() or plan.program_projects.exists()):
        raise ValidationFailed(_("计划中还没有立法项目。"))
    with transaction.atomic():
        plan = LegislativePlan.objects.select_for_update().get(pk=plan.pk)
        _plan_editable(plan)
        vote = voting.vote_create(
            actor=actor, congress=plan.congress, owner_code="legislative_plan", owner_id=plan.pk,
            title=_("关于%(t)s的表决") % {"t": plan.title}, method="roll_call",
            option_set="yes_no_abstain", rule_code="majority_all",
        )  # fmt: skip
        plan.state = PlanState.VOTING
        plan.meeting_id = meeting.pk
        plan.save(update_fields=["state", "meeting_id"])
        _audit(actor, "legislation.plan_submit_vote", plan, meeting=meeting.pk, vote=vote.pk)
    return vote


def plan_vote_closed(*, vote: Any, result: dict, actor: Any) -> None:
    """``on_closed`` of the owner ``legislative_plan``: adopted when passed, back to drafting when not."""
    plan = LegislativePlan.objects.select_for_update().get(pk=vote.owner_id)
    if plan.state != PlanState.VOTING:
        return
    if result.get("passed"):
        plan.state = PlanState.ADOPTED
        plan.adopted_on = clock.today()
    else:
        plan.state = PlanState.DRAFT
    plan.save(update_fields=["state", "adopted_on"])
    _audit(actor, "legislation.plan_vote_result", plan, passed=bool(result.get("passed")), vote=vote.pk)


def plan_publish(*, actor: Any, plan: LegislativePlan) -> LegislativePlan:
    perms.ensure_legislative_staff(actor, plan.congress_id)
    with transaction.atomic():
        plan = LegislativePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != PlanState.ADOPTED:
            raise ConflictError(_("只有经表决通过的计划才能公布。"))
        plan.state = PlanState.PUBLISHED
        plan.published_at = clock.now()
        plan.save(update_fields=["state", "published_at"])
        _audit(actor, "legislation.plan_publish", plan)
    return plan


# --- projects -------------------------------------------------------------------------------------


def _committee(congress: Congress, committee: Any) -> Organization | None:
    if committee in (None, ""):
        return None
    org = (
        committee
        if isinstance(committee, Organization)
        else Organization.objects.filter(pk=committee).first()
    )
    if org is None or org.congress_id != congress.pk or org.kind != "committee":
        raise ValidationFailed(
            _("牵头委员会须是本级人大的专门委员会或工作委员会。"), field="responsible_committee"
        )
    return org


def _project_fields(
    title: str, proposer_name: str, reason: str, proposer_contact: str = ""
) -> dict[str, str]:
    return {
        "title": clean_text(title, field="title", label=_("项目名称"), max_length=200, min_length=4),
        "proposer_name": clean_text(
            proposer_name, field="proposer_name", label=_("提出人/单位"), max_length=100
        ),
        "reason": clean_text(
            reason, field="reason", label=_("立项理由和主要内容"), max_length=5000, min_length=10
        ),
        "proposer_contact": clean_text(
            proposer_contact, field="proposer_contact", label=_("联系方式"), max_length=60, required=False
        ),
    }


def project_propose(
    *,
    actor: Any,
    congress: Congress,
    title: str,
    source: str,
    proposer_name: str,
    reason: str,
    proposer_contact: str = "",
    drafting_body: str = "",
    responsible_committee: Any = None,
    needs_approval: bool = True,
) -> LegislativeProject:
    """A project proposed by the government, a committee or a deputy, entered by legislative staff."""
    perms.ensure_legislative_staff(actor, congress.pk)
    if source not in ProjectSource.values:
        raise ValidationFailed(_("请选择项目来源。"), field="source")
    fields = _project_fields(title, proposer_name, reason, proposer_contact)
    drafting_body = clean_text(
        drafting_body, field="drafting_body", label=_("起草单位"), max_length=120, required=False
    )
    committee = _committee(congress, responsible_committee)
    now = clock.now()
    with transaction.atomic():
        project = LegislativeProject.objects.create(
            congress=congress, source=source, drafting_body=drafting_body, responsible_committee=committee,
            needs_approval=bool(needs_approval), created_by=actor, created_at=now, updated_at=now, **fields,
        )  # fmt: skip
        _audit(actor, "legislation.project_propose", project, source=source, title=project.title)
    return project


def project_propose_public(
    *, congress: Congress, title: str, proposer_name: str, reason: str, proposer_contact: str = "",
    client_ip: str | None = None,
) -> LegislativeProject:  # fmt: skip
    """立法项目征集: a member of the public proposes a project through the portal (rate limited)."""
    from renda.liaison.services.config import client_key, throttle

    fields = _project_fields(title, proposer_name, reason, proposer_contact)
    now = clock.now()
    with transaction.atomic():
        throttle(
            action="legislation.propose", key=client_key(client_ip), limit=PUBLIC_PROPOSAL_LIMIT,
            window_minutes=60, message=_("提交过于频繁,请一小时后再试。"),
        )  # fmt: skip
        project = LegislativeProject.objects.create(
            congress=congress, source=ProjectSource.PUBLIC, created_at=now, updated_at=now, **fields
        )
        _audit(None, "legislation.project_propose_public", project, title=project.title)
    return project


def project_study(*, actor: Any, project: LegislativeProject, note: str = "") -> LegislativeProject:
    """Take a proposed project into study (立项论证)."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    note = clean_text(note, field="note", label=_("立项论证意见"), max_length=5000, required=False)
    with transaction.atomic():
        return _move(
            actor, _lock(project), (S.PROPOSED,), S.UNDER_STUDY, "legislation.project_study", study_note=note
        )


def project_include(
    *,
    actor: Any,
    project: LegislativeProject,
    plan: LegislativePlan,
    category: str = ProjectCategory.FORMAL,
    drafting_body: str = "",
    responsible_committee: Any = None,
    target_readings: int = 3,
) -> LegislativeProject:
    """List a studied project in a plan (yearly plan, or the multi-year plan) with its drafting body,
    responsible committee and target readings."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    if plan.congress_id != project.congress_id:
        raise ValidationFailed(_("请选择本级人大的立法计划。"), field="plan")
    _plan_editable(plan)
    if category not in ProjectCategory.values:
        raise ValidationFailed(_("请选择项目类别。"), field="category")
    drafting_body = clean_text(drafting_body, field="drafting_body", label=_("起草单位"), max_length=120)
    committee = _committee(project.congress, responsible_committee)
    if committee is None:
        raise ValidationFailed(_("请选择牵头委员会。"), field="responsible_committee")
    try:
        readings = int(target_readings)
    except (TypeError, ValueError):
        readings = 0
    if readings not in (1, 2, 3):
        raise ValidationFailed(_("计划审议次数应为一至三次。"), field="target_readings")
    extra: dict[str, Any] = {
        "category": category, "drafting_body": drafting_body, "responsible_committee": committee,
        "target_readings": readings,
    }  # fmt: skip
    with transaction.atomic():
        project = _lock(project)
        if plan.kind == PlanKind.YEARLY:
            extra["plan"] = plan
            if plan.parent_id and project.program_id is None:
                extra["program"] = plan.parent
            return _move(actor, project, (S.UNDER_STUDY,), S.IN_PLAN, "legislation.project_include", **extra)
        if project.state not in (S.UNDER_STUDY, S.IN_PLAN):
            raise ConflictError(_("只有论证中或已列入计划的项目才能列入立法规划。"))
        extra["program"] = plan
        return _move(actor, project, (project.state,), S.IN_PLAN, "legislation.project_include", **extra)


def project_start_drafting(*, actor: Any, project: LegislativeProject) -> LegislativeProject:
    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    with transaction.atomic():
        project = _lock(project)
        if project.plan_id is None:
            raise ConflictError(_("项目尚未列入年度立法计划,不能启动起草。"))
        return _move(actor, project, (S.IN_PLAN,), S.DRAFTING, "legislation.project_start_drafting")


def version_add(
    *,
    actor: Any,
    project: LegislativeProject,
    label: str,
    text: str,
    explanation: str = "",
    review_report: str = "",
) -> DraftVersion:
    """A new version of the draft, cut into articles; earlier versions stay as they were."""
    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    label = clean_text(label, field="label", label=_("版本名称"), max_length=60)
    text = clean_text(text, field="text", label=_("草案文本"), max_length=200_000, min_length=10)
    explanation = clean_text(
        explanation, field="explanation", label=_("起草说明"), max_length=50_000, required=False
    )
    review_report = clean_text(
        review_report, field="review_report", label=_("审查报告"), max_length=50_000, required=False
    )
    try:
        parsed = parse_articles(text)
    except ParseError as exc:
        raise ValidationFailed(_("草案条文编号有误:%(e)s。") % {"e": str(exc)}, field="text") from None
    if not any(a.number for a in parsed):
        raise ValidationFailed(_("草案文本中没有找到“第一条”,请按“第一条 ……”逐条分行填写。"), field="text")
    with transaction.atomic():
        project = _lock(project)
        if project.state not in (S.DRAFTING, S.UNDER_DELIBERATION):
            raise ConflictError(_("只有起草中或审议中的项目才能新增草案版本。"))
        number = (project.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = DraftVersion.objects.create(
            project=project, number=number, label=label, text=text, explanation=explanation,
            review_report=review_report, created_by=actor, created_at=clock.now(),
        )  # fmt: skip
        Article.objects.bulk_create(
            [
                Article(
                    version=version,
                    number=a.number,
                    heading=a.heading or _("序言"),
                    chapter=a.chapter,
                    text=a.text,
                )
                for a in parsed
            ]
        )
        _audit(actor, "legislation.version_add", project, version=number, label=label, articles=len(parsed))
    return version


def project_submit(*, actor: Any, project: LegislativeProject) -> LegislativeProject:
    """提请审议: the draft goes to the standing committee (needs at least one version)."""
    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    with transaction.atomic():
        project = _lock(project)
        if not project.versions.exists():
            raise ValidationFailed(_("请先提交草案文本,再提请审议。"))
        return _move(actor, project, (S.DRAFTING,), S.UNDER_DELIBERATION, "legislation.project_submit")


# --- readings and votes ---------------------------------------------------------------------------


def reading_schedule(
    *,
    actor: Any,
    project: LegislativeProject,
    meeting: Any,
    ordinal: int,
    version: DraftVersion | None = None,
) -> Reading:
    """Put the draft on a standing-committee meeting's agenda as its 一审/二审/三审."""
    from renda.meetings import services as meetings
    from renda.meetings.choices import MeetingKind

    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    if meeting.congress_id != project.congress_id or meeting.kind != MeetingKind.STANDING_COMMITTEE:
        raise ValidationFailed(_("请选择本级人大常委会会议。"), field="meeting")
    try:
        ordinal = int(ordinal)
    except (TypeError, ValueError):
        ordinal = 0
    if ordinal not in (1, 2, 3):
        raise ValidationFailed(_("请选择审次(一审、二审或三审)。"), field="ordinal")
    version = version or project.latest_version()
    if version is None or version.project_id != project.pk:
        raise ValidationFailed(_("请选择本项目的草案版本。"), field="version")
    with transaction.atomic():
        project = _lock(project)
        if project.state != S.UNDER_DELIBERATION:
            raise ConflictError(_("只有审议中的草案才能列入常委会会议议程。"))
        if project.readings.filter(ordinal=ordinal).exists():
            raise ValidationFailed(_("该审次已经安排。"), field="ordinal")
        if ordinal > 1 and not project.readings.filter(ordinal=ordinal - 1).exists():
            raise ValidationFailed(_("请先安排前一次审议。"), field="ordinal")
        label = dict(((1, _("一审")), (2, _("二审")), (3, _("三审"))))[ordinal]
        item = meetings.agenda_item_add(
            actor=actor, meeting=meeting, kind="legislative_reading",
            title=_("审议《%(t)s(%(v)s)》(%(o)s)") % {"t": project.title, "v": version.label, "o": label},
            subject=f"legislation.project:{project.pk}", presenter=project.drafting_body,
        )  # fmt: skip
        reading = Reading.objects.create(
            project=project, ordinal=ordinal, version=version, meeting_id=meeting.pk, agenda_item_id=item.pk,
            created_at=clock.now(),
        )  # fmt: skip
        _audit(
            actor,
            "legislation.reading_schedule",
            project,
            ordinal=ordinal,
            meeting=meeting.pk,
            version=version.number,
        )
    return reading


def _article_number(version: DraftVersion, article: Any, field: str = "article") -> int | None:
    if article in (None, "", 0, "0"):
        return None
    try:
        number = int(article)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请选择草案中的条文。"), field=field) from None
    if not version.articles.filter(number=number).exclude(number=0).exists():
        raise ValidationFailed(
            _("草案中没有%(h)s,请从列表中选择条文。") % {"h": heading_of(number) if number > 0 else article},
            field=field,
        )
    return number


def remark_add(*, actor: Any, reading: Reading, text: str, article: Any = None) -> ReadingRemark:
    """A member's remark at the reading (分组审议意见), per article or on the whole draft."""
    from renda.meetings.models import Meeting
    from renda.meetings.selectors import member_user_ids

    meeting = Meeting.objects.get(pk=reading.meeting_id)
    if actor.pk not in member_user_ids(meeting) and not perms.works_on(actor, reading.project):
        raise PermissionDeniedError(_("只有会议组成人员可以提出审议意见。"))
    text = clean_text(text, field="text", label=_("审议意见"), max_length=5000, min_length=2)
    number = _article_number(reading.version, article)
    with transaction.atomic():
        remark = ReadingRemark.objects.create(
            reading=reading, member=actor, article_number=number, text=text, created_at=clock.now()
        )
        _audit(actor, "legislation.remark_add", reading.project, reading=reading.ordinal, article=number)
    return remark


def unified_report_save(*, actor: Any, reading: Reading, text: str) -> Reading:
    """法制委员会统一审议: the legal committee's report on the draft before the vote."""
    perms.ensure_legal_committee(actor, reading.project.congress_id)
    text = clean_text(text, field="text", label=_("统一审议报告"), max_length=50_000, min_length=10)
    with transaction.atomic():
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        before = reading.unified_report
        reading.unified_report = text
        reading.save(update_fields=["unified_report"])
        _audit(
            actor,
            "legislation.unified_report",
            reading.project,
            before={"len": len(before)},
            reading=reading.ordinal,
        )
    return reading


def reading_conclude(*, actor: Any, reading: Reading) -> Reading:
    """The reading was held (the draft goes on to the next reading or to the vote)."""
    perms.ensure_works_on(actor, reading.project)
    with transaction.atomic():
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.state == ReadingState.HELD:
            raise ConflictError(_("本次审议已经结束。"))
        reading.state = ReadingState.HELD
        reading.held_on = clock.today()
        reading.save(update_fields=["state", "held_on"])
        _audit(actor, "legislation.reading_conclude", reading.project, reading=reading.ordinal)
    return reading


def draft_vote_create(
    *, actor: Any, reading: Reading, scope: str = VoteScope.WHOLE, article: Any = None, basis: str = ""
) -> DraftVote:
    """A vote on the draft (owner ``legislative_draft``): the whole text, or one article separately
    (单独表决, only by a decision of the chairpersons' meeting named in ``basis``, and before the whole)."""
    from renda.voting import services as voting

    reading = Reading.objects.select_related("project", "version").get(pk=reading.pk)
    project = _fresh(reading.project)
    perms.ensure_works_on(actor, project)
    if project.state != S.UNDER_DELIBERATION:
        raise ConflictError(_("只有审议中的草案才能付表决。"))
    if reading.unified_report == "":
        raise ValidationFailed(_("法制委员会尚未提出统一审议报告,不能付表决。"))
    if reading.votes.filter(
        scope=VoteScope.WHOLE, outcome__in=[VoteOutcome.PENDING, VoteOutcome.PASSED]
    ).exists():
        raise ConflictError(_("本次审议已对草案全文付表决。"))
    if scope == VoteScope.ARTICLE:
        number = _article_number(reading.version, article)
        if number is None:
            raise ValidationFailed(_("请选择单独表决的条文。"), field="article")
        basis = clean_text(basis, field="basis", label=_("单独表决的依据"), max_length=200)
        title = _("《%(t)s》%(h)s单独表决") % {"t": project.title, "h": heading_of(number)}
    elif scope == VoteScope.WHOLE:
        number, basis = None, ""
        title = _("《%(t)s》全文表决") % {"t": project.title}
    else:
        raise ValidationFailed(_("请选择表决范围。"), field="scope")
    with transaction.atomic():
        dv = DraftVote.objects.create(reading=reading, scope=scope, article_number=number, basis=basis)
        vote = voting.vote_create(
            actor=actor, congress=project.congress, owner_code="legislative_draft", owner_id=dv.pk, title=title,
            method="roll_call", option_set="yes_no_abstain", rule_code="majority_all",
        )  # fmt: skip
        dv.vote_id = vote.pk
        dv.save(update_fields=["vote_id"])
        _audit(actor, "legislation.vote_create", project, scope=scope, article=number, vote=vote.pk)
    return dv


def draft_vote_closed(*, vote: Any, result: dict, actor: Any) -> None:
    """``on_closed`` of the owner ``legislative_draft``: records passed/failed; the whole text passed
    moves the project to ``passed``."""
    dv = DraftVote.objects.select_for_update().select_related("reading__project").get(pk=vote.owner_id)
    passed = bool(result.get("passed"))
    dv.outcome = VoteOutcome.PASSED if passed else VoteOutcome.FAILED
    dv.decided_at = clock.now()
    dv.save(update_fields=["outcome", "decided_at"])
    reading = dv.reading
    if reading.state != ReadingState.HELD:
        reading.state = ReadingState.HELD
        reading.held_on = clock.today()
        reading.save(update_fields=["state", "held_on"])
    project = LegislativeProject.objects.select_for_update().get(pk=reading.project_id)
    _audit(
        actor, "legislation.vote_result", project, scope=dv.scope, article=dv.article_number, passed=passed
    )
    if dv.scope == VoteScope.WHOLE and passed and project.state == S.UNDER_DELIBERATION:
        _move(
            actor,
            project,
            (S.UNDER_DELIBERATION,),
            S.PASSED,
            "legislation.project_pass",
            passed_on=clock.today(),
        )


# --- approval, promulgation, amendment, repeal ------------------------------------------------------


def approval_report(
    *, actor: Any, project: LegislativeProject, approving_body: str, reported_on: Any, report_document: str
) -> Approval:
    """报请批准: the regulation passed goes to the provincial congress's standing committee."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    approving_body = clean_text(approving_body, field="approving_body", label=_("批准机关"), max_length=100)
    document = clean_text(report_document, field="report_document", label=_("报请文件(文号)"), max_length=120)
    reported = _date(reported_on, "reported_on", _("报请日期"))
    with transaction.atomic():
        project = _lock(project)
        if project.state != S.PASSED or not project.needs_approval:
            raise ConflictError(_("只有已通过且须报请批准的法规才能报请批准。"))
        if hasattr(project, "approval"):
            raise ConflictError(_("该法规已经报请批准。"))
        if project.passed_on and reported < project.passed_on:
            raise ValidationFailed(_("报请日期不能早于通过日期。"), field="reported_on")
        approval = Approval.objects.create(
            project=project, state=ApprovalState.REPORTED, approving_body=approving_body,
            reported_on=reported, report_document=document,
        )  # fmt: skip
        _audit(
            actor, "legislation.approval_report", project, reported_on=reported.isoformat(), document=document
        )
    return approval


def approval_approve(
    *, actor: Any, project: LegislativeProject, approved_on: Any, approval_document: str
) -> LegislativeProject:
    perms.ensure_legislative_staff(actor, project.congress_id)
    document = clean_text(
        approval_document, field="approval_document", label=_("批准文件(文号)"), max_length=120
    )
    approved = _date(approved_on, "approved_on", _("批准日期"))
    with transaction.atomic():
        project = _lock(project)
        approval = Approval.objects.select_for_update().filter(project=project).first()
        if approval is None or approval.state != ApprovalState.REPORTED:
            raise ConflictError(_("该法规尚未报请批准。"))
        if approved < approval.reported_on:
            raise ValidationFailed(_("批准日期不能早于报请日期。"), field="approved_on")
        approval.state = ApprovalState.APPROVED
        approval.approved_on = approved
        approval.approval_document = document
        approval.save()
        return _move(actor, project, (S.PASSED,), S.APPROVED, "legislation.project_approve")


def approval_file(
    *, actor: Any, project: LegislativeProject, filed_on: Any, filing_document: str, filed_with: str
) -> Approval:
    """备案: filed with the NPC standing committee and the State Council (after approval)."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    document = clean_text(filing_document, field="filing_document", label=_("备案报告(文号)"), max_length=120)
    filed_with = clean_text(filed_with, field="filed_with", label=_("备案机关"), max_length=200)
    filed = _date(filed_on, "filed_on", _("备案日期"))
    with transaction.atomic():
        approval = Approval.objects.select_for_update().filter(project=project).first()
        if approval is None or approval.state != ApprovalState.APPROVED:
            raise ConflictError(_("只有已批准的法规才能报送备案。"))
        if filed < approval.approved_on:
            raise ValidationFailed(_("备案日期不能早于批准日期。"), field="filed_on")
        approval.state = ApprovalState.FILED
        approval.filed_on = filed
        approval.filing_document = document
        approval.filed_with = filed_with
        approval.save()
        _audit(actor, "legislation.approval_file", project, filed_on=filed.isoformat(), document=document)
    return approval


def project_promulgate(
    *, actor: Any, project: LegislativeProject, promulgated_on: Any, effective_on: Any
) -> LegislativeProject:
    """公布施行: approved (or passed, when no approval is needed) → in force from ``effective_on``."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    promulgated = _date(promulgated_on, "promulgated_on", _("公布日期"))
    effective = _date(effective_on, "effective_on", _("施行日期"))
    if effective < promulgated:
        raise ValidationFailed(_("施行日期不能早于公布日期。"), field="effective_on")
    with transaction.atomic():
        project = _lock(project)
        allowed = (S.APPROVED,) if project.needs_approval else (S.PASSED,)
        return _move(
            actor, project, allowed, S.IN_FORCE, "legislation.project_promulgate",
            promulgated_on=promulgated, effective_on=effective,
        )  # fmt: skip


def project_amend(
    *, actor: Any, project: LegislativeProject, amended_on: Any, note: str
) -> LegislativeProject:
    """修正: the regulation in force was amended (it stays in the body of law, with its history)."""
    perms.ensure_legislative_staff(actor, project.congress_id)
    amended = _date(amended_on, "amended_on", _("修正日期"))
    note = clean_text(note, field="note", label=_("修改说明"), max_length=5000, min_length=4)
    with transaction.atomic():
        project = _lock(project)
        return _move(
            actor, project, (S.IN_FORCE, S.AMENDED), S.AMENDED, "legislation.project_amend",
            amended_on=amended, change_note=note,
        )  # fmt: skip


def project_repeal(
    *, actor: Any, project: LegislativeProject, repealed_on: Any, note: str
) -> LegislativeProject:
    perms.ensure_legislative_staff(actor, project.congress_id)
    repealed = _date(repealed_on, "repealed_on", _("废止日期"))
    note = clean_text(note, field="note", label=_("废止说明"), max_length=5000, min_length=4)
    with transaction.atomic():
        project = _lock(project)
        return _move(
            actor, project, (S.IN_FORCE, S.AMENDED), S.REPEALED, "legislation.project_repeal",
            repealed_on=repealed, change_note=note,
        )  # fmt: skip


# --- public comment (开门立法) --------------------------------------------------------------------


def period_open(
    *,
    actor: Any,
    project: LegislativeProject,
    version: DraftVersion,
    opens_on: Any,
    closes_on: Any,
    notice: str = "",
) -> CommentPeriod:
    """Publish a version on the portal for comment from ``opens_on`` to ``closes_on`` (both included)."""
    project = _fresh(project)
    perms.ensure_works_on(actor, project)
    if version.project_id != project.pk:
        raise ValidationFailed(_("请选择本项目的草案版本。"), field="version")
    opens = _date(opens_on, "opens_on", _("开始日期"))
    closes = _date(closes_on, "closes_on", _("截止日期"))
    if closes < opens:
        raise ValidationFailed(_("截止日期不能早于开始日期。"), field="closes_on")
    if closes < clock.today():
        raise ValidationFailed(_("截止日期不能早于今天。"), field="closes_on")
    notice = clean_text(notice, field="notice", label=_("征求意见公告"), max_length=5000, required=False)
    with transaction.atomic():
        project = _lock(project)
        if project.state not in (S.DRAFTING, S.UNDER_DELIBERATION):
            raise ConflictError(_("只有起草中或审议中的草案才能公开征求意见。"))
        period = CommentPeriod.objects.create(
            project=project, version=version, opens_on=opens, closes_on=closes, notice=notice,
            created_by=actor, created_at=clock.now(),
        )  # fmt: skip
        _audit(
            actor,
            "legislation.period_open",
            project,
            opens_on=opens.isoformat(),
            closes_on=closes.isoformat(),
        )
    return period


def _comment_fields(
    period: CommentPeriod, body: Any, article: Any, name: Any, contact: Any
) -> dict[str, Any]:
    return {
        "body": clean_text(
            body, field="body", label=_("意见内容"), max_length=COMMENT_MAX, min_length=COMMENT_MIN
        ),
        "article_number": _article_number(period.version, article),
        "author_name": clean_text(
            name, field="author_name", label=_("姓名或单位"), max_length=100, required=False
        ),
        "author_contact": clean_text(
            contact, field="author_contact", label=_("联系方式"), max_length=60, required=False
        ),
    }


def comment_submit_public(
    *, period: CommentPeriod, body: str, article: Any = None, author_name: str = "", author_contact: str = "",
    client_ip: str | None = None, actor: Any = None,
) -> Comment:  # fmt: skip
    """A comment through the portal, accepted only within the period (rate limited per address): from an
    anonymous visitor, or from a deputy of the congress signed in (recorded as a deputy's comment, named)."""
    from renda.liaison.services.config import client_key, throttle

    now = clock.now()
    if not period.is_open_at(now):
        start, _end = period.window()
        if now < start:
            raise ValidationFailed(
                _("征求意见将于%(d)s开始,届时欢迎提出意见。")
                % {"d": period.opens_on.strftime("%Y年%m月%d日")}
            )
        raise ValidationFailed(
            _("征求意见已于%(d)s截止,不再接收意见。") % {"d": period.closes_on.strftime("%Y年%m月%d日")}
        )
    fields = _comment_fields(period, body, article, author_name, author_contact)
    key = client_key(client_ip)
    with transaction.atomic():
        throttle(
            action="legislation.comment", key=key, limit=PUBLIC_COMMENT_LIMIT, window_minutes=60,
            message=_("提交过于频繁,请一小时后再试。"),
        )  # fmt: skip
        source = CommentSource.PUBLIC
        if _is_deputy_of(actor, period.project.congress_id):
            source = CommentSource.DEPUTY
            fields["author_name"] = actor.display_name
        comment = Comment.objects.create(
            period=period, source=source, client_key=key, created_at=now, **fields
        )
        _audit(
            actor, "legislation.comment_public", period.project, article=comment.article_number, source=source
        )
    return comment


def _is_deputy_of(actor: Any, congress_id: int) -> bool:
    from renda.core.choices import Role
    from renda.core.scopes import scope_of

    return bool(getattr(actor, "is_authenticated", False)) and scope_of(actor).has_in(
        congress_id, Role.DEPUTY
    )


def comment_record(
    *, actor: Any, period: CommentPeriod, source: str, body: str, article: Any = None, author_name: str = ""
) -> Comment:
    """Staff record a comment received from a deputy, a contact point or an organisation by letter."""
    perms.ensure_works_on(actor, period.project)
    if source not in CommentSource.values or source == CommentSource.PUBLIC:
        raise ValidationFailed(_("请选择意见来源。"), field="source")
    fields = _comment_fields(period, body, article, author_name, "")
    if not fields["author_name"]:
        raise ValidationFailed(_("请填写提出意见的代表、联系点或单位。"), field="author_name")
    with transaction.atomic():
        comment = Comment.objects.create(
            period=period, source=source, status=CommentStatus.ACCEPTED, created_at=clock.now(), **fields
        )
        _audit(
            actor, "legislation.comment_record", period.project, source=source, article=comment.article_number
        )
    return comment


def comment_screen(*, actor: Any, comment: Comment, accept: bool) -> Comment:
    perms.ensure_works_on(actor, comment.period.project)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        before = comment.status
        comment.status = CommentStatus.ACCEPTED if accept else CommentStatus.REJECTED
        comment.save(update_fields=["status"])
        _audit(
            actor,
            "legislation.comment_screen",
            comment.period.project,
            before={"status": before},
            status=comment.status,
        )
    return comment


def comment_adopt(*, actor: Any, comment: Comment, adoption: str, note: str = "") -> Comment:
    """Record whether a comment was adopted (and why not)."""
    perms.ensure_works_on(actor, comment.period.project)
    if adoption not in (Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED):
        raise ValidationFailed(_("请选择采纳情况。"), field="adoption")
    note = clean_text(
        note, field="note", label=_("采纳说明"), max_length=2000, required=adoption != Adoption.ADOPTED
    )
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.status != CommentStatus.ACCEPTED:
            raise ConflictError(_("请先将该意见筛选为有效意见。"))
        before = comment.adoption
        comment.adoption, comment.adoption_note = adoption, note
        comment.save(update_fields=["adoption", "adoption_note"])
        _audit(
            actor,
            "legislation.comment_adopt",
            comment.period.project,
            before={"adoption": before},
            adoption=adoption,
        )
    return comment


def period_answer(*, actor: Any, period: CommentPeriod, answer: str) -> CommentPeriod:
    """The aggregate answer to the comments (published on the portal with the period's statistics);
    only after the period closed and every comment was screened."""
    perms.ensure_works_on(actor, period.project)
    answer = clean_text(answer, field="answer", label=_("总体说明"), max_length=20_000, min_length=10)
    with transaction.atomic():
        period = CommentPeriod.objects.select_for_update().get(pk=period.pk)
        if clock.now() < period.window()[1]:
            raise ConflictError(_("征求意见期限尚未届满,届满后再统一答复。"))
        if period.comments.filter(status=CommentStatus.PENDING).exists():
            raise ValidationFailed(_("还有待筛选的意见,请先逐条筛选。"), field="answer")
        period.answer = answer
        period.answered_at = clock.now()
        period.save(update_fields=["answer", "answered_at"])
        _audit(actor, "legislation.period_answer", period.project, comments=period.comments.count())
    return period


# --- the existing body of law ----------------------------------------------------------------------


def regulation_register(
    *,
    actor: Any,
    congress: Congress,
    title: str,
    text: str,
    drafting_body: str,
    passed_on: Any,
    effective_on: Any,
    approved_on: Any = None,
    approving_body: str = "",
    approval_document: str = "",
) -> LegislativeProject:
    """Register a regulation made before the platform (现行有效法规的录入): in force with its final text
    and the dates of its passage, approval and entry into force."""
    ensure = perms.ensure_legislative_staff
    ensure(actor, congress.pk)
    title = clean_text(title, field="title", label=_("法规名称"), max_length=200, min_length=4)
    drafting_body = clean_text(drafting_body, field="drafting_body", label=_("起草单位"), max_length=120)
    passed = _date(passed_on, "passed_on", _("通过日期"))
    effective = _date(effective_on, "effective_on", _("施行日期"))
    approved = _date(approved_on, "approved_on", _("批准日期"), required=False)
    if effective < passed or (approved and approved < passed):
        raise ValidationFailed(_("批准和施行日期不能早于通过日期。"), field="effective_on")
    try:
        parsed = parse_articles(text)
    except ParseError as exc:
        raise ValidationFailed(_("法规条文编号有误:%(e)s。") % {"e": str(exc)}, field="text") from None
    if not any(a.number for a in parsed):
        raise ValidationFailed(_("法规文本中没有找到“第一条”。"), field="text")
    now = clock.now()
    with transaction.atomic():
        project = LegislativeProject.objects.create(
            congress=congress, title=title, source=ProjectSource.GOVERNMENT, proposer_name=drafting_body,
            reason=_("现行有效法规录入。"), drafting_body=drafting_body, state=S.IN_FORCE, passed_on=passed,
            promulgated_on=approved or passed, effective_on=effective, needs_approval=bool(approved),
            created_by=actor, created_at=now, updated_at=now,
        )  # fmt: skip
        version = DraftVersion.objects.create(
            project=project, number=1, label=_("公布文本"), text=text, created_by=actor, created_at=now
        )
        Article.objects.bulk_create(
            [Article(version=version, number=a.number, heading=a.heading or _("序言"), chapter=a.chapter, text=a.text)
             for a in parsed]
        )  # fmt: skip
        if approved:
            Approval.objects.create(
                project=project, state=ApprovalState.APPROVED, approving_body=approving_body or _("省人大常委会"),
                reported_on=passed, report_document="", approved_on=approved, approval_document=approval_document,
            )  # fmt: skip
        _audit(
            actor, "legislation.regulation_register", project, title=title, effective_on=effective.isoformat()
        )
    return project
