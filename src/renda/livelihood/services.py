"""The only writers of livelihood programmes and projects: each checks the actor and writes the audit.

Stages: collecting → shortlisting → presidium → voting → implementing → evaluating → finished.
The ballot is an election on ``renda.voting`` (owner ``livelihood_programme``): each deputy chooses up
to ``seats`` projects, the most-voted projects the pass rule lets through pass; projects tied across
the last seat are settled by the programme's tie rule (a run-off vote, or the presidium's recorded
decision). Each passed project's follow-up is a case on the engine assigned to its responsible unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import CONGRESS_ROLES, HANDLING_UNIT_KINDS, OrganizationKind, Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization, User
from renda.core.scopes import scope_of

from .choices import (
    AGENDA_KIND,
    KIND,
    OWNER_BALLOT,
    OWNER_EVALUATION,
    STAGE_ORDER,
    ProjectState,
    ProposerKind,
    Stage,
    TieRule,
)
from .models import CandidateProject, InspectionVisit, LivelihoodProgramme

PS = ProjectState
EVALUATION_RATER_USERNAME = "livelihood-evaluation"
PUBLIC_LIMIT = 3  # proposals per address …
PUBLIC_WINDOW_MINUTES = 60  # … per hour


# --- permissions ----------------------------------------------------------------------------------


def can_manage(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, *CONGRESS_ROLES)


def ensure_manages(actor: Any, congress_id: int) -> None:
    if not can_manage(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员或领导可以办理民生实事项目。"))


def is_deputy_of(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, Role.DEPUTY)


def keeper_stations(user: Any, programme: LivelihoodProgramme) -> list[Organization]:
    """The liaison stations of the programme's congress that ``user`` keeps."""
    ids = scope_of(user).station_ids
    if not ids:
        return []
    return list(
        Organization.objects.filter(
            pk__in=ids, congress_id=programme.congress_id, kind=OrganizationKind.LIAISON_STATION
        )
    )


def can_propose(user: Any, programme: LivelihoodProgramme) -> bool:
    cid = programme.congress_id
    if can_manage(user, cid):
        return programme.stage in (Stage.COLLECTING, Stage.SHORTLISTING)
    return collection_open(programme) and (is_deputy_of(user, cid) or bool(keeper_stations(user, programme)))


def _audit(actor: Any, action: str, target: Any, congress: Any, **after: Any) -> None:
    record_event(actor=actor, action=action, target=target, congress=congress, after=after or None)


def _text(value: Any, field: str, label: str, max_length: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s不能超过%(n)d字。") % {"label": label, "n": max_length}, field=field
        )
    return text


def _budget(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("计划投资应为数字(万元)。"), field="budget") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("9999999999"):
        raise ValidationFailed(_("计划投资应为不小于0的数字(万元)。"), field="budget")
    return amount


def _unit(unit: Organization | None, programme: LivelihoodProgramme) -> Organization | None:
    if unit is None:
        return None
    if (
        unit.congress_id != programme.congress_id
        or unit.kind not in HANDLING_UNIT_KINDS
        or not unit.is_active
    ):
        raise ValidationFailed(_("责任单位应为本级的承办单位。"), field="responsible_unit")
    return unit


def _lock(programme: LivelihoodProgramme) -> LivelihoodProgramme:
    return LivelihoodProgramme.objects.select_for_update().get(pk=programme.pk)


# --- programme ------------------------------------------------------------------------------------


