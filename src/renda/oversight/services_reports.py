"""Writes of the oversight area `reports`: obligations, the calendar, reports, major matters, resolutions.

Every function takes the acting user as ``actor=``, checks their role and scope, runs in one
transaction with its audit event, and sends notifications after commit. Refusals are
``ValidationFailed`` (naming the field, in Chinese), ``PermissionDeniedError`` or ``ConflictError``;
nothing of a refused request is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind, Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of

from . import calendar_reports as cal
from .models.reports import (
    DecisionBody,
    Frequency,
    MajorMatter,
    MajorMatterList,
    MatterCategory,
    MatterListState,
    MatterProgress,
    MatterState,
    ReportMode,
    ReportObligation,
    ReportState,
    Resolution,
    ResolutionKind,
    StatutoryReport,
)

MANAGE_ROLES = (Role.STAFF, Role.LEADER)
REPORT_MAX_MB = 20
RULE_CODES = ("R03", "R04", "R05", "R06", "R07", "R08")
REPORT_AGENDA_KIND = "statutory_report"
MATTER_AGENDA_KIND = "major_matter"
MATTER_VOTE_OWNER = "major_matter"

# The seeds' obligations (000 §三.1, §三.3; plan, budget and final accounts by the budget law):
# (key, title, body kind or "finance", recipient, frequency, due month, due day, mode, rule, basis)
DEFAULT_OBLIGATIONS: list[tuple[str, str, str, str, str, int, int, str, str, str]] = [
    ("law", "依法行政情况报告", OrganizationKind.GOVERNMENT, "县人大常委会", Frequency.YEARLY, 3, 31,
     ReportMode.HEARING, "R03", "000 §三.1:县政府每年向县人大常委会报告依法行政情况"),
    ("assets", "国有资产管理情况报告", OrganizationKind.GOVERNMENT, "县人大常委会", Frequency.YEARLY, 12, 31,
     ReportMode.HEARING, "R04", "000 §三.3:县政府每年向县人大常委会报告国有资产管理情况"),
    ("debt", "政府债务管理情况书面报告", "finance", "县人大财政经济委员会、常委会预算工作委员会",
     Frequency.HALF_YEARLY, 7, 31, ReportMode.WRITTEN, "R05",
     "000 §三.3:财政部门每半年向县人大有关专门委员会和常委会有关工作委员会书面报告债务管理情况"),
    ("audit", "审计查出突出问题整改情况报告", OrganizationKind.GOVERNMENT, "县人大常委会", Frequency.YEARLY, 12, 31,
     ReportMode.HEARING, "R06", "000 §三.3:县政府每年向县人大常委会报告上年度审计查出突出问题整改情况"),
    ("environment", "环境状况和环境保护目标完成情况报告", OrganizationKind.GOVERNMENT, "县人大常委会",
     Frequency.YEARLY, 6, 30, ReportMode.HEARING, "R07",
     "000 §三.3:县政府每年向县人大常委会专题报告环境状况和环境保护目标完成情况"),
    ("court", "县人民法院专项工作报告", OrganizationKind.COURT, "县人大常委会", Frequency.YEARLY, 10, 31,
     ReportMode.HEARING, "R08", "000 §三.3:每年听取审议“两院”专项工作报告"),
    ("procuratorate", "县人民检察院专项工作报告", OrganizationKind.PROCURATORATE, "县人大常委会",
     Frequency.YEARLY, 10, 31, ReportMode.HEARING, "R08", "000 §三.3:每年听取审议“两院”专项工作报告"),
    ("plan", "国民经济和社会发展计划执行情况报告", OrganizationKind.GOVERNMENT, "县人大常委会",
     Frequency.YEARLY, 8, 31, ReportMode.HEARING, "", "监督法:听取审议计划执行情况的报告"),
    ("budget", "预算执行情况报告", OrganizationKind.GOVERNMENT, "县人大常委会", Frequency.YEARLY, 8, 31,
     ReportMode.HEARING, "", "预算法:听取审议预算执行情况的报告"),
    ("final_accounts", "上年度决算报告", OrganizationKind.GOVERNMENT, "县人大常委会", Frequency.YEARLY, 6, 30,
     ReportMode.HEARING, "", "预算法:审查和批准决算"),
]  # fmt: skip


# --- helpers ---------------------------------------------------------------------------------------


def can_manage(actor: Any, congress_id: int) -> bool:
    return scope_of(actor).has_in(congress_id, *MANAGE_ROLES)


def ensure_manages(actor: Any, congress_id: int) -> None:
    if not can_manage(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大常委会工作人员或领导可以办理此事项。"))


def is_body_user(actor: Any, organization_id: int) -> bool:
    return organization_id in scope_of(actor).unit_ids


def _text(value: Any, field: str, label: str, max_len: int, *, required: bool = False) -> str:
    text = (str(value) if value is not None else "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(f)s。") % {"f": label}, field=field)
    if len(text) > max_len:
        raise ValidationFailed(_("%(f)s不能超过%(n)d字。") % {"f": label, "n": max_len}, field=field)
    if any(ord(c) < 32 and c not in "\r\n\t" for c in text):
        raise ValidationFailed(_("%(f)s含有无法识别的字符。") % {"f": label}, field=field)
    return text


def _int(value: Any, field: str, label: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(f)s须为整数。") % {"f": label}, field=field) from None
    if not low <= number <= high:
        raise ValidationFailed(
            _("%(f)s须在%(a)d到%(b)d之间。") % {"f": label, "a": low, "b": high}, field=field
        )
    return number


def _date(value: Any, field: str, label: str, *, not_after_today: bool = True) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationFailed(_("请填写正确的%(f)s(年-月-日)。") % {"f": label}, field=field) from None
    if not_after_today and value > clock.today():
        raise ValidationFailed(_("%(f)s不能晚于今天。") % {"f": label}, field=field)
    return value


def _after_commit_notify(**kwargs: Any) -> None:
    from renda.notifications.services import notify

    transaction.on_commit(lambda: notify(**kwargs))


def _staff_ids(congress_id: int, *roles: str) -> set[int]:
    from renda.cases.services._common import congress_user_ids

    return congress_user_ids(congress_id, *(roles or (Role.STAFF,)))


def _unit_ids(org_id: int) -> set[int]:
    from renda.cases.services._common import unit_user_ids

    return unit_user_ids([org_id])


# --- obligations -----------------------------------------------------------------------------------


def _clean_obligation(congress: Congress, data: dict[str, Any]) -> dict[str, Any]:
    title = _text(data.get("title"), "title", _("报告事项"), 120, required=True)
    body_id = data.get("reporting_body")
    body_id = getattr(body_id, "pk", body_id)
    body = (
        Organization.objects.filter(pk=body_id, congress=congress, kind__in=HANDLING_UNIT_KINDS).first()
        if str(body_id or "").isdigit() or isinstance(body_id, int)
        else None
    )
    if body is None:
        raise ValidationFailed(_("请选择本级的报告机关。"), field="reporting_body")
    frequency = data.get("frequency")
    if frequency not in Frequency.values:
        raise ValidationFailed(_("请选择报告周期。"), field="frequency")
    mode = data.get("mode") or ReportMode.HEARING
    if mode not in ReportMode.values:
        raise ValidationFailed(_("请选择报告方式。"), field="mode")
    rule_code = (data.get("rule_code") or "").strip().upper()
    if rule_code and rule_code not in RULE_CODES:
        raise ValidationFailed(_("对应制度检查只能是R03至R08之一,或留空。"), field="rule_code")
    return {
        "title": title,
        "reporting_body": body,
        "recipient": _text(data.get("recipient"), "recipient", _("报告对象"), 120, required=True),
        "frequency": frequency,
        "due_month": _int(data.get("due_month"), "due_month", _("截止月份"), 1, 12),
        "due_day": _int(data.get("due_day"), "due_day", _("截止日"), 1, 31),
        "remind_days": _int(data.get("remind_days", 15), "remind_days", _("提前提醒天数"), 0, 90),
        "mode": mode,
        "rule_code": rule_code,
        "basis": _text(data.get("basis"), "basis", _("依据"), 300),
        "is_active": bool(data.get("is_active", True)),
    }


def obligation_save(
    *, actor: Any, congress: Congress, data: dict[str, Any], obligation: ReportObligation | None = None
) -> ReportObligation:
    """Create or change an obligation. Reports already generated keep their due dates; a change applies
    to the periods generated afterwards."""
    ensure_manages(actor, congress.pk)
    if obligation is not None and obligation.congress_id != congress.pk:
        raise PermissionDeniedError(_("只能修改本级人大的报告事项。"))
    values = _clean_obligation(congress, data)
    clash = ReportObligation.objects.filter(
        congress=congress, title=values["title"], reporting_body=values["reporting_body"]
    )
    if obligation is not None:
        clash = clash.exclude(pk=obligation.pk)
    if clash.exists():
        raise ValidationFailed(_("该报告机关已有同名的报告事项。"), field="title")
    with transaction.atomic():
        before = None
        if obligation is None:
            obligation = ReportObligation.objects.create(congress=congress, **values)
            action = "report_obligation.create"
        else:
            before = {k: str(getattr(obligation, k)) for k in values}
            for key, value in values.items():
                setattr(obligation, key, value)
            obligation.save()
            action = "report_obligation.update"
        record_event(
            actor=actor, action=action, target=obligation, before=before,
            after={k: str(v) for k, v in values.items()},
        )  # fmt: skip
    return obligation


def _default_body(congress: Congress, kind: str) -> Organization | None:
    orgs = Organization.objects.filter(congress=congress, is_active=True).order_by("pk")
    if kind == "finance":
        return orgs.filter(kind=OrganizationKind.GOVERNMENT_DEPARTMENT, name__contains="财政").first()
    return orgs.filter(kind=kind).first()


def obligations_install_defaults(*, actor: Any, congress: Congress) -> list[ReportObligation]:
    """The seeds' obligations for a congress, for the bodies it has (missing ones are skipped)."""
    ensure_manages(actor, congress.pk)
    made = []
    for _key, title, kind, recipient, freq, month, day, mode, rule_code, basis in DEFAULT_OBLIGATIONS:
        body = _default_body(congress, kind)
        if body is None or ReportObligation.objects.filter(congress=congress, title=title).exists():
            continue
        made.append(
            obligation_save(
                actor=actor, congress=congress,
                data={"title": title, "reporting_body": body.pk, "recipient": recipient, "frequency": freq,
                      "due_month": month, "due_day": day, "mode": mode, "rule_code": rule_code, "basis": basis},
            )
        )  # fmt: skip
    return made


