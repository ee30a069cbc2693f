"""Records the election keeps beside its decisions: the consultation of the preliminary candidates
(酝酿、讨论、协商 — when, who took part, the outcome for each candidate), the qualification review
committee's written report (its text and the signed file), and appeals taken to a court (起诉: the
date, the court, the judgment — final, and applied to the register when it differs from the
committee's decision)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed

from .access import ensure_runs, ensure_staff
from .choices import (
    AppealDecision,
    AppealKind,
    CandidateStage,
    ConsultationForm,
    ConsultationOutcome,
    CourtOutcome,
    RemovalReason,
    VoterSource,
    VoterStatus,
)
from .models import (
    Appeal,
    Constituency,
    Consultation,
    ConsultationResult,
    CourtCase,
    Election,
    ReviewReport,
    Voter,
)

REPORT_MAX_MB = 20
COURT_DAYS_BEFORE = 5  # 选举法: 可以在选举日的五日以前向人民法院起诉


def _date(value: Any, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationFailed(_("请填写%(l)s。") % {"l": label}, field=field)
    return value


def consultation_record(
    *,
    actor: Any,
    constituency: Constituency,
    form: str,
    held_on: dt.date,
    participants: str,
    participant_count: int,
    outcomes: dict[int, str],
    notes: dict[int, str] | None = None,
    summary: str = "",
) -> Consultation:
    """One consultation of a constituency's preliminary candidates, with the outcome for each,
    held after the preliminary list and before the final one."""
    election = constituency.election
    ensure_runs(actor, election)
    if not election.preliminary_published_on:
        raise ConflictError(_("初步候选人名单公布后才能进行酝酿、讨论、协商。"), field="held_on")
    if form not in ConsultationForm.values:
        raise ValidationFailed(_("请选择形式(酝酿、讨论或协商)。"), field="form")
    held_on = _date(held_on, "held_on", _("日期"))
    if held_on < election.preliminary_published_on or held_on > clock.today():
        raise ValidationFailed(
            _("日期应在初步候选人名单公布(%(d)s)之后、不晚于今天。")
            % {"d": election.preliminary_published_on.isoformat()},
            field="held_on",
        )
    if election.final_published_on and held_on > election.final_published_on:
        raise ValidationFailed(_("正式候选人名单公布后不再酝酿协商。"), field="held_on")
    participants = (participants or "").strip()
    if not participants:
        raise ValidationFailed(_("请填写参加人员。"), field="participants")
    try:
        count = int(participant_count)
    except (TypeError, ValueError):
        count = 0
    if count <= 0:
        raise ValidationFailed(_("参加人数应为正整数。"), field="participant_count")
    pool = {c.pk: c for c in constituency.candidates.filter(stage__in=[CandidateStage.PRELIMINARY, CandidateStage.FORMAL,
                                                                        CandidateStage.NOT_SELECTED])}  # fmt: skip
    outcomes = {int(k): v for k, v in (outcomes or {}).items() if v}
    if not outcomes:
        raise ValidationFailed(_("请为初步候选人填写酝酿协商的意见。"), field="outcomes")
    for pk, value in outcomes.items():
        if pk not in pool:
            raise ValidationFailed(_("只能对本选区的初步候选人填写意见。"), field="outcomes")
        if value not in ConsultationOutcome.values:
            raise ValidationFailed(_("意见无效。"), field="outcomes")
    notes = notes or {}
    with transaction.atomic():
        item = Consultation.objects.create(
            election=election, constituency=constituency, form=form, held_on=held_on,
            participants=participants[:300], participant_count=count, summary=(summary or "").strip()[:4000],
            recorded_by=actor,
        )  # fmt: skip
        ConsultationResult.objects.bulk_create([
            ConsultationResult(consultation=item, candidate=pool[pk], outcome=value,
                               note=(notes.get(pk) or "").strip()[:300])
            for pk, value in outcomes.items()
        ])  # fmt: skip
        record_event(actor=actor, action="consultation.record", target=item, congress=election.congress,
                     after={"constituency": constituency.name, "form": form, "held_on": held_on, "participants": count,
                            "outcomes": {pool[pk].full_name: v for pk, v in outcomes.items()}})  # fmt: skip
    return item


def review_report_save(
    *, actor: Any, election: Election, adopted_on: dt.date, text: str, upload: Any = None
) -> ReviewReport:
    """The qualification review committee's written report: its text, and the signed file."""
    from renda.documents.uploads import check_file

    ensure_staff(actor, election.congress_id)
    if not election.results_published_on:
        raise ConflictError(_("选举结果公布后才能提交代表资格审查报告。"), field="text")
    adopted_on = _date(adopted_on, "adopted_on", _("审查日期"))
    if adopted_on < election.results_published_on or adopted_on > clock.today():
        raise ValidationFailed(_("审查日期应在选举结果公布之后、不晚于今天。"), field="adopted_on")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("请填写报告正文。"), field="text")
    checked = check_file(upload, max_mb=REPORT_MAX_MB, field="file") if upload else None
    with transaction.atomic():
        report = ReviewReport.objects.select_for_update(of=("self",)).filter(election=election).first()
        before = {"adopted_on": report.adopted_on, "file": report.original_name} if report else None
        if report is None:
            report = ReviewReport(election=election)
        report.adopted_on, report.text, report.recorded_by = adopted_on, text[:20000], actor
        if checked is not None:
            if report.file:
                report.file.delete(save=False)
            upload.seek(0)
            report.original_name, report.content_type, report.size = (
                checked.name,
                checked.content_type,
                checked.size,
            )
            report.file.save(checked.name, upload, save=False)
        report.save()
        record_event(actor=actor, action="review_report.save", target=election, congress=election.congress,
                     before=before, after={"adopted_on": adopted_on, "file": report.original_name})  # fmt: skip
    return report