def programme_create(
    *,
    actor: Any,
    congress: Congress,
    year: int,
    title: str = "",
    seats: int = 10,
    shortlist_size: int = 15,
    pass_rule: str = "majority_present",  # noqa: S107  (a rule code, not a password)
    tie_rule: str = TieRule.RUNOFF,
    collect_starts_on: dt.date | None = None,
    collect_ends_on: dt.date | None = None,
) -> LivelihoodProgramme:
    ensure_manages(actor, congress.pk)
    from renda.voting.rules import get_rule

    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed(_("请填写正确的年度。"), field="year")
    if int(seats) < 1:
        raise ValidationFailed(_("票决项目数至少为1项。"), field="seats")
    if int(shortlist_size) <= int(seats):
        raise ValidationFailed(_("候选项目数应多于票决项目数(差额票决)。"), field="shortlist_size")
    if get_rule(pass_rule) is None:
        raise ValidationFailed(_("请选择通过规则。"), field="pass_rule")
    if tie_rule not in TieRule.values:
        raise ValidationFailed(_("请选择票数相同时的处理办法。"), field="tie_rule")
    if collect_starts_on and collect_ends_on and collect_ends_on < collect_starts_on:
        raise ValidationFailed(_("征集截止日期不能早于开始日期。"), field="collect_ends_on")
    if LivelihoodProgramme.objects.filter(congress=congress, year=year).exists():
        raise ValidationFailed(_("该年度的民生实事项目票决已经建立。"), field="year")
    title = _text(
        title or _("%(year)d年度民生实事项目代表票决") % {"year": int(year)}, "title", _("名称"), 200
    )
    with transaction.atomic():
        programme = LivelihoodProgramme.objects.create(
            congress=congress,
            year=int(year),
            title=title,
            seats=int(seats),
            shortlist_size=int(shortlist_size),
            pass_rule=pass_rule,
            tie_rule=tie_rule,
            collect_starts_on=collect_starts_on or clock.today(),
            collect_ends_on=collect_ends_on,
            created_at=clock.now(),
        )
        _audit(actor, "livelihood.programme_create", programme, congress, year=int(year), seats=int(seats),
               shortlist_size=int(shortlist_size), pass_rule=pass_rule, tie_rule=tie_rule)  # fmt: skip
    return programme


def programme_update(
    *,
    actor: Any,
    programme: LivelihoodProgramme,
    title: str,
    seats: int,
    shortlist_size: int,
    pass_rule: str,
    tie_rule: str,
    collect_starts_on: dt.date | None = None,
    collect_ends_on: dt.date | None = None,
    **_ignored: Any,
) -> LivelihoodProgramme:
    """Change the programme's settings, until the ballot is set up."""
    from renda.voting.rules import get_rule

    ensure_manages(actor, programme.congress_id)
    if int(seats) < 1:
        raise ValidationFailed(_("票决项目数至少为1项。"), field="seats")
    if int(shortlist_size) <= int(seats):
        raise ValidationFailed(_("候选项目数应多于票决项目数(差额票决)。"), field="shortlist_size")
    if get_rule(pass_rule) is None:
        raise ValidationFailed(_("请选择通过规则。"), field="pass_rule")
    if tie_rule not in TieRule.values:
        raise ValidationFailed(_("请选择票数相同时的处理办法。"), field="tie_rule")
    if collect_starts_on and collect_ends_on and collect_ends_on < collect_starts_on:
        raise ValidationFailed(_("征集截止日期不能早于开始日期。"), field="collect_ends_on")
    title = _text(title or programme.title, "title", _("名称"), 200)
    with transaction.atomic():
        p = _lock(programme)
        if p.ballot_id is not None or p.stage not in (Stage.COLLECTING, Stage.SHORTLISTING, Stage.PRESIDIUM):
            raise ConflictError(_("票决已经设立,不能再修改票决办法。"))
        shortlisted = CandidateProject.objects.filter(programme=p, state=PS.SHORTLISTED).count()
        if shortlisted > int(shortlist_size):
            raise ValidationFailed(
                _("已列入候选%(n)d项,候选项目数不能少于此数。") % {"n": shortlisted}, field="shortlist_size"
            )
        before = {"seats": p.seats, "shortlist_size": p.shortlist_size, "pass_rule": p.pass_rule,
                  "tie_rule": p.tie_rule}  # fmt: skip
        p.title, p.seats, p.shortlist_size, p.pass_rule, p.tie_rule = (
            title, int(seats), int(shortlist_size), pass_rule, tie_rule,
        )  # fmt: skip
        if p.stage == Stage.COLLECTING:
            p.collect_starts_on = collect_starts_on or p.collect_starts_on
            p.collect_ends_on = collect_ends_on
        p.save()
        record_event(actor=actor, action="livelihood.programme_update", target=p, congress=p.congress,
                     before=before, after={"seats": p.seats, "shortlist_size": p.shortlist_size,
                                           "pass_rule": p.pass_rule, "tie_rule": p.tie_rule})  # fmt: skip
    return p