# --- the calendar ----------------------------------------------------------------------------------


def _generate(congress_id: int, year: int) -> list[StatutoryReport]:
    made = []
    for obligation in ReportObligation.objects.filter(congress_id=congress_id, is_active=True).order_by("pk"):
        for half, start, end in cal.periods(obligation.frequency, year):
            report, created = StatutoryReport.objects.get_or_create(
                obligation=obligation, year=year, half=half,
                defaults={
                    "congress_id": congress_id,
                    "title": f"{cal.period_label(year, half)}{obligation.title}",
                    "period_start": start,
                    "period_end": end,
                    "due_on": cal.due_date(start, obligation.due_month, obligation.due_day),
                    "closes_on": cal.closes_on(obligation.frequency, start, obligation.due_month, obligation.due_day),
                },
            )  # fmt: skip
            if created:
                made.append(report)
    return made


def calendar_generate(*, actor: Any, congress: Congress, year: int) -> list[StatutoryReport]:
    """The expected reports of every active obligation for the year's periods; running it again
    creates only what is missing."""
    ensure_manages(actor, congress.pk)
    year = _int(year, "year", _("年度"), 2000, 2100)
    with transaction.atomic():
        made = _generate(congress.pk, year)
        record_event(
            actor=actor, action="report_calendar.generate", congress=congress,
            after={"year": year, "created": len(made)},
        )  # fmt: skip
    return made


