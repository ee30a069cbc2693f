"""Reads of meetings: who votes, who is present, the quorum, the attendance list."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import NotFoundError
from renda.core.scopes import scope_of

from .choices import (
    DEFAULT_QUORUM,
    FINAL_STATES,
    AbsenceKind,
    LeaveState,
    MeetingKind,
    MeetingState,
    MemberRole,
)
from .models import Attendance, LeaveRequest, Meeting, MeetingDocument, MeetingKindSetting, MeetingMember

# --- the interface other apps use (voting) -----------------------------------------------------------


def member_user_ids(meeting: Meeting) -> set[int]:
    """Who votes: the meeting's members (not the invitees)."""
    return set(
        MeetingMember.objects.filter(meeting=meeting, role=MemberRole.MEMBER).values_list(
            "user_id", flat=True
        )
    )


def present_user_ids(meeting: Meeting) -> set[int]:
    """Members signed in, leaving out anyone whose leave was approved."""
    on_leave = LeaveRequest.objects.filter(meeting=meeting, state=LeaveState.APPROVED).values("user_id")
    return set(
        Attendance.objects.filter(meeting=meeting, user_id__in=member_user_ids(meeting))
        .exclude(user_id__in=on_leave)
        .values_list("user_id", flat=True)
    )


def is_present(meeting_id: int, user_id: int) -> bool:
    """One member's presence, as ``present_user_ids`` counts it: a member (not an invitee), signed in,
    without approved leave — in one query."""
    return (
        Attendance.objects.filter(meeting_id=meeting_id, user_id=user_id)
        .filter(
            user_id__in=MeetingMember.objects.filter(
                meeting_id=meeting_id, user_id=user_id, role=MemberRole.MEMBER
            ).values("user_id")
        )
        .exclude(
            user_id__in=LeaveRequest.objects.filter(
                meeting_id=meeting_id, user_id=user_id, state=LeaveState.APPROVED
            ).values("user_id")
        )
        .exists()
    )


@dataclass(frozen=True)
class QuorumRule:
    numerator: int
    denominator: int
    strict: bool  # "more than" (过半数) rather than "at least"

    def required(self, members: int) -> int:
        """The fewest present members that make the quorum."""
        if members <= 0:
            return 0
        share = members * self.numerator
        if self.strict:
            return share // self.denominator + 1
        return math.ceil(share / self.denominator)

    @property
    def label(self) -> str:
        if (self.numerator, self.denominator) == (1, 2):
            return _("全体组成人员过半数") if self.strict else _("全体组成人员的二分之一以上")
        if (self.numerator, self.denominator) == (2, 3):
            return _("全体组成人员三分之二以上")
        word = _("超过") if self.strict else _("达到")
        return _("%(w)s全体组成人员的%(d)s分之%(n)s") % {
            "w": word,
            "d": self.denominator,
            "n": self.numerator,
        }


@dataclass(frozen=True)
class QuorumStatus:
    members: int
    present: int
    required: int
    reached: bool
    rule_label: str = ""


def kind_setting(congress: Any, kind: str) -> MeetingKindSetting:
    found = MeetingKindSetting.objects.filter(congress=congress, kind=kind).first()
    return found or MeetingKindSetting(congress=congress, kind=kind)


def quorum_rule(meeting: Meeting) -> QuorumRule:
    s = kind_setting(meeting.congress, meeting.kind)
    return QuorumRule(
        s.quorum_numerator or DEFAULT_QUORUM[0], s.quorum_denominator or DEFAULT_QUORUM[1], s.quorum_strict
    )


def quorum(meeting: Meeting) -> QuorumStatus:
    rule = quorum_rule(meeting)
    members = len(member_user_ids(meeting))
    present = len(present_user_ids(meeting))
    required = rule.required(members)
    return QuorumStatus(members, present, required, members > 0 and present >= required, rule.label)


def _at(year: int, month: int, day: int) -> dt.datetime:
    """Local midnight of a day (the deployment's time zone)."""
    return dt.datetime(year, month, day, tzinfo=timezone.get_current_timezone())


# --- single objects and lists ---------------------------------------------------------------------


