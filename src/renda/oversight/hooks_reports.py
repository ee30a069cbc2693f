"""What the `reports` area plugs into meetings and voting: the agenda kinds "statutory_report" (听取审议法定
报告) and "major_matter" (讨论决定重大事项), and the vote owner "major_matter" whose ``on_closed``
records the decision (``services_reports.matter_record_vote``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models.reports import MajorMatter, MatterState, ReportState, StatutoryReport
from .services_reports import MATTER_AGENDA_KIND, MATTER_VOTE_OWNER, REPORT_AGENDA_KIND, can_manage

# --- statutory reports on an agenda -----------------------------------------------------------------


def report_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    if not can_manage(user, meeting.congress_id):
        return []
    qs = StatutoryReport.objects.filter(congress_id=meeting.congress_id, state=ReportState.RECEIVED).order_by(
        "due_on"
    )
    return [(f"oversight.statutoryreport:{r.pk}", r.title) for r in qs]


def report_label(pk: int) -> str:
    report = StatutoryReport.objects.filter(pk=pk).first()
    return report.title if report else ""


def report_url(pk: int) -> str:
    return reverse("oversight:report_detail", args=[pk])


def report_minutes(item: Any) -> str:
    report = StatutoryReport.objects.filter(pk=item.subject_id).first() if item.subject_id else None
    if report is None or not report.deliberation_summary:
        return ""
    return f"审议情况:{report.deliberation_summary}"


# --- major matters on an agenda and their vote ------------------------------------------------------


def _matter(pk: int) -> MajorMatter:
    return MajorMatter.objects.select_related("agenda_item__meeting").get(pk=pk)


def matter_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    if not can_manage(user, meeting.congress_id):
        return []
    qs = MajorMatter.objects.filter(congress_id=meeting.congress_id, state=MatterState.REPORTED)
    return [(f"oversight.majormatter:{m.pk}", m.title) for m in qs]


def matter_label(pk: int) -> str:
    matter = MajorMatter.objects.filter(pk=pk).first()
    return matter.title if matter else ""


def matter_url(pk: int) -> str:
    return reverse("oversight:matter_detail", args=[pk])


def _meeting_of(pk: int) -> Any:
    from .services_reports import agenda_item_of

    item = agenda_item_of(_matter(pk), MATTER_AGENDA_KIND)
    return item.meeting if item is not None else None


def matter_member_ids(pk: int) -> set[int]:
    from renda.meetings.selectors import member_user_ids

    meeting = _meeting_of(pk)
    return member_user_ids(meeting) if meeting is not None else set()


def matter_present_ids(pk: int) -> set[int]:
    from renda.meetings.selectors import present_user_ids

    meeting = _meeting_of(pk)
    return present_user_ids(meeting) if meeting is not None else set()


def matter_on_closed(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    from .services_reports import matter_record_vote

    matter_record_vote(vote=vote, result=result, actor=actor)


def matter_panel(request: Any, item: Any) -> dict[str, Any]:
    from renda.voting import selectors as voting_selectors
    from renda.voting.choices import VoteState

    matter = MajorMatter.objects.filter(pk=item.subject_id).first() if item.subject_id else None
    if matter is None:
        return {"votes": [], "can_chair": False, "any_open": True}
    votes = list(voting_selectors.votes_of_owner(MATTER_VOTE_OWNER, matter.pk))
    rows = [
        {
            "vote": v,
            "result": voting_selectors.result_view(v),
            "ballot_url": reverse("voting:ballot", args=[v.pk]),
            "control_url": reverse("voting:control", args=[v.pk]),
            "result_url": reverse("voting:result", args=[v.pk]),
        }
        for v in votes
    ]
    decided = matter.state not in (MatterState.SCHEDULED, MatterState.REPORTED)
    return {
        "votes": rows,
        "can_chair": can_manage(request.user, matter.congress_id),
        "create_url": reverse("voting:create", args=[MATTER_VOTE_OWNER, matter.pk])
        + f"?congress={matter.congress_id}",
        "any_open": decided or any(v.state in (VoteState.OPEN, VoteState.DRAFT) for v in votes),
    }


def matter_minutes(item: Any) -> str:
    from renda.voting import selectors as voting_selectors
    from renda.voting.choices import VoteState

    if not item.subject_id:
        return ""
    votes = voting_selectors.votes_of_owner(MATTER_VOTE_OWNER, item.subject_id)
    return "".join(voting_selectors.result_text(v) for v in votes if v.state == VoteState.CLOSED)


def register() -> None:
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.voting.owners import VoteOwner, register_vote_owner

    register_agenda_kind(
        AgendaKind(
            code=REPORT_AGENDA_KIND, label=_("听取和审议法定报告"), subject_choices=report_choices,
            subject_label=report_label, subject_url=report_url, minutes_text=report_minutes, order=12,
        )
    )  # fmt: skip
    register_agenda_kind(
        AgendaKind(
            code=MATTER_AGENDA_KIND, label=_("讨论决定重大事项"), subject_choices=matter_choices,
            subject_label=matter_label, subject_url=matter_url, panel_template="voting/_agenda_panel.html",
            panel_context=matter_panel, minutes_text=matter_minutes, order=22,
        )
    )  # fmt: skip
    register_vote_owner(
        VoteOwner(
            code=MATTER_VOTE_OWNER, label=_("重大事项"), member_user_ids=matter_member_ids,
            present_user_ids=matter_present_ids, subject_label=matter_label, subject_url=matter_url,
            on_closed=matter_on_closed,
        )
    )  # fmt: skip