def calendar_generate_system(year: int) -> int:
    """The daily job's part: this year's expected reports for every congress with obligations."""
    total = 0
    ids = ReportObligation.objects.filter(is_active=True).values_list("congress_id", flat=True).distinct()
    for congress_id in sorted(set(ids)):
        with transaction.atomic():
            total += len(_generate(congress_id, year))
    return total


# --- one report ------------------------------------------------------------------------------------


def _lock_report(report: StatutoryReport) -> StatutoryReport:
    return StatutoryReport.objects.select_for_update().select_related("obligation").get(pk=report.pk)


def report_receive(
    *, actor: Any, report: StatutoryReport, upload: Any, received_on: Any = None
) -> StatutoryReport:
    """The report arrives with its document: staff register it (on the day it came), or the reporting
    body submits it itself (today)."""
    from renda.documents.uploads import check_file

    body_id = report.obligation.reporting_body_id
    staff = can_manage(actor, report.congress_id)
    if not staff and not is_body_user(actor, body_id):
        raise PermissionDeniedError(_("只有报告机关或本级人大工作人员可以报送该报告。"))
    checked = check_file(upload, max_mb=REPORT_MAX_MB, field="file")
    if staff and received_on not in (None, ""):
        day = _date(received_on, "received_on", _("收到日期"))
    else:
        day = clock.today()
    if day < report.period_start - dt.timedelta(days=31):
        raise ValidationFailed(_("收到日期早于该报告的报告周期。"), field="received_on")
    with transaction.atomic():
        report = _lock_report(report)
        if report.state not in (ReportState.EXPECTED, ReportState.RECEIVED):
            raise ConflictError(_("该报告已列入会议议程或已审议,不能再更换报告文件。"))
        old = report.file.name if report.file else ""
        storage = report.file.storage
        before = {"state": report.state, "received_on": str(report.received_on or "")}
        upload.seek(0)
        report.file.save(checked.name, upload, save=False)
        report.original_name = checked.name
        report.content_type = checked.content_type
        report.size = checked.size
        report.received_on = day
        report.received_by = actor
        report.state = ReportState.RECEIVED
        report.save()
        record_event(
            actor=actor, action="statutory_report.receive", target=report, before=before,
            after={"state": report.state, "received_on": str(day), "file": checked.name,
                   "status": cal.status_of(report, clock.today())},
        )  # fmt: skip
        if old:
            transaction.on_commit(lambda: storage.delete(old))
        if not staff:
            _after_commit_notify(
                recipients=_staff_ids(report.congress_id), verb="statutory_report.received",
                title=_("已收到%(t)s") % {"t": report.title}, body=report.obligation.reporting_body.name,
                url=f"/oversight/reports/{report.pk}/", congress_id=report.congress_id,
            )  # fmt: skip
    return report