def _stage_error(message: str) -> ConflictError:
    return ConflictError(message)


def programme_advance(*, actor: Any, programme: LivelihoodProgramme) -> LivelihoodProgramme:
    """Move to the next stage, when the current one is done. The vote's close moves voting on."""
    ensure_manages(actor, programme.congress_id)
    today = clock.today()
    with transaction.atomic():
        p = _lock(programme)
        before = p.stage
        projects = CandidateProject.objects.filter(programme=p)
        if p.stage == Stage.COLLECTING:
            if not projects.exists():
                raise _stage_error(_("尚未征集到任何候选项目,不能结束征集。"))
            p.collect_ends_on = min(p.collect_ends_on or today, today)
            p.stage = Stage.SHORTLISTING
        elif p.stage == Stage.SHORTLISTING:
            shortlisted = list(projects.filter(state=PS.SHORTLISTED))
            if len(shortlisted) != p.shortlist_size:
                raise _stage_error(
                    _("政府初定的候选项目应为%(size)d项,现为%(n)d项。")
                    % {"size": p.shortlist_size, "n": len(shortlisted)}
                )
            missing = [x.title for x in shortlisted if x.responsible_unit_id is None]
            if missing:
                raise _stage_error(
                    _("以下候选项目尚未确定责任单位:%(names)s。") % {"names": "、".join(missing)}
                )
            p.shortlisted_on = today
            p.stage = Stage.PRESIDIUM
        elif p.stage == Stage.PRESIDIUM:
            if projects.filter(state=PS.SHORTLISTED).exists() or not p.presidium_on:
                raise _stage_error(_("请先记录主席团对候选项目的审议意见。"))
            p.stage = Stage.VOTING
        elif p.stage == Stage.VOTING:
            raise _stage_error(_("票决结束后自动进入监督实施阶段。"))
        elif p.stage == Stage.IMPLEMENTING:
            p.evaluation_on = today
            p.stage = Stage.EVALUATING
        elif p.stage == Stage.EVALUATING:
            pending = projects.filter(state__in=[PS.PASSED, PS.IMPLEMENTING, PS.COMPLETED]).count()
            if pending:
                raise _stage_error(_("还有%(n)d个项目未完成满意度测评。") % {"n": pending})
            p.finished_on = today
            p.stage = Stage.FINISHED
        else:
            raise _stage_error(_("本年度民生实事项目票决已经完成。"))
        p.save()
        _audit(actor, "livelihood.stage", p, p.congress, before=before, stage=p.stage)
    return p


# --- candidate projects ---------------------------------------------------------------------------


def collection_open(programme: LivelihoodProgramme) -> bool:
    today = clock.today()
    if programme.stage != Stage.COLLECTING:
        return False
    if programme.collect_starts_on and today < programme.collect_starts_on:
        return False
    return not (programme.collect_ends_on and today > programme.collect_ends_on)


def _new_project(
    programme: LivelihoodProgramme,
    *,
    title: str,
    description: str,
    proposer_kind: str,
    proposer_name: str,
    **extra: Any,
) -> CandidateProject:
    title = _text(title, "title", _("项目名称"), 50)
    if len(title) < 4:
        raise ValidationFailed(_("项目名称至少4个字。"), field="title")
    description = _text(description, "description", _("项目内容"), 3000)
    if len(description) < 10:
        raise ValidationFailed(_("项目内容至少10个字,请写明要办的实事和地点。"), field="description")
    if CandidateProject.objects.filter(programme=programme, title=title).exists():
        raise ValidationFailed(_("已有同名的候选项目“%(title)s”。") % {"title": title}, field="title")
    return CandidateProject.objects.create(
        programme=programme,
        title=title,
        description=description,
        proposer_kind=proposer_kind,
        proposer_name=proposer_name,
        submitted_at=clock.now(),
        **extra,
    )