def court_case_file(*, actor: Any, appeal: Appeal, filed_on: dt.date, court: str) -> CourtCase:
    """An appellant sues over the committee's decision (no later than five days before election day)."""
    election = appeal.election
    ensure_runs(actor, election)
    appeal = Appeal.objects.get(pk=appeal.pk)  # the decision as it stands
    if not appeal.decision:
        raise ConflictError(_("选举委员会对申诉作出处理决定后,申诉人不服的才能起诉。"), field="filed_on")
    filed_on = _date(filed_on, "filed_on", _("起诉日期"))
    latest = election.election_day - dt.timedelta(days=COURT_DAYS_BEFORE)
    if filed_on < appeal.decided_on or filed_on > latest:
        raise ValidationFailed(
            _("起诉应在处理决定(%(a)s)之后、选举日的五日以前(最迟%(b)s)。")
            % {"a": appeal.decided_on.isoformat(), "b": latest.isoformat()},
            field="filed_on",
        )
    court = (court or "").strip()
    if not court:
        raise ValidationFailed(_("请填写受理的人民法院。"), field="court")
    with transaction.atomic():
        if CourtCase.objects.filter(appeal=appeal).exists():
            raise ConflictError(_("该申诉已经登记起诉。"), field="court")
        case = CourtCase.objects.create(
            appeal=appeal, filed_on=filed_on, court=court[:100], recorded_by=actor
        )
        record_event(actor=actor, action="court_case.file", target=appeal, congress=election.congress,
                     after={"filed_on": filed_on, "court": court})  # fmt: skip
    return case


def court_case_judge(
    *, actor: Any, case: CourtCase, judged_on: dt.date, outcome: str, judgment: str, id_number: str = ""
) -> CourtCase:
    """The court's judgment (final). Where it differs from the committee's decision the register
    follows the judgment: an omitted person is registered, a wrongly listed one removed, or the
    committee's amendment undone."""
    from .register import voter_add, voter_remove

    appeal = case.appeal
    election = appeal.election
    ensure_runs(actor, election)
    if outcome not in (CourtOutcome.FOR_APPELLANT, CourtOutcome.AGAINST_APPELLANT):
        raise ValidationFailed(_("请选择判决结果。"), field="outcome")
    judged_on = _date(judged_on, "judged_on", _("判决日期"))
    if judged_on < case.filed_on or judged_on >= election.election_day:
        raise ValidationFailed(
            _("人民法院应在选举日(%(d)s)以前作出判决,判决日期不能早于起诉日期。")
            % {"d": election.election_day.isoformat()},
            field="judged_on",
        )
    judgment = (judgment or "").strip()
    if not judgment:
        raise ValidationFailed(_("请填写判决要旨。"), field="judgment")
    with transaction.atomic():
        locked = CourtCase.objects.select_for_update(of=("self",)).select_related("appeal").get(pk=case.pk)
        if locked.outcome:
            raise ConflictError(_("该诉讼已经登记判决。"), field="outcome")
        appeal = locked.appeal
        # The judgment differs from the committee when it supports an appellant the committee
        # rejected, or dismisses one the committee upheld.
        overturns = (outcome == CourtOutcome.FOR_APPELLANT) == (appeal.decision == AppealDecision.REJECTED)
        amendment: dict[str, Any] = {}
        if overturns and appeal.kind == AppealKind.OMITTED:
            if outcome == CourtOutcome.FOR_APPELLANT:
                voter = voter_add(actor=actor, election=election, constituency=appeal.constituency,
                                  full_name=appeal.subject_name, id_number=id_number, source=VoterSource.APPEAL)  # fmt: skip
                Appeal.objects.filter(pk=appeal.pk).update(voter=voter)
                amendment = {"added": voter.pk}
            elif appeal.voter is not None and appeal.voter.status == VoterStatus.ELIGIBLE:
                voter_remove(actor=actor, voter=appeal.voter, reason=RemovalReason.APPEAL, note=judgment,
                             via_appeal=True)  # fmt: skip
                amendment = {"removed": appeal.voter_id}
        elif overturns and appeal.kind == AppealKind.WRONGLY_LISTED and appeal.voter is not None:
            if outcome == CourtOutcome.FOR_APPELLANT and appeal.voter.status == VoterStatus.ELIGIBLE:
                voter_remove(actor=actor, voter=appeal.voter, reason=RemovalReason.APPEAL, note=judgment,
                             via_appeal=True)  # fmt: skip
                amendment = {"removed": appeal.voter_id}
            elif outcome == CourtOutcome.AGAINST_APPELLANT and appeal.voter.status == VoterStatus.REMOVED:
                Voter.objects.filter(pk=appeal.voter_id).update(
                    status=VoterStatus.ELIGIBLE, removal_reason="", status_note=judgment[:300]
                )
                amendment = {"reinstated": appeal.voter_id}
        locked.judged_on, locked.outcome, locked.judgment = judged_on, outcome, judgment[:4000]
        locked.save(update_fields=["judged_on", "outcome", "judgment"])
        record_event(actor=actor, action="court_case.judge", target=appeal, congress=election.congress,
                     after={"judged_on": judged_on, "outcome": outcome, **amendment})  # fmt: skip
    return locked