def report_schedule(
    *, actor: Any, report: StatutoryReport, meeting: Any, presenter: str = ""
) -> StatutoryReport:
    """Put a received report on a meeting's agenda (an agenda item of kind "statutory_report")."""
    from renda.meetings import services as meeting_services

    ensure_manages(actor, report.congress_id)
    if meeting is None or meeting.congress_id != report.congress_id:
        raise ValidationFailed(_("请选择本级人大的会议。"), field="meeting")
    with transaction.atomic():
        report = _lock_report(report)
        if report.state != ReportState.RECEIVED:
            raise ConflictError(_("只有已收到的报告才能列入会议议程。"))
        verb = "听取和审议" if report.obligation.mode == ReportMode.HEARING else "审阅"
        item = meeting_services.agenda_item_add(
            actor=actor, meeting=meeting, kind=REPORT_AGENDA_KIND,
            title=f"{verb}{report.obligation.reporting_body.name}关于{report.title}",
            subject=f"oversight.statutoryreport:{report.pk}", presenter=presenter,
        )  # fmt: skip
        report.agenda_item = item
        report.state = ReportState.SCHEDULED
        report.save(update_fields=["agenda_item", "state"])
        record_event(
            actor=actor, action="statutory_report.schedule", target=report,
            after={"meeting": meeting.pk, "agenda_item": item.pk},
        )  # fmt: skip
    return report


def report_deliberate(
    *, actor: Any, report: StatutoryReport, deliberated_on: Any, summary: str
) -> StatutoryReport:
    """Record the deliberation: after the meeting on whose agenda the report stands (a written report
    may be reviewed without a meeting)."""
    ensure_manages(actor, report.congress_id)
    day = _date(deliberated_on, "deliberated_on", _("审议日期"))
    summary = _text(summary, "summary", _("审议情况"), 5000, required=True)
    with transaction.atomic():
        report = _lock_report(report)
        item = agenda_item_of(report, REPORT_AGENDA_KIND)
        if (
            report.state == ReportState.RECEIVED and item is not None
        ):  # put on the agenda from the meeting page
            report.agenda_item, report.state = item, ReportState.SCHEDULED
        allowed = [ReportState.SCHEDULED]
        if report.obligation.mode == ReportMode.WRITTEN:
            allowed.append(ReportState.RECEIVED)
        if report.state not in allowed:
            raise ConflictError(_("该报告尚未列入会议议程,不能记录审议情况。"))
        if report.agenda_item_id:
            from django.utils import timezone

            meeting = report.agenda_item.meeting
            if meeting.state not in ("in_progress", "closed"):
                raise ValidationFailed(_("会议尚未举行,不能记录审议情况。"), field="deliberated_on")
            if day < timezone.localdate(meeting.starts_at):
                raise ValidationFailed(_("审议日期不能早于会议日期。"), field="deliberated_on")
        if report.received_on and day < report.received_on:
            raise ValidationFailed(_("审议日期不能早于收到报告的日期。"), field="deliberated_on")
        report.state = ReportState.DELIBERATED
        report.deliberated_on = day
        report.deliberation_summary = summary
        report.save(update_fields=["state", "deliberated_on", "deliberation_summary", "agenda_item"])
        record_event(
            actor=actor,
            action="statutory_report.deliberate",
            target=report,
            after={"deliberated_on": str(day)},
        )
    return report


def report_link_opinion(*, actor: Any, report: StatutoryReport, case: Any) -> StatutoryReport:
    """Tie the deliberation opinion (a case of the opinions area) to the report it was formed on."""
    ensure_manages(actor, report.congress_id)
    if case is None or case.congress_id != report.congress_id:
        raise ValidationFailed(_("请选择本级人大的审议意见。"), field="opinion_case")
    with transaction.atomic():
        report = _lock_report(report)
        if report.state != ReportState.DELIBERATED:
            raise ConflictError(_("报告审议后才能形成审议意见。"))
        report.opinion_case = case
        report.save(update_fields=["opinion_case"])
        record_event(
            actor=actor, action="statutory_report.link_opinion", target=report, after={"case": case.pk}
        )
    return report


def _opinion_report_kind(report: StatutoryReport) -> str:
    """The opinions area's report kind for a statutory report, from its title."""
    from .models.opinions import OpinionReportKind as K

    title = report.title
    for words, kind in (
        (("审计",), K.AUDIT), (("决算",), K.FINAL_ACCOUNTS), (("预算",), K.BUDGET),
        (("计划执行", "国民经济和社会发展计划"), K.PLAN), (("执法检查",), K.INSPECTION),
    ):  # fmt: skip
        if any(w in title for w in words):
            return kind
    return K.SPECIAL_WORK


def report_open_opinion(*, actor: Any, report: StatutoryReport) -> Any:
    """形成审议意见: a deliberated report becomes a deliberation opinion (the opinions area's case kind),
    addressed to the reporting body, and the two are linked."""
    from .services_opinions import opinion_create

    ensure_manages(actor, report.congress_id)
    if report.opinion_case_id:
        raise ConflictError(_("该报告已形成审议意见。"))
    if report.state != ReportState.DELIBERATED:
        raise ConflictError(_("报告审议后才能形成审议意见。"))
    meeting = report.agenda_item.meeting if report.agenda_item_id else None
    with transaction.atomic():
        opinion = opinion_create(
            actor=actor, congress=report.congress, report_kind=_opinion_report_kind(report),
            report_title=report.title, reporting_body=report.obligation.reporting_body, meeting=meeting,
            source_kind="statutory_report", source_id=report.pk, deliberated_on=report.deliberated_on,
        )  # fmt: skip
        report_link_opinion(actor=actor, report=report, case=opinion.case)
    return opinion


