"""The writers of deliberation opinions (审议意见). Each takes ``actor=``, checks permission and scope,
runs in one transaction and writes the audit trail (on the opinion's case, so the case page's timeline
shows every round). The handling steps (签收, the report as the engine's reply and its sign-off,
extensions, returns) are the case engine's services, taken on the case page.

``opinion_create`` is the entry point for other areas (the reports area starts an opinion from a
received statutory report with ``source_kind="statutory_report", source_id=<its id>``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases import services as engine
from renda.cases.calendar import WorkCalendar
from renda.cases.choices import ANSWERING_ROLES, AssignmentState
from renda.cases.models import Reply
from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind, Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of

from . import ratingrules_opinions as rules
from .models.opinions import (
    Opinion,
    OpinionInstrument,
    OpinionRating,
    OpinionRatingSource,
    OpinionReport,
    OpinionReportKind,
    OpinionRuleVersion,
    OpinionSetting,
)
from .policy_opinions import KIND, OpinionState, rating_actor

logger = logging.getLogger("renda.oversight")
COMMITTEE_KINDS = (OrganizationKind.COMMITTEE, OrganizationKind.CONGRESS_OFFICE)
SETTING_FIELDS = ("compile_working_days", "report_months", "rehandle_months")


# --- configuration ---------------------------------------------------------------------------------


def opinion_setting(congress_id: int) -> OpinionSetting:
    setting = OpinionSetting.objects.filter(congress_id=congress_id).first()
    return setting if setting is not None else OpinionSetting(congress_id=congress_id)


def _ensure_staff(actor: Any, congress_id: int, message: str) -> None:
    if not scope_of(actor).has_in(congress_id, Role.STAFF):
        raise PermissionDeniedError(message)


def opinion_setting_update(*, actor: Any, congress: Congress, **values: Any) -> OpinionSetting:
    """Set the area's deadlines for a congress (staff of that congress)."""
    _ensure_staff(actor, congress.pk, _("只有本级人大工作人员可以修改审议意见工作参数。"))
    limits = {"compile_working_days": (1, 60), "report_months": (1, 12), "rehandle_months": (1, 12)}
    labels = {
        "compile_working_days": _("会后整理审议意见的工作日数"),
        "report_months": _("报告研究处理情况的期限(月)"),
        "rehandle_months": _("继续整改后再次报告的期限(月)"),
    }
    with transaction.atomic():
        setting, _created = OpinionSetting.objects.select_for_update().get_or_create(congress=congress)
        before = {f: getattr(setting, f) for f in SETTING_FIELDS}
        for name, value in values.items():
            if name not in SETTING_FIELDS:
                continue
            low, high = limits[name]
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = -1
            if not low <= number <= high:
                raise ValidationFailed(
                    _("%(label)s须在%(low)d到%(high)d之间。")
                    % {"label": labels[name], "low": low, "high": high},
                    field=name,
                )
            setattr(setting, name, number)
        setting.save()
        record_event(
            actor=actor,
            action="opinion.settings",
            target=setting,
            congress=congress,
            before=before,
            after={f: getattr(setting, f) for f in SETTING_FIELDS},
        )
    return setting