def proposal_submit_public(
    *,
    programme: LivelihoodProgramme,
    title: str,
    description: str,
    name: str = "",
    phone: str = "",
    client_ip: str | None = None,
) -> CandidateProject:
    """A member of the public proposes a project through the portal (captcha checked by the view)."""
    from renda.liaison.services.config import client_key, throttle

    if not collection_open(programme):
        raise ConflictError(_("本年度民生实事候选项目征集已经截止。"))
    name = _text(name, "name", _("姓名"), 50, required=False)
    phone = _text(phone, "phone", _("联系电话"), 20, required=False)
    if phone and not phone.replace("-", "").isdigit():
        raise ValidationFailed(_("联系电话只能填写数字。"), field="phone")
    key = client_key(client_ip)
    with transaction.atomic():
        throttle(
            action="livelihood_proposal",
            key=key,
            limit=PUBLIC_LIMIT,
            window_minutes=PUBLIC_WINDOW_MINUTES,
            message=_("提交过于频繁,请一小时后再试。"),
        )
        project = _new_project(
            programme,
            title=title,
            description=description,
            proposer_kind=ProposerKind.PUBLIC,
            proposer_name=name or _("群众"),
            proposer_phone=phone,
            client_key=key,
        )
        _audit(None, "livelihood.propose", project, programme.congress, kind=ProposerKind.PUBLIC)
    return project


def proposal_create(
    *,
    actor: Any,
    programme: LivelihoodProgramme,
    title: str,
    description: str,
    proposer_kind: str = "",
    proposer_name: str = "",
    station: Organization | None = None,
    responsible_unit: Organization | None = None,
    budget: Any = None,
) -> CandidateProject:
    """Staff record a proposal from a station or the government; a deputy proposes in their own name."""
    manages = can_manage(actor, programme.congress_id)
    if not manages:
        kept = keeper_stations(actor, programme)
        if kept:
            # A station's keeper records what the station's deputies and constituents proposed.
            if station is None or station.pk not in {s.pk for s in kept}:
                station = kept[0]
            proposer_kind, proposer_name = ProposerKind.STATION, proposer_name or station.name
        elif is_deputy_of(actor, programme.congress_id):
            proposer_kind, proposer_name = ProposerKind.DEPUTY, actor.full_name or actor.username
            station = None
        else:
            raise PermissionDeniedError(_("只有本级人大代表、联络站或工作人员可以提出候选项目。"))
        responsible_unit = None
        budget = None
    if proposer_kind not in ProposerKind.values:
        raise ValidationFailed(_("请选择项目提出方。"), field="proposer_kind")
    if programme.stage not in (Stage.COLLECTING, Stage.SHORTLISTING) or (
        not manages and not collection_open(programme)
    ):
        raise ConflictError(_("本年度民生实事候选项目征集已经截止。"))
    if proposer_kind == ProposerKind.STATION:
        if station is None or station.kind != OrganizationKind.LIAISON_STATION:
            raise ValidationFailed(_("请选择提出项目的代表联络站。"), field="station")
        proposer_name = proposer_name or station.name
    proposer_name = _text(proposer_name, "proposer_name", _("提出人"), 100)
    with transaction.atomic():
        project = _new_project(
            programme,
            title=title,
            description=description,
            proposer_kind=proposer_kind,
            proposer_name=proposer_name,
            proposer_user=actor if proposer_kind == ProposerKind.DEPUTY else None,
            station=station if proposer_kind == ProposerKind.STATION else None,
            responsible_unit=_unit(responsible_unit, programme),
            budget=_budget(budget),
        )
        _audit(actor, "livelihood.propose", project, programme.congress, kind=proposer_kind)
    return project