def agenda_item_of(obj: Any, kind: str) -> Any:
    """The agenda item about ``obj`` (a report or a matter): the one scheduled through our service, or
    one staff added on the meeting page choosing ``obj`` as its subject (the latest)."""
    if getattr(obj, "agenda_item_id", None):
        return obj.agenda_item
    from renda.meetings.models import AgendaItem

    return (
        AgendaItem.objects.filter(
            kind=kind, subject_type=f"oversight.{obj._meta.model_name}", subject_id=obj.pk
        )
        .select_related("meeting")
        .order_by("-pk")
        .first()
    )


# --- reminders and escalation (the daily job) ------------------------------------------------------

REMIND_AGAIN_DAYS = 7


def run_report_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Reports not received: remind the reporting body within the reminder window (``due``), and after
    the due date (``late``, ``missing``) remind it again and escalate to the congress's staff (and, once
    missing, its leaders). A report gets a notice when its level changes, then every seven days; at most
    one a day (safe to run twice)."""
    from django.db import IntegrityError

    from .models.reports import ReportReminder

    today = today or clock.today()
    counts = {cal.DUE: 0, cal.LATE: 0, cal.MISSING: 0}
    qs = (
        StatutoryReport.objects.filter(received_on__isnull=True, obligation__is_active=True)
        .select_related("obligation", "obligation__reporting_body")
        .order_by("pk")
    )
    for report in qs.iterator():
        status = cal.status_of(report, today)
        if status not in counts:
            continue
        last = report.reminders.order_by("-day").first()
        if last is not None and last.level == status and (today - last.day).days < REMIND_AGAIN_DAYS:
            continue
        body = report.obligation.reporting_body
        recipients = _unit_ids(body.pk)
        escalate: set[int] = set()
        if status in (cal.LATE, cal.MISSING):
            escalate = _staff_ids(report.congress_id)
        if status == cal.MISSING:
            escalate |= _staff_ids(report.congress_id, Role.LEADER)
        try:
            with transaction.atomic():
                ReportReminder.objects.create(
                    report=report, day=today, level=status, recipients=len(recipients | escalate)
                )
        except IntegrityError:
            continue
        from renda.notifications.services import notify

        url = f"/oversight/reports/{report.pk}/"
        if status == cal.DUE:
            title = _("请按时报送:%(t)s") % {"t": report.title}
            text = _("报送截止日为%(d)s,报送对象:%(r)s。") % {
                "d": report.due_on,
                "r": report.obligation.recipient,
            }
        else:
            days = (today - report.due_on).days
            label = _("缺报") if status == cal.MISSING else _("逾期未报")
            title = _("%(s)s:%(t)s") % {"s": label, "t": report.title}
            text = _("报送截止日为%(d)s,已逾期%(n)d天,请%(b)s尽快报送。") % {
                "d": report.due_on, "n": days, "b": body.name
            }  # fmt: skip
        notify(
            recipients=recipients, verb=f"statutory_report.{status}", title=title, body=text, url=url,
            congress_id=report.congress_id, sms=status != cal.DUE,
        )  # fmt: skip
        if escalate:
            notify(
                recipients=escalate, verb="statutory_report.escalated", title=title,
                body=_("%(b)s:%(x)s") % {"b": body.name, "x": text}, url=url, congress_id=report.congress_id,
            )  # fmt: skip
        counts[status] += 1
    return counts


# --- major matters ---------------------------------------------------------------------------------


def _ensure_list_party(actor: Any, matter_list: MajorMatterList) -> bool:
    """Staff of the congress or the submitting government; True for staff."""
    if can_manage(actor, matter_list.congress_id):
        return True
    if is_body_user(actor, matter_list.submitted_by_id):
        return False
    raise PermissionDeniedError(_("只有提出清单的政府或本级人大工作人员可以办理。"))


def _lock_list(matter_list: MajorMatterList) -> MajorMatterList:
    return MajorMatterList.objects.select_for_update().get(pk=matter_list.pk)


def matter_list_create(
    *, actor: Any, congress: Congress, year: Any, submitted_by: Organization | None
) -> MajorMatterList:
    if (
        submitted_by is None
        or submitted_by.congress_id != congress.pk
        or submitted_by.kind != OrganizationKind.GOVERNMENT
    ):
        raise ValidationFailed(_("请选择本级人民政府作为提出机关。"), field="submitted_by")
    if not can_manage(actor, congress.pk) and not is_body_user(actor, submitted_by.pk):
        raise PermissionDeniedError(_("只有本级人民政府或人大工作人员可以起草重大事项清单。"))
    year = _int(year, "year", _("清单年度"), clock.today().year, clock.today().year + 1)
    if MajorMatterList.objects.filter(congress=congress, year=year).exists():
        raise ValidationFailed(_("%(y)d年度的重大事项清单已经存在。") % {"y": year}, field="year")
    with transaction.atomic():
        matter_list = MajorMatterList.objects.create(
            congress=congress, year=year, submitted_by=submitted_by, created_by=actor
        )
        record_event(actor=actor, action="major_matter_list.create", target=matter_list, after={"year": year})
    return matter_list


def matter_add(
    *,
    actor: Any,
    matter_list: MajorMatterList,
    title: str,
    category: str,
    description: str = "",
    decision_body: str = DecisionBody.STANDING_COMMITTEE,
    planned_quarter: Any = None,
) -> MajorMatter:
    _ensure_list_party(actor, matter_list)
    title = _text(title, "title", _("事项名称"), 200, required=True)
    if category not in MatterCategory.values:
        raise ValidationFailed(_("请选择事项类别。"), field="category")
    if decision_body not in DecisionBody.values:
        raise ValidationFailed(_("请选择决定机关。"), field="decision_body")
    quarter = (
        None
        if planned_quarter in (None, "")
        else _int(planned_quarter, "planned_quarter", _("计划提请季度"), 1, 4)
    )
    description = _text(description, "description", _("事项说明"), 5000)
    with transaction.atomic():
        matter_list = _lock_list(matter_list)
        if matter_list.state not in (MatterListState.DRAFT, MatterListState.COMMENTED):
            raise ConflictError(_("清单已报送常委会,待常委会提出意见后才能修改。"))
        order = (matter_list.matters.aggregate(n=Max("order"))["n"] or 0) + 1
        matter = MajorMatter.objects.create(
            matter_list=matter_list, congress_id=matter_list.congress_id, order=order, title=title,
            category=category, description=description, decision_body=decision_body, planned_quarter=quarter,
        )  # fmt: skip
        record_event(actor=actor, action="major_matter.add", target=matter, after={"title": title})
    return matter


def matter_list_submit(*, actor: Any, matter_list: MajorMatterList) -> MajorMatterList:
    """The government reports the list to the standing committee for its comments (R10: at year end)."""
    _ensure_list_party(actor, matter_list)
    with transaction.atomic():
        matter_list = _lock_list(matter_list)
        if matter_list.state not in (MatterListState.DRAFT, MatterListState.COMMENTED):
            raise ConflictError(_("清单已经报送。"))
        if not matter_list.matters.exists():
            raise ValidationFailed(_("清单中还没有事项,请先添加重大事项。"), field="matters")
        first = matter_list.submitted_on is None
        matter_list.state = MatterListState.SUBMITTED
        if first:
            matter_list.submitted_on = clock.today()
        matter_list.save(update_fields=["state", "submitted_on"])
        record_event(
            actor=actor, action="major_matter_list.submit", target=matter_list,
            after={"submitted_on": str(matter_list.submitted_on), "matters": matter_list.matters.count()},
        )  # fmt: skip
        _after_commit_notify(
            recipients=_staff_ids(matter_list.congress_id), verb="major_matter_list.submitted",
            title=_("%(y)d年度重大事项建议清单已报送,请提出意见") % {"y": matter_list.year},
            url=f"/oversight/matters/lists/{matter_list.pk}/", congress_id=matter_list.congress_id,
        )  # fmt: skip
    return matter_list


def matter_list_comment(*, actor: Any, matter_list: MajorMatterList, comments: str) -> MajorMatterList:
    ensure_manages(actor, matter_list.congress_id)
    comments = _text(comments, "comments", _("常委会意见"), 5000, required=True)
    with transaction.atomic():
        matter_list = _lock_list(matter_list)
        if matter_list.state != MatterListState.SUBMITTED:
            raise ConflictError(_("只有已报送的清单才能提出意见。"))
        matter_list.state = MatterListState.COMMENTED
        matter_list.committee_comments = comments
        matter_list.commented_on = clock.today()
        matter_list.save(update_fields=["state", "committee_comments", "commented_on"])
        record_event(
            actor=actor, action="major_matter_list.comment", target=matter_list, after={"comments": comments}
        )
        _after_commit_notify(
            recipients=_unit_ids(matter_list.submitted_by_id), verb="major_matter_list.commented",
            title=_("常委会已对%(y)d年度重大事项建议清单提出意见") % {"y": matter_list.year},
            body=comments[:200], url=f"/oversight/matters/lists/{matter_list.pk}/",
            congress_id=matter_list.congress_id,
        )  # fmt: skip
    return matter_list


def matter_list_agree(
    *, actor: Any, matter_list: MajorMatterList, included: Iterable[int], agreed_on: Any
) -> MajorMatterList:
    """The list as agreed (after the government's revision and the party committee's consent): the
    included matters go onto the yearly work points, the others are left off."""
    ensure_manages(actor, matter_list.congress_id)
    day = _date(agreed_on, "agreed_on", _("确定日期"))
    wanted = {int(i) for i in included if str(i).isdigit()}
    with transaction.atomic():
        matter_list = _lock_list(matter_list)
        if matter_list.state not in (MatterListState.SUBMITTED, MatterListState.COMMENTED) or not (
            matter_list.committee_comments
        ):
            raise ConflictError(_("常委会对清单提出意见后才能确定。"))
        ids = set(matter_list.matters.values_list("pk", flat=True))
        if not wanted & ids:
            raise ValidationFailed(_("请至少选择一项列入年度工作要点的重大事项。"), field="included")
        if matter_list.submitted_on and day < matter_list.submitted_on:
            raise ValidationFailed(_("确定日期不能早于报送日期。"), field="agreed_on")
        matter_list.matters.filter(pk__in=wanted & ids).update(state=MatterState.LISTED)
        matter_list.matters.filter(pk__in=ids - wanted).update(state=MatterState.EXCLUDED)
        matter_list.state = MatterListState.AGREED
        matter_list.agreed_on = day
        matter_list.save(update_fields=["state", "agreed_on"])
        record_event(
            actor=actor, action="major_matter_list.agree", target=matter_list,
            after={"agreed_on": str(day), "listed": sorted(wanted & ids), "excluded": sorted(ids - wanted)},
        )  # fmt: skip
    return matter_list


def matter_list_report_party(
    *, actor: Any, matter_list: MajorMatterList, reported_on: Any
) -> MajorMatterList:
    """The standing committee's party group reports the yearly list to the party committee (R40)."""
    ensure_manages(actor, matter_list.congress_id)
    day = _date(reported_on, "reported_on", _("报县委日期"))
    with transaction.atomic():
        matter_list = _lock_list(matter_list)
        if matter_list.state != MatterListState.AGREED:
            raise ConflictError(_("清单确定后才能报县委。"))
        if day < matter_list.agreed_on:
            raise ValidationFailed(_("报县委日期不能早于清单确定日期。"), field="reported_on")
        matter_list.state = MatterListState.REPORTED
        matter_list.party_reported_on = day
        matter_list.save(update_fields=["state", "party_reported_on"])
        record_event(
            actor=actor, action="major_matter_list.report_party", target=matter_list, after={"on": str(day)}
        )
    return matter_list