def get_meeting_for(user: Any, meeting_id: Any) -> Meeting:
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("会议不存在。")) from None
    found = (
        Meeting.objects.visible_to(user)
        .select_related("congress", "term", "organization", "chair")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError(_("会议不存在。"))
    return found


def seat_of(user: Any, meeting: Meeting) -> MeetingMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MeetingMember.objects.filter(meeting=meeting, user_id=user.pk).first()


def is_manager(user: Any, meeting: Meeting) -> bool:
    """Congress staff of the meeting's congress schedule and run it."""
    return scope_of(user).has_in(meeting.congress_id, "staff")


def can_read_documents(user: Any, meeting: Meeting) -> bool:
    """Members and invitees (and the congress's staff and leaders) read every document of the meeting;
    anyone else only the documents published one by one (``can_read_document``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_of(user).has_in(meeting.congress_id, "staff", "leader"):
        return True
    return MeetingMember.objects.filter(meeting=meeting, user_id=user.pk).exists()


def get_document_for(user: Any, document_id: Any) -> MeetingDocument:
    """A document a reader may download: not-found for missing and forbidden alike."""
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("文件不存在。")) from None
    doc = MeetingDocument.objects.select_related("meeting").filter(pk=pk).first()
    if doc is None or doc.meeting.state == MeetingState.DRAFT and not is_manager(user, doc.meeting):
        raise NotFoundError(_("文件不存在。"))
    if not can_read_document(user, doc):
        raise NotFoundError(_("文件不存在。"))
    return doc


def can_read_document(user: Any, document: MeetingDocument) -> bool:
    """A published document is public; an unpublished one stays with the meeting's readers."""
    if document.is_public and document.meeting.state != MeetingState.DRAFT:
        return True
    return can_read_documents(user, document.meeting)


def public_documents(meeting: Meeting) -> list[MeetingDocument]:
    return list(meeting.documents.filter(is_public=True).select_related("agenda_item"))


def search_meetings(
    user: Any,
    *,
    q: str = "",
    kind: str = "",
    state: str = "",
    year: int | None = None,
    mine: bool = False,
    upcoming: bool = False,
    pending_leave: bool = False,
) -> QuerySet[Meeting]:
    qs = Meeting.objects.visible_to(user).select_related("congress", "term", "organization")
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(place__icontains=q) | Q(agenda__title__icontains=q)
        ).distinct()
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    if state in MeetingState.values:
        qs = qs.filter(state=state)
    if year:
        start = _at(year, 1, 1)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=_at(year + 1, 1, 1))
    if mine:
        qs = qs.filter(members__user_id=user.pk)
    if upcoming:
        from renda.core import clock

        qs = qs.filter(ends_at__gte=clock.now()).exclude(
            state__in=[MeetingState.CLOSED, MeetingState.DRAFT, MeetingState.CANCELLED]
        )
        qs = qs.order_by("starts_at")
    if pending_leave:
        ids = pending_leave_ids_for(user)
        qs = qs.filter(leave_requests__pk__in=ids).distinct()
    return qs


def meetings_in_month(user: Any, year: int, month: int) -> list[Meeting]:
    start = _at(year, month, 1)
    end = _at(year + (month == 12), month % 12 + 1, 1)
    return list(
        Meeting.objects.visible_to(user).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at")
    )


# --- the attendance list ---------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    member: MeetingMember
    status: str  # AbsenceKind
    status_label: str
    signed_in_at: dt.datetime | None
    method_label: str
    minutes_late: int
    leave: LeaveRequest | None
    attendance_id: int | None = None

    @property
    def reason(self) -> str:
        return self.leave.reason if self.leave is not None else ""


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """Every member and invitee with their sign-in, lateness or absence and its reason."""
    members = list(MeetingMember.objects.filter(meeting=meeting).select_related("user"))
    signed = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}
    leaves: dict[int, LeaveRequest] = {}
    for leave in LeaveRequest.objects.filter(meeting=meeting).order_by("requested_at"):
        if leave.state in (LeaveState.PENDING, LeaveState.APPROVED) or leave.user_id not in leaves:
            leaves[leave.user_id] = leave
    over = meeting.state == MeetingState.CLOSED
    rows = []
    for m in members:
        a = signed.get(m.user_id)
        leave = leaves.get(m.user_id)
        if leave is not None and leave.state == LeaveState.APPROVED and a is None:
            status = AbsenceKind.LEAVE
        elif a is not None:
            status = AbsenceKind.LATE if a.is_late else AbsenceKind.PRESENT
        else:
            status = AbsenceKind.ABSENT if over else AbsenceKind.PENDING
        rows.append(
            AttendanceRow(
                member=m,
                status=status,
                status_label=str(AbsenceKind(status).label),
                signed_in_at=a.signed_in_at if a else None,
                method_label=a.get_method_display() if a else "",
                minutes_late=a.minutes_late if a else 0,
                leave=leave,
                attendance_id=a.pk if a else None,
            )
        )
    return rows