def current_rule(congress_id: int, on: dt.date | None = None) -> tuple[str, int, dict[str, Any]]:
    """``(rule code, version, parameters)`` in force on ``on`` (today): the latest version started by
    then; version 0 is the registry's default rule with its default thresholds."""
    on = on or clock.today()
    row = (
        OpinionRuleVersion.objects.filter(congress_id=congress_id, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if row is None:
        rule = rules.get_rating_rule(rules.DEFAULT_RULE)
        assert rule is not None
        return rule.code, 0, dict(rule.defaults)
    rule = rules.get_rating_rule(row.rule_code)
    defaults = dict(rule.defaults) if rule else {}
    return row.rule_code, row.version, {**defaults, **(row.params or {})}


def rating_rule_set(
    *,
    actor: Any,
    congress: Congress,
    rule_code: str,
    params: Mapping[str, Any] | None = None,
    effective_from: dt.date | None = None,
    note: str = "",
) -> OpinionRuleVersion:
    """A new version of the congress's rating rule (staff). Earlier ratings keep their own version."""
    _ensure_staff(actor, congress.pk, _("只有本级人大工作人员可以设置满意度测评规则。"))
    rule = rules.get_rating_rule(rule_code)
    if rule is None:
        raise ValidationFailed(_("请选择测评规则。"), field="rule_code")
    clean: dict[str, Any] = {}
    for key, default in rule.defaults.items():
        value = (params or {}).get(key, default)
        if isinstance(default, bool):
            clean[key] = value in (True, "on", "true", "1", 1)
        else:
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = -1
            if not 0 < number <= 100:
                raise ValidationFailed(
                    _("%(label)s须在0到100之间。") % {"label": rule.param_labels.get(key, key)}, field=key
                )
            clean[key] = int(number) if number == int(number) else number
    if "pass_at" in clean and "escalate_below" in clean and clean["escalate_below"] > clean["pass_at"]:
        raise ValidationFailed(_("通报线不能高于通过线。"), field="escalate_below")
    effective_from = effective_from or clock.today()
    with transaction.atomic():
        last = (
            OpinionRuleVersion.objects.select_for_update()
            .filter(congress=congress)
            .order_by("-version")
            .first()
        )
        row = OpinionRuleVersion.objects.create(
            congress=congress,
            version=(last.version + 1) if last else 1,
            rule_code=rule.code,
            params=clean,
            effective_from=effective_from,
            note=(note or "").strip()[:300],
            created_by=actor,
            created_at=clock.now(),
        )
        record_event(
            actor=actor,
            action="opinion.rule_set",
            target=row,
            congress=congress,
            after={"version": row.version, "rule": rule.code, "params": clean, "from": str(effective_from)},
        )
    return row


# --- creating and compiling --------------------------------------------------------------------------


def _calendar(congress_id: int) -> WorkCalendar:
    return WorkCalendar(congress_id=congress_id)


def opinion_create(
    *,
    actor: Any,
    congress: Congress,
    report_kind: str,
    report_title: str,
    reporting_body: Organization,
    meeting: Any = None,
    source_kind: str = "",
    source_id: int | None = None,
    responsible_committee: Organization | None = None,
    deliberated_on: dt.date | None = None,
    remarks: str = "",
    text: str = "",
    title: str = "",
) -> Opinion:
    """Register the opinion born of a standing-committee meeting's deliberation of a report.

    Staff of the congress. ``reporting_body`` is the body that reported (government, a department,
    the court …) and gets the opinion; ``meeting`` the standing-committee meeting (its date is the
    deliberation date unless ``deliberated_on`` is given); ``source_kind``/``source_id`` name the record
    it came from in another area. The compiling deadline is the congress's number of working days after
    the deliberation.
    """
    _ensure_staff(actor, congress.pk, _("只有本级人大工作人员可以整理审议意见。"))
    if report_kind not in OpinionReportKind.values:
        raise ValidationFailed(_("请选择报告类别。"), field="report_kind")
    report_title = (report_title or "").strip()
    if not report_title or len(report_title) > 200:
        raise ValidationFailed(_("请填写审议的报告名称(不超过200字)。"), field="report_title")
    if (
        reporting_body is None
        or reporting_body.congress_id != congress.pk
        or not reporting_body.is_active
        or reporting_body.kind not in HANDLING_UNIT_KINDS
    ):
        raise ValidationFailed(_("请选择本级的报告机关。"), field="reporting_body")
    if responsible_committee is not None and (
        responsible_committee.congress_id != congress.pk or responsible_committee.kind not in COMMITTEE_KINDS
    ):
        raise ValidationFailed(
            _("负责的委员会须是本级人大的专门委员会或工作机构。"), field="responsible_committee"
        )
    if meeting is not None and meeting.congress_id != congress.pk:
        raise ValidationFailed(_("审议的会议须是本级人大常委会的会议。"), field="meeting")
    source_kind = (source_kind or "").strip()
    if source_kind and source_id is None:
        raise ValidationFailed(_("请填写来源编号。"), field="source_id")
    if deliberated_on is None:
        if meeting is not None:
            from django.utils import timezone

            deliberated_on = timezone.localtime(meeting.starts_at).date()
        else:
            deliberated_on = clock.today()
    if deliberated_on > clock.today():
        raise ValidationFailed(_("审议日期不能晚于今天。"), field="deliberated_on")
    title = (title or "").strip() or _("对《%(report)s》的审议意见") % {"report": report_title}
    setting = opinion_setting(congress.pk)
    compile_due = _calendar(congress.pk).add_working_days(deliberated_on, setting.compile_working_days)
    with transaction.atomic():
        case = engine.case_create(
            actor=actor,
            congress=congress,
            kind=KIND,
            title=title[:200],
            body=(text or "").strip(),
            origin_organization=responsible_committee,
            year=deliberated_on.year,
        )
        opinion = Opinion.objects.create(
            case=case,
            report_kind=report_kind,
            report_title=report_title,
            reporting_body=reporting_body,
            responsible_committee=responsible_committee,
            meeting=meeting,
            deliberated_on=deliberated_on,
            source_kind=source_kind,
            source_id=source_id if source_kind else None,
            remarks=(remarks or "").strip(),
            text=(text or "").strip(),
            compile_due=compile_due,
        )
        record_event(
            actor=actor,
            action="opinion.create",
            target=case,
            after={
                "report_kind": report_kind,
                "report_title": report_title,
                "unit_id": reporting_body.pk,
                "compile_due": str(compile_due),
                "source": f"{source_kind}:{source_id}" if source_kind else "",
            },
        )
    return opinion


def _case(opinion: Opinion) -> Any:
    """The opinion's case read afresh (a cached one may be behind the engine's last step)."""
    from renda.cases.models import Case

    return Case.objects.get(pk=opinion.case_id)


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().select_related("case").get(pk=opinion.pk)


def opinion_update(*, actor: Any, opinion: Opinion, text: str, remarks: str | None = None) -> Opinion:
    """Staff compile the members' remarks into the opinion while it is being drafted."""
    case = opinion.case
    _ensure_staff(actor, case.congress_id, _("只有本级人大工作人员可以整理审议意见。"))
    with transaction.atomic():
        opinion = _lock(opinion)
        if opinion.case.state != OpinionState.DRAFTING:
            raise ConflictError(_("审议意见已送签,不能再修改;如需修改请由领导退回。"))
        before = {"length": len(opinion.text)}
        opinion.text = (text or "").strip()
        if remarks is not None:
            opinion.remarks = (remarks or "").strip()
        opinion.save(update_fields=["text", "remarks"])
        record_event(
            actor=actor,
            action="opinion.update",
            target=opinion.case,
            before=before,
            after={"length": len(opinion.text)},
        )
    return opinion


def opinion_submit(*, actor: Any, opinion: Opinion, text: str | None = None) -> Opinion:
    """送签: the compiled text goes to a leader for sign-off."""
    if text is not None:
        opinion = opinion_update(actor=actor, opinion=opinion, text=text)
    if len((opinion.text or "").strip()) < 10:
        raise ValidationFailed(_("请填写审议意见正文(不少于10个字)后再送签。"), field="text")
    with transaction.atomic():
        engine.case_transition(actor=actor, case=_case(opinion), name="submit")
        Opinion.objects.filter(pk=opinion.pk).update(submitted_at=clock.now())
    return Opinion.objects.select_related("case").get(pk=opinion.pk)


def opinion_approve(*, actor: Any, opinion: Opinion, letter_number: str = "") -> Opinion:
    """签发: a leader of the congress signs the opinion off; it can then be assigned."""
    letter_number = (letter_number or "").strip()
    if len(letter_number) > 60:
        raise ValidationFailed(_("交办函文号不超过60字。"), field="letter_number")
    with transaction.atomic():
        engine.case_transition(actor=actor, case=_case(opinion), name="approve")
        opinion = _lock(opinion)
        opinion.signed_off_at = clock.now()
        opinion.signed_off_by = actor
        opinion.letter_number = letter_number or opinion.letter_number
        opinion.save(update_fields=["signed_off_at", "signed_off_by", "letter_number"])
        # the body of the case is the signed text
        from renda.cases.models import Case

        Case.objects.filter(pk=opinion.case_id).update(body=opinion.text)
    return Opinion.objects.select_related("case").get(pk=opinion.pk)


def opinion_assign(
    *,
    actor: Any,
    opinion: Opinion,
    deadline: dt.date | None = None,
    co_handlers: Sequence[Organization] = (),
    note: str = "",
) -> Opinion:
    """交办 to the reporting body; the deadline defaults to the congress's months (3) from today."""
    engine.case_assign(
        actor=actor,
        case=_case(opinion),
        lead=opinion.reporting_body,
        co_handlers=list(co_handlers),
        deadline=deadline,
        note=note,
    )
    return Opinion.objects.select_related("case").get(pk=opinion.pk)


def record_report(*, case: Any, reply: Reply, actor: Any) -> OpinionReport | None:
    """Called by the policy when the body's report is issued (inside the engine's transaction): the
    report's round and deadline; a report after its deadline is accepted and marked late."""
    opinion = Opinion.objects.filter(case_id=case.pk).first()
    if opinion is None:
        return None
    assignment = reply.assignment
    reported_on = clock.today()
    deadline = assignment.deadline or reported_on
    report = OpinionReport.objects.create(
        opinion=opinion,
        reply=reply,
        # each report is a round: after rectification (the engine's round + 1) and after a pass on a
        # report still in progress (follow-up, the same engine round) alike
        round=opinion.reports.count() + 1,
        deadline=deadline,
        reported_on=reported_on,
        is_late=reported_on > deadline,
    )
    if report.is_late:
        record_event(
            actor=actor,
            action="opinion.report_late",
            target=case,
            after={"round": report.round, "deadline": str(deadline), "days_late": report.days_late},
        )
    return report


def _may_comment(actor: Any, opinion: Opinion) -> bool:
    """The responsible committee's staff (or the office's, for an opinion without one)."""
    scope = scope_of(actor)
    case = opinion.case
    if not scope.has_in(case.congress_id, Role.STAFF):
        return False
    if opinion.responsible_committee_id is None:
        return True
    from renda.core.models import Membership

    mine = set(
        Membership.objects.filter(
            user_id=actor.pk, role=Role.STAFF, organization__congress_id=case.congress_id
        ).values_list("organization_id", flat=True)
    )
    office = set(
        Organization.objects.filter(pk__in=mine, kind=OrganizationKind.CONGRESS_OFFICE).values_list(
            "pk", flat=True
        )
    )
    return opinion.responsible_committee_id in mine or bool(office)


def opinion_comment(*, actor: Any, opinion: Opinion, comment: str) -> Opinion:
    """The responsible committee comments on the body's report; the report then goes to the rating."""
    comment = (comment or "").strip()
    if len(comment) < 5:
        raise ValidationFailed(_("请填写委员会对研究处理情况报告的意见(不少于5个字)。"), field="comment")
    if not _may_comment(actor, opinion):
        raise PermissionDeniedError(_("只有负责的委员会工作人员可以对办理情况报告提出意见。"))
    with transaction.atomic():
        engine.case_transition(actor=actor, case=_case(opinion), name="comment", note=comment[:500])
        opinion = _lock(opinion)
        opinion.committee_comment = comment
        opinion.committee_commented_at = clock.now()
        opinion.save(update_fields=["committee_comment", "committee_commented_at"])
    return opinion


# --- the rating -------------------------------------------------------------------------------------


def latest_report(opinion: Opinion) -> Reply | None:
    """The latest reply of the lead assignment waiting for its rating."""
    assignment = (
        opinion.case.assignments.filter(role__in=ANSWERING_ROLES, state=AssignmentState.REPLIED)
        .order_by("-id")
        .first()
    )
    if assignment is None:
        return None
    reply = assignment.replies.order_by("-replied_at", "-id").first()
    if reply is None or hasattr(reply, "rating"):
        return None
    return reply


def rating_record(
    *,
    actor: Any,
    opinion: Opinion,
    counts: rules.Counts,
    source: str = OpinionRatingSource.COUNTS,
    vote: Any = None,
    meeting: Any = None,
    ballots: int | None = None,
    note: str = "",
) -> OpinionRating:
    """The standing committee's rating of the body's report, from a closed satisfaction vote or from
    the counts of a paper ballot or a show of hands entered by staff.

    Refuses counts above the members or that do not add up (naming the figures). Applies the rule in
    force (the congress's version), keeps the raw counts, the rule, its version and parameters; the
    engine then closes the case, keeps it under follow-up, or sends it back for rectification (a second
    failure or a share below the escalation line → a circular is due and a stronger instrument).
    """
    case = _case(opinion)
    scope = scope_of(actor)
    if source == OpinionRatingSource.COUNTS and not scope.has_in(case.congress_id, Role.STAFF):
        raise PermissionDeniedError(_("只有本级人大工作人员可以录入满意度测评票数。"))
    if source == OpinionRatingSource.VOTE and not scope.has_in(case.congress_id, Role.STAFF, Role.LEADER):
        raise PermissionDeniedError(_("只有本级人大工作人员或领导可以主持满意度测评。"))
    if source not in OpinionRatingSource.values:
        raise ValidationFailed(_("测评方式不正确。"), field="source")
    if case.state != OpinionState.REVIEWED:
        raise ConflictError(
            _("审议意见当前状态为“%(state)s”,委员会提出意见后才能测评。")
            % {"state": case.get_state_display()}
        )
    rules.check_counts(counts, ballots)
    note = (note or "").strip()[:300]
    today = clock.today()
    code, version, params = current_rule(case.congress_id, today)
    verdict = rules.evaluate(code, counts, params)
    with transaction.atomic():
        opinion = _lock(opinion)
        reply = latest_report(opinion)
        if reply is None:
            raise ConflictError(_("没有待测评的研究处理情况报告。"))
        report = OpinionReport.objects.filter(reply=reply).first()
        if report is None:  # a report issued before this area recorded rounds
            report = record_report(case=opinion.case, reply=reply, actor=actor)
        with rating_actor(actor):
            case_rating = engine.case_rate(actor=actor, reply=reply, value=verdict, comment=verdict.detail)
        case = type(opinion.case).objects.get(pk=opinion.case_id)
        escalated = verdict.outcome == rules.ESCALATE or (
            verdict.outcome != rules.PASS and case.on_special_inquiry
        )
        rating = OpinionRating.objects.create(
            opinion=opinion,
            report=report,
            case_rating=case_rating,
            round=report.round,
            source=source,
            vote=vote,
            meeting=meeting or opinion.meeting,
            rule_code=code,
            rule_version=version,
            rule_params=params,
            verdict=verdict.outcome if not escalated else rules.ESCALATE,
            level=verdict.level,
            percent=verdict.percent,
            escalated=escalated,
            rated_on=today,
            rated_by=actor,
            note=note,
            **counts.as_dict(),
        )
        if escalated and not opinion.circular_due:
            opinion.circular_due = True
            opinion.save(update_fields=["circular_due"])
        record_event(
            actor=actor,
            action="opinion.rate",
            target=case,
            after={
                **counts.as_dict(),
                "source": source,
                "vote_id": getattr(vote, "pk", None),
                "rule": code,
                "rule_version": version,
                "percent": f"{verdict.percent:.2f}",
                "verdict": rating.verdict,
                "level": verdict.level,
                "round": report.round,
                "escalated": escalated,
            },
        )
    return rating


def rating_from_vote(*, vote: Any, result: Mapping[str, Any], actor: Any) -> OpinionRating | None:
    """The vote owner's ``on_closed``: the closed satisfaction vote's counts become the rating."""
    from renda.meetings.models import AgendaItem

    from .selectors_opinions import SUBJECT_TYPE

    item = AgendaItem.objects.select_related("meeting").filter(pk=vote.owner_id).first()
    if item is None or item.subject_type != SUBJECT_TYPE or not item.subject_id:
        return None
    opinion = Opinion.objects.select_related("case").filter(pk=item.subject_id).first()
    if opinion is None:
        return None
    counts = rules.vote_counts(result)
    if _case(opinion).state != OpinionState.REVIEWED or counts.cast == 0:
        # Rated meanwhile from counts, or nobody voted: the vote closes, no second rating is made.
        logger.warning("satisfaction vote %s closed without a rating (opinion %s)", vote.pk, opinion.pk)
        return None
    return rating_record(
        actor=actor,
        opinion=opinion,
        counts=counts,
        source=OpinionRatingSource.VOTE,
        vote=vote,
        meeting=item.meeting,
    )


def satisfaction_vote_create(*, actor: Any, item: Any, method: str = "secret") -> Any:
    """Set up the satisfaction vote of an agenda item about an opinion (the chair opens and closes it
    on the voting pages; closing writes the rating)."""
    from renda.voting.choices import OptionSet, VoteState
    from renda.voting.models import Vote
    from renda.voting.services import vote_create

    from .selectors_opinions import SUBJECT_TYPE, VOTE_OWNER

    if item.subject_type != SUBJECT_TYPE or not item.subject_id:
        raise ValidationFailed(_("该议程没有关联审议意见。"), field="item")
    opinion = Opinion.objects.select_related("case").filter(pk=item.subject_id).first()
    if opinion is None or opinion.case.congress_id != item.meeting.congress_id:
        raise ValidationFailed(_("该议程关联的审议意见不存在。"), field="item")
    if opinion.case.state != OpinionState.REVIEWED:
        raise ConflictError(_("委员会对研究处理情况报告提出意见后,才能进行满意度测评。"))
    if Vote.objects.filter(owner_code=VOTE_OWNER, owner_id=item.pk).exclude(state=VoteState.CLOSED).exists():
        raise ConflictError(_("本议程已有未结束的满意度测评。"))
    code, _version, _params = current_rule(opinion.case.congress_id)
    return vote_create(
        actor=actor,
        congress=item.meeting.congress,
        owner_code=VOTE_OWNER,
        owner_id=item.pk,
        title=_("对《%(title)s》研究处理情况报告的满意度测评") % {"title": opinion.case.title[:150]},
        method=method,
        option_set=OptionSet.SATISFACTION,
        rule_code=f"opinion_{code}",
    )


# --- the circular -----------------------------------------------------------------------------------


def opinion_circular_issue(*, actor: Any, opinion: Opinion, text: str, instrument: str) -> Opinion:
    """通报: after a rating below the escalation line or a second failure, staff issue the circular and
    propose the stronger instrument (inquiry, interpellation or special investigation)."""
    _ensure_staff(actor, opinion.case.congress_id, _("只有本级人大工作人员可以发出通报。"))
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationFailed(_("请填写通报内容(不少于10个字)。"), field="text")
    if instrument not in OpinionInstrument.values:
        raise ValidationFailed(_("请选择建议启动的监督方式。"), field="instrument")
    with transaction.atomic():
        opinion = _lock(opinion)
        if not opinion.circular_due:
            raise ConflictError(_("测评结果未达到通报情形,不能发出通报。"))
        if opinion.circular_issued_at is not None:
            raise ConflictError(_("通报已经发出。"))
        opinion.circular_text = text
        opinion.proposed_instrument = instrument
        opinion.circular_issued_at = clock.now()
        opinion.save(update_fields=["circular_text", "proposed_instrument", "circular_issued_at"])
        record_event(
            actor=actor,
            action="opinion.circular",
            target=opinion.case,
            after={"instrument": instrument, "length": len(text)},
        )
    return opinion