def _lock_matter(matter: MajorMatter) -> MajorMatter:
    return MajorMatter.objects.select_for_update().select_related("matter_list").get(pk=matter.pk)


def matter_report(*, actor: Any, matter: MajorMatter, reported_on: Any, summary: str) -> MajorMatter:
    """The government reports the matter to the standing committee before it decides."""
    _ensure_list_party(actor, matter.matter_list)
    day = _date(reported_on, "reported_on", _("报告日期"))
    summary = _text(summary, "summary", _("报告情况"), 5000, required=True)
    with transaction.atomic():
        matter = _lock_matter(matter)
        if matter.state != MatterState.LISTED:
            raise ConflictError(_("只有列入年度工作要点的事项才能报告。"))
        matter.state = MatterState.REPORTED
        matter.reported_on = day
        matter.report_summary = summary
        matter.save(update_fields=["state", "reported_on", "report_summary"])
        record_event(
            actor=actor, action="major_matter.report", target=matter, after={"reported_on": str(day)}
        )
    return matter


def matter_schedule(*, actor: Any, matter: MajorMatter, meeting: Any) -> MajorMatter:
    """Put the reported matter on a meeting's agenda (kind "major_matter"); its vote is taken there."""
    from renda.meetings import services as meeting_services

    ensure_manages(actor, matter.congress_id)
    if meeting is None or meeting.congress_id != matter.congress_id:
        raise ValidationFailed(_("请选择本级人大的会议。"), field="meeting")
    with transaction.atomic():
        matter = _lock_matter(matter)
        if matter.state != MatterState.REPORTED:
            raise ConflictError(_("政府报告后,事项才能提请会议讨论决定。"))
        item = meeting_services.agenda_item_add(
            actor=actor, meeting=meeting, kind=MATTER_AGENDA_KIND, title=f"审议关于{matter.title}的决定(草案)",
            subject=f"oversight.majormatter:{matter.pk}",
        )  # fmt: skip
        matter.agenda_item = item
        matter.state = MatterState.SCHEDULED
        matter.save(update_fields=["agenda_item", "state"])
        record_event(
            actor=actor, action="major_matter.schedule", target=matter, after={"meeting": meeting.pk}
        )
    return matter