@dataclass
class YearRow:
    user_id: int
    name: str
    meetings: int = 0
    present: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    reasons: list[str] | None = None

    @property
    def rate(self) -> str:
        return f"{self.present * 100 / self.meetings:.1f}%" if self.meetings else "—"


def yearly_attendance(
    congress: Any, year: int, kind: str = MeetingKind.STANDING_COMMITTEE
) -> tuple[list[Meeting], list[YearRow]]:
    """Per voting member, over the closed meetings of ``kind`` in ``year``: present, late, leave, absent."""
    start = _at(year, 1, 1)
    end = _at(year + 1, 1, 1)
    meetings = list(
        Meeting.objects.filter(
            congress=congress, kind=kind, state=MeetingState.CLOSED, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at")
    )
    rows: dict[int, YearRow] = {}
    for meeting in meetings:
        for r in attendance_rows(meeting):
            if r.member.role != MemberRole.MEMBER:
                continue
            row = rows.setdefault(
                r.member.user_id, YearRow(r.member.user_id, r.member.user.display_name, reasons=[])
            )
            row.meetings += 1
            if r.status in (AbsenceKind.PRESENT, AbsenceKind.LATE):
                row.present += 1
                row.late += r.status == AbsenceKind.LATE
            elif r.status == AbsenceKind.LEAVE:
                row.leave += 1
                row.reasons.append(f"{meeting.number_label}:{r.reason}")
            else:
                row.absent += 1
    return meetings, sorted(rows.values(), key=lambda r: (-r.meetings, r.name))


def pending_leave_ids_for(user: Any) -> list[int]:
    """Pending leave requests (of meetings not yet over) that this user may decide."""
    from .services import can_decide_leave, leave_deciders_q

    if not getattr(user, "is_authenticated", False):
        return []
    qs = (
        LeaveRequest.objects.filter(state=LeaveState.PENDING)
        .filter(leave_deciders_q(user))
        .exclude(meeting__state__in=FINAL_STATES)
        .select_related("meeting", "meeting__congress")
    )
    decidable: dict[int, bool] = {}
    out = []
    for leave in qs:
        if leave.meeting_id not in decidable:
            decidable[leave.meeting_id] = can_decide_leave(user, leave.meeting)
        if decidable[leave.meeting_id]:
            out.append(leave.pk)
    return out


# --- plenary sessions ------------------------------------------------------------------------------


@dataclass
class DelegationRow:
    name: str
    head: str
    members: int = 0
    present: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0  # not signed in (absent once the meeting is closed)
    delegation_id: int | None = None

    @property
    def rate(self) -> str:
        return f"{self.present * 100 / self.members:.1f}%" if self.members else "—"


def delegation_attendance(session: Meeting) -> list[DelegationRow]:
    """Attendance of a plenary session per delegation (and the deputies not in any delegation)."""
    from .models import Delegation, DelegationMember

    of_user = {
        r.user_id: r.delegation_id
        for r in DelegationMember.objects.filter(session=session).only("user_id", "delegation_id")
    }
    rows: dict[int | None, DelegationRow] = {
        d.pk: DelegationRow(d.name, d.head.display_name if d.head else "", delegation_id=d.pk)
        for d in Delegation.objects.filter(session=session).select_related("head")
    }
    for r in attendance_rows(session):
        if r.member.role != MemberRole.MEMBER:
            continue
        key = of_user.get(r.member.user_id)
        row = rows.get(key)
        if row is None:
            row = rows.setdefault(None, DelegationRow(_("未编入代表团"), ""))
        row.members += 1
        if r.status in (AbsenceKind.PRESENT, AbsenceKind.LATE):
            row.present += 1
            row.late += r.status == AbsenceKind.LATE
        elif r.status == AbsenceKind.LEAVE:
            row.leave += 1
        else:
            row.absent += 1
    return [row for row in rows.values() if row.members or row.delegation_id]


def session_meetings(session: Meeting) -> QuerySet[Meeting]:
    """The delegations' and the presidium's meetings inside a plenary session."""
    return session.sub_meetings.select_related("delegation").order_by("starts_at", "pk")


def quorum_snapshot(meeting_id: int) -> dict[str, Any] | None:
    """What the live quorum shows: state, present / members, the required number, reached or not."""
    meeting = Meeting.objects.select_related("congress").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    q = quorum(meeting)
    return {
        "state": meeting.state,
        "state_label": str(meeting.get_state_display()),
        "members": q.members,
        "present": q.present,
        "required": q.required,
        "reached": q.reached,
        "rule": q.rule_label,
    }