def project_screen(
    *,
    actor: Any,
    project: CandidateProject,
    shortlist: bool,
    responsible_unit: Organization | None = None,
    budget: Any = None,
    note: str = "",
) -> CandidateProject:
    """甄别 / 政府初定: put a proposal on the shortlist (with its responsible unit and budget) or not."""
    programme = project.programme
    ensure_manages(actor, programme.congress_id)
    if programme.stage not in (Stage.COLLECTING, Stage.SHORTLISTING):
        raise ConflictError(_("候选项目已提交主席团审议,不能再调整。"))
    if project.state not in (PS.PROPOSED, PS.SHORTLISTED, PS.NOT_ADOPTED):
        raise ConflictError(_("该项目不在甄别阶段。"))
    note = _text(note, "note", _("甄别意见"), 500, required=not shortlist)
    with transaction.atomic():
        before = project.state
        if shortlist:
            unit = _unit(responsible_unit or project.responsible_unit, programme)
            if unit is None:
                raise ValidationFailed(_("列入候选须确定责任单位。"), field="responsible_unit")
            count = CandidateProject.objects.filter(programme=programme, state=PS.SHORTLISTED).exclude(
                pk=project.pk
            )
            if count.count() >= programme.shortlist_size:
                raise ValidationFailed(
                    _("候选项目已满%(n)d项,请先调出其他项目。") % {"n": programme.shortlist_size},
                    field="__all__",
                )
            project.responsible_unit = unit
            if budget not in (None, ""):
                project.budget = _budget(budget)
            project.state = PS.SHORTLISTED
        else:
            project.state = PS.NOT_ADOPTED
        project.screening_note = note
        project.save()
        _audit(actor, "livelihood.screen", project, programme.congress, before=before, state=project.state,
               note=note)  # fmt: skip
    return project


def presidium_decide(
    *, actor: Any, programme: LivelihoodProgramme, agreed: Iterable[CandidateProject], note: str, on: dt.date
) -> LivelihoodProgramme:
    """主席团审议: the presidium agrees to put the shortlisted projects (all, or some) to the vote."""
    ensure_manages(actor, programme.congress_id)
    note = _text(note, "note", _("主席团审议意见"), 2000)
    agreed_ids = {p.pk for p in agreed}
    with transaction.atomic():
        p = _lock(programme)
        if p.stage != Stage.PRESIDIUM:
            raise ConflictError(_("当前不是主席团审议阶段。"))
        rows = list(CandidateProject.objects.filter(programme=p, state__in=[PS.SHORTLISTED, PS.PRESIDIUM_AGREED,
                                                                             PS.PRESIDIUM_DROPPED]))  # fmt: skip
        if not agreed_ids <= {r.pk for r in rows}:
            raise ValidationFailed(_("只能从候选项目中选择。"), field="agreed")
        if len(agreed_ids) <= p.seats:
            raise ValidationFailed(
                _("提交票决的项目应多于票决项目数(%(n)d项),实行差额票决。") % {"n": p.seats}, field="agreed"
            )
        for row in rows:
            row.state = PS.PRESIDIUM_AGREED if row.pk in agreed_ids else PS.PRESIDIUM_DROPPED
            row.save(update_fields=["state"])
        p.presidium_note = note
        p.presidium_on = on or clock.today()
        p.save(update_fields=["presidium_note", "presidium_on"])
        _audit(actor, "livelihood.presidium", p, p.congress, agreed=sorted(agreed_ids), note=note)
    return p


def project_set_major(*, actor: Any, project: CandidateProject, is_major: bool) -> CandidateProject:
    """列为重大民生议案 (R31): one or two of the projects the deputies passed."""
    ensure_manages(actor, project.programme.congress_id)
    if project.state not in CHOSEN:
        raise ConflictError(_("只有代表票决通过的项目可以列为重大民生议案。"))
    with transaction.atomic():
        project.is_major = bool(is_major)
        project.save(update_fields=["is_major"])
        _audit(actor, "livelihood.major", project, project.programme.congress, is_major=project.is_major)
    return project


CHOSEN = [PS.PASSED, PS.IMPLEMENTING, PS.COMPLETED, PS.EVALUATED]


# --- the ballot -----------------------------------------------------------------------------------