def next_resolution_number(congress: Congress, kind: str, year: int) -> str:
    label = ResolutionKind(kind).label
    prefix = f"{congress.region_name or congress.name}人大常委会{label}〔{year}〕"
    n = Resolution.objects.filter(congress=congress, number__startswith=prefix).count() + 1
    while Resolution.objects.filter(congress=congress, number=f"{prefix}{n}号").exists():
        n += 1
    return f"{prefix}{n}号"


def matter_record_vote(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    """The vote owner's ``on_closed`` (inside the vote's closing transaction): a passed vote decides the
    matter and writes its decision (not yet published); a failed one leaves it not adopted."""
    matter = MajorMatter.objects.select_for_update().select_related("matter_list").get(pk=vote.owner_id)
    item = agenda_item_of(matter, MATTER_AGENDA_KIND)
    if matter.state == MatterState.REPORTED and item is not None:  # put on the agenda from the meeting page
        matter.agenda_item, matter.state = item, MatterState.SCHEDULED
    if matter.state != MatterState.SCHEDULED:
        raise ConflictError(_("该重大事项不在待表决状态。"))
    today = clock.today()
    matter.vote = vote
    if result.get("passed"):
        matter.state = MatterState.DECIDED
        matter.decided_on = today
        meeting = matter.agenda_item.meeting if matter.agenda_item_id else None
        congress = Congress.objects.get(pk=matter.congress_id)
        counts = result.get("counts", {})
        Resolution.objects.create(
            congress=congress, kind=ResolutionKind.DECISION, adopted_by=matter.decision_body,
            number=next_resolution_number(congress, ResolutionKind.DECISION, today.year),
            title=f"{congress.region_name or congress.name}人民代表大会常务委员会关于{matter.title}的决定",
            text=(f"{meeting.title if meeting else ''}审议了{matter.matter_list.submitted_by.name}关于"
                  f"{matter.title}的报告,决定如下:\n{matter.description or matter.report_summary}\n"
                  f"(表决结果:赞成{counts.get('yes', 0)}票,反对{counts.get('no', 0)}票,"
                  f"弃权{counts.get('abstain', 0)}票。)"),
            adopted_on=today, meeting=meeting, vote=vote, matter=matter, created_by=actor,
        )  # fmt: skip
    else:
        matter.state = MatterState.NOT_ADOPTED
    matter.save(update_fields=["vote", "state", "decided_on", "agenda_item"])
    record_event(
        actor=actor, action="major_matter.decide", target=matter,
        after={"vote": vote.pk, "passed": bool(result.get("passed")), "state": matter.state},
    )  # fmt: skip


def matter_progress_add(*, actor: Any, matter: MajorMatter, reported_on: Any, text: str) -> MatterProgress:
    """A report back on how the decision is carried out (the government, or staff recording it)."""
    _ensure_list_party(actor, matter.matter_list)
    day = _date(reported_on, "reported_on", _("报告日期"))
    text = _text(text, "text", _("落实情况"), 5000, required=True)
    with transaction.atomic():
        matter = _lock_matter(matter)
        if matter.state not in (MatterState.DECIDED, MatterState.IMPLEMENTED):
            raise ConflictError(_("作出决议决定后才能报告落实情况。"))
        if matter.decided_on and day < matter.decided_on:
            raise ValidationFailed(_("报告日期不能早于决定日期。"), field="reported_on")
        progress = MatterProgress.objects.create(matter=matter, reported_on=day, text=text, created_by=actor)
        matter.state = MatterState.IMPLEMENTED
        matter.save(update_fields=["state"])
        record_event(
            actor=actor, action="major_matter.progress", target=matter, after={"reported_on": str(day)}
        )
    return progress


# --- resolutions and decisions ---------------------------------------------------------------------


def resolution_create(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    title: str,
    text: str,
    adopted_on: Any,
    adopted_by: str = DecisionBody.STANDING_COMMITTEE,
    number: str = "",
    meeting: Any = None,
) -> Resolution:
    ensure_manages(actor, congress.pk)
    if kind not in ResolutionKind.values:
        raise ValidationFailed(_("请选择决议或决定。"), field="kind")
    if adopted_by not in DecisionBody.values:
        raise ValidationFailed(_("请选择通过机关。"), field="adopted_by")
    title = _text(title, "title", _("标题"), 200, required=True)
    text = _text(text, "text", _("正文"), 50000, required=True)
    day = _date(adopted_on, "adopted_on", _("通过日期"))
    number = _text(number, "number", _("文号"), 60)
    if meeting is not None and meeting.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级人大的会议。"), field="meeting")
    with transaction.atomic():
        number = number or next_resolution_number(congress, kind, day.year)
        if Resolution.objects.filter(congress=congress, number=number).exists():
            raise ValidationFailed(_("文号“%(n)s”已被使用。") % {"n": number}, field="number")
        resolution = Resolution.objects.create(
            congress=congress, kind=kind, adopted_by=adopted_by, number=number, title=title, text=text,
            adopted_on=day, meeting=meeting, created_by=actor,
        )  # fmt: skip
        record_event(actor=actor, action="resolution.create", target=resolution, after={"number": number})
    return resolution


def resolution_publish(*, actor: Any, resolution: Resolution, published: bool = True) -> Resolution:
    ensure_manages(actor, resolution.congress_id)
    with transaction.atomic():
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if resolution.is_published == published:
            raise ConflictError(_("该决议决定已经公开。") if published else _("该决议决定尚未公开。"))
        resolution.is_published = published
        resolution.published_at = clock.now() if published else None
        resolution.save(update_fields=["is_published", "published_at"])
        record_event(
            actor=actor,
            action="resolution.publish" if published else "resolution.unpublish",
            target=resolution,
        )
    return resolution