def ballot_agenda_item(programme: LivelihoodProgramme) -> Any:
    """The plenary's agenda item for this programme's ballot, if the meeting put one on its agenda."""
    from renda.meetings.models import AgendaItem

    return (
        AgendaItem.objects.filter(
            kind=AGENDA_KIND, subject_type="livelihood.programme", subject_id=programme.pk
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        .first()
    )


def ballot_create(
    *, actor: Any, programme: LivelihoodProgramme, method: str = "secret", runoff: bool = False
) -> Any:
    """Set up the deputies' ballot (an election: each chooses up to ``seats``), or the run-off among the
    projects tied across the last seat."""
    from renda.voting.choices import OptionSet, VoteState
    from renda.voting.services import vote_create

    ensure_manages(actor, programme.congress_id)
    with transaction.atomic():
        p = _lock(programme)
        if p.stage != Stage.VOTING:
            raise ConflictError(_("当前不是代表大会票决阶段。"))
        if runoff:
            if p.ballot is None or p.ballot.state != VoteState.CLOSED or p.runoff_id is not None:
                raise ConflictError(_("只有票决结束且有票数相同的项目时才能再次投票。"))
            if p.tie_rule != TieRule.RUNOFF:
                raise ConflictError(_("本年度规定票数相同时由主席团研究决定。"))
            candidates = list(CandidateProject.objects.filter(programme=p, state=PS.TIED).order_by("pk"))
            seats = p.seats - CandidateProject.objects.filter(programme=p, state=PS.PASSED).count()
            title = _("%(title)s(票数相同项目再次投票)") % {"title": p.title}
        else:
            if p.ballot_id is not None:
                raise ConflictError(_("票决已经设立。"))
            candidates = list(
                CandidateProject.objects.filter(programme=p, state=PS.PRESIDIUM_AGREED).order_by("pk")
            )
            seats = p.seats
            title = p.title
        if len(candidates) < 1 or seats < 1 or seats > len(candidates):
            raise ValidationFailed(_("候选项目不足,不能设立票决。"))
        item = ballot_agenda_item(p)
        if item is not None and p.agenda_item_id != item.pk:
            p.agenda_item = item
        vote = vote_create(
            actor=actor,
            congress=p.congress,
            owner_code=OWNER_BALLOT,
            owner_id=p.pk,
            title=title[:200],
            method=method,
            option_set=OptionSet.ELECTION,
            rule_code=p.pass_rule,
            seats=seats,
            candidates=[c.title for c in candidates],
        )
        if runoff:
            p.runoff = vote
        else:
            p.ballot = vote
        p.save(update_fields=["agenda_item", "ballot", "runoff"])
        _audit(actor, "livelihood.ballot_create", p, p.congress, vote=vote.pk, runoff=runoff, seats=seats)
    return vote


def on_ballot_closed(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    """The vote owner's hook, inside the closing transaction: write the winners."""
    p = _lock(LivelihoodProgramme.objects.get(pk=vote.owner_id))
    is_runoff = p.runoff_id == vote.pk
    if not is_runoff and p.ballot_id != vote.pk:
        return
    names = {c.key: c.name for c in vote.candidates.all()}
    states = [PS.TIED] if is_runoff else [PS.PRESIDIUM_AGREED]
    by_title = {x.title: x for x in CandidateProject.objects.filter(programme=p, state__in=states)}
    counts = result.get("counts", {})
    winners = {names[k] for k in result.get("winners", []) if k in names}
    tied = {names[k] for k in result.get("tied", []) if k in names}
    ranked = sorted(by_title.values(), key=lambda x: (-int(counts.get(_key(names, x.title), 0)), x.pk))
    offset = CandidateProject.objects.filter(programme=p, state=PS.PASSED).count() if is_runoff else 0
    for i, project in enumerate(ranked, start=1):
        n = int(counts.get(_key(names, project.title), 0))
        if is_runoff:
            project.screening_note = _("再次投票得%(n)d票") % {"n": n}
        else:
            project.votes = n
        project.rank = offset + i
        project.state = (
            PS.PASSED if project.title in winners else PS.TIED if project.title in tied else PS.FAILED
        )
        project.save(update_fields=["votes", "rank", "state", "screening_note"])
    p.voted_on = clock.today()
    if tied:
        fallback = is_runoff or p.tie_rule == TieRule.PRESIDIUM
        p.tie_note = (
            _("%(names)s票数相同,由主席团研究决定。") if fallback else _("%(names)s票数相同,须再次投票。")
        ) % {"names": "、".join(sorted(tied))}
        p.save(update_fields=["voted_on", "tie_note"])
    else:
        p.save(update_fields=["voted_on"])
        _start_implementation(actor, p)
    _audit(actor, "livelihood.ballot_result", p, p.congress, vote=vote.pk, passed=sorted(winners),
           tied=sorted(tied), runoff=is_runoff)  # fmt: skip


def _key(names: dict[str, str], title: str) -> str:
    for key, name in names.items():
        if name == title:
            return key
    return ""


def tie_resolve(
    *, actor: Any, programme: LivelihoodProgramme, chosen: Sequence[CandidateProject], note: str
) -> LivelihoodProgramme:
    """主席团研究决定: the presidium chooses among the tied projects for the seats left, recorded."""
    ensure_manages(actor, programme.congress_id)
    note = _text(note, "note", _("主席团决定"), 2000)
    with transaction.atomic():
        p = _lock(programme)
        tied = list(CandidateProject.objects.filter(programme=p, state=PS.TIED))
        if p.stage != Stage.VOTING or not tied:
            raise ConflictError(_("没有票数相同待定的项目。"))
        if p.tie_rule == TieRule.RUNOFF and p.runoff_id is None:
            raise ConflictError(_("本年度规定票数相同时再次投票,请先组织再次投票。"))
        seats = p.seats - CandidateProject.objects.filter(programme=p, state=PS.PASSED).count()
        chosen_ids = {c.pk for c in chosen}
        if not chosen_ids <= {t.pk for t in tied}:
            raise ValidationFailed(_("只能从票数相同的项目中选择。"), field="chosen")
        if len(chosen_ids) != min(seats, len(tied)):
            raise ValidationFailed(_("应选择%(n)d个项目。") % {"n": min(seats, len(tied))}, field="chosen")
        for row in tied:
            row.state = PS.PASSED if row.pk in chosen_ids else PS.FAILED
            row.save(update_fields=["state"])
        p.tie_note = (p.tie_note + "\n" if p.tie_note else "") + _("主席团决定:") + note
        p.save(update_fields=["tie_note"])
        _audit(actor, "livelihood.tie_resolve", p, p.congress, chosen=sorted(chosen_ids), note=note)
        _start_implementation(actor, p)
    return p


def _start_implementation(actor: Any, p: LivelihoodProgramme) -> None:
    """Open the follow-up case of every passed project, assigned to its responsible unit."""
    from renda.cases.services import case_assign, case_create

    deadline = dt.date(p.year, 12, 31)
    if deadline <= clock.today():
        deadline = clock.today() + dt.timedelta(days=90)
    for project in CandidateProject.objects.filter(programme=p, state=PS.PASSED).select_related(
        "responsible_unit"
    ):
        case = case_create(
            actor=actor,
            congress=p.congress,
            kind=KIND,
            title=project.title,
            body=project.description,
            submitted=True,
            year=p.year,
        )
        project.case = case
        project.state = PS.IMPLEMENTING
        project.save(update_fields=["case", "state"])
        case_assign(
            actor=actor,
            case=case,
            lead=project.responsible_unit,
            deadline=deadline,
            note=_("%(year)d年民生实事项目,经代表大会票决通过,请按计划实施并按月报告进展。")
            % {"year": p.year},
        )
    p.stage = Stage.IMPLEMENTING
    p.implementation_started_on = clock.today()
    p.save(update_fields=["stage", "implementation_started_on"])


# --- follow-up: inspections, completion, evaluation -----------------------------------------------


def can_inspect(user: Any, project: CandidateProject) -> bool:
    cid = project.programme.congress_id
    return can_manage(user, cid) or is_deputy_of(user, cid)


def inspection_record(
    *,
    actor: Any,
    project: CandidateProject,
    visited_on: dt.date,
    deputies: str,
    findings: str,
    photos: Sequence[Any] = (),
) -> InspectionVisit:
    """代表视察: the deputies' visit to a project under way, with photos (the case's attachments)."""
    from renda.cases.services import attachment_add

    if not can_inspect(actor, project):
        raise PermissionDeniedError(_("只有本级人大代表或工作人员可以记录视察。"))
    if project.case_id is None or project.state not in (PS.IMPLEMENTING, PS.COMPLETED):
        raise ConflictError(_("项目尚未进入实施阶段。"))
    if visited_on is None:
        raise ValidationFailed(_("请填写视察日期。"), field="visited_on")
    if visited_on > clock.today():
        raise ValidationFailed(_("视察日期不能晚于今天。"), field="visited_on")
    deputies = _text(deputies, "deputies", _("参加代表"), 300)
    findings = _text(findings, "findings", _("视察意见"), 3000)
    with transaction.atomic():
        visit = InspectionVisit.objects.create(
            project=project,
            visited_on=visited_on,
            deputies=deputies,
            findings=findings,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        for photo in photos:
            if photo:
                visit.photos.add(attachment_add(actor=actor, case=project.case, file=photo))
        _audit(actor, "livelihood.inspection", project, project.programme.congress,
               visited_on=visited_on.isoformat(), deputies=deputies, photos=visit.photos.count())  # fmt: skip
    return visit


def on_replied(case: Any) -> None:
    """The unit's year-end report (its reply) marks the project completed, awaiting the evaluation."""
    CandidateProject.objects.filter(case=case, state=PS.IMPLEMENTING).update(state=PS.COMPLETED)


def evaluation_rater() -> User:
    """The account the engine records the deputies' satisfaction vote under (no password, no role)."""
    user = User.objects.filter(username=EVALUATION_RATER_USERNAME).first()
    if user is None:
        user = User(username=EVALUATION_RATER_USERNAME, full_name=_("人大代表满意度测评"), is_active=True)
        user.set_unusable_password()
        user.save()
    return user


def evaluation_create(*, actor: Any, project: CandidateProject, method: str = "secret") -> Any:
    """年终测评: the deputies' satisfaction vote on one completed project."""
    from renda.voting.choices import OptionSet
    from renda.voting.rules import SATISFIED_MAJORITY_OF_PRESENT
    from renda.voting.services import vote_create

    p = project.programme
    ensure_manages(actor, p.congress_id)
    if p.stage != Stage.EVALUATING:
        raise ConflictError(_("当前不是年终满意度测评阶段。"))
    with transaction.atomic():
        project = CandidateProject.objects.select_for_update().get(pk=project.pk)
        if project.state != PS.COMPLETED:
            raise ConflictError(_("责任单位尚未报告项目完成情况,不能测评。"))
        if project.evaluation_id is not None and project.evaluation.state != "closed":
            raise ConflictError(_("该项目的满意度测评正在进行。"))
        vote = vote_create(
            actor=actor,
            congress=p.congress,
            owner_code=OWNER_EVALUATION,
            owner_id=project.pk,
            title=_("对“%(title)s”实施情况的满意度测评") % {"title": project.title},
            method=method,
            option_set=OptionSet.SATISFACTION,
            rule_code=SATISFIED_MAJORITY_OF_PRESENT,
        )
        project.evaluation = vote
        project.save(update_fields=["evaluation"])
        _audit(actor, "livelihood.evaluation_create", project, p.congress, vote=vote.pk)
    return vote


def satisfaction_percent(counts: dict[str, int], ballots: int) -> Decimal:
    good = int(counts.get("satisfied", 0)) + int(counts.get("basic", 0))
    if ballots <= 0:
        return Decimal("0.00")
    return (Decimal(good * 100) / Decimal(ballots)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def on_evaluation_closed(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    """Rate the unit's year-end report with the deputies' satisfaction (满意 + 基本满意 of the ballots)."""
    from renda.cases.models import Reply
    from renda.cases.services import case_rate

    project = CandidateProject.objects.select_for_update().get(pk=vote.owner_id)
    if project.evaluation_id != vote.pk:
        return
    percent = satisfaction_percent(result.get("counts", {}), int(result.get("ballots", 0)))
    reply = (
        Reply.objects.filter(case_id=project.case_id, rating__isnull=True)
        .order_by("-replied_at", "-pk")
        .first()
    )
    project.satisfaction = percent
    if reply is not None:
        rating = case_rate(actor=evaluation_rater(), reply=reply, value=str(percent),
                           comment=_("代表满意度测评:满意和基本满意占%(p)s%%") % {"p": percent})  # fmt: skip
        project.state = PS.EVALUATED if rating.outcome == "pass" else PS.IMPLEMENTING
    project.save(update_fields=["satisfaction", "state"])
    _audit(actor, "livelihood.evaluated", project, project.programme.congress, satisfaction=str(percent),
           state=project.state)  # fmt: skip


def next_stage(stage: str) -> str | None:
    i = STAGE_ORDER.index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None
