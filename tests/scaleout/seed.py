"""Minimal data for the scale-out tests, written into the database named by DATABASE_URL.

Run as a program (``python tests/scaleout/seed.py``) by the test, against the test's own PostgreSQL
database: a county congress with staff, two handling units, deputies with mandates and API tokens,
a scheduled standing-committee meeting whose members are the deputies (all signed in) and an open
roll-call vote on its agenda. Prints the ids and the one-time token secrets as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(deputies: int) -> dict:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    import django

    django.setup()

    from renda.api.services import api_token_create
    from renda.cases.calendar import seed_national_calendar
    from renda.core import clock
    from renda.core.choices import CongressLevel, OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, Session, Term, User
    from renda.deputies.models import Deputy, DeputyMandate
    from renda.meetings import services as meetings
    from renda.suggestions import services as suggestions
    from renda.voting import services as voting
    from renda.voting.meetings_link import OWNER_CODE

    seed_national_calendar()
    congress = Congress.objects.create(
        name="扩展测试县人大", region_name="扩展测试县", level=CongressLevel.COUNTY
    )
    term = Term.objects.create(congress=congress, number=18, start_year=2021, end_year=2026, is_current=True)
    today = clock.today()
    Session.objects.create(term=term, number=5, start_date=today - dt.timedelta(days=30), end_date=today)
    org = Organization.objects.create
    committee = org(congress=congress, name="扩展测试县人大常委会", kind=OrganizationKind.STANDING_COMMITTEE)
    office = org(congress=congress, name="县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE)
    unit_a = org(congress=congress, name="县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)
    unit_b = org(congress=congress, name="县交通运输局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)

    def user(username: str, organization: Organization, role: str, full_name: str) -> User:
        u = User.objects.create_user(username=username, password="Renda#Scale2026", full_name=full_name)
        Membership.objects.create(user=u, organization=organization, role=role)
        return u

    staff = user("scale_staff", office, Role.STAFF, "办公室李明")
    clerk = user("scale_clerk", unit_a, Role.UNIT_CLERK, "教育局赵磊")
    members = []
    for i in range(deputies):
        u = user(f"scale_deputy{i:02d}", committee, Role.DEPUTY, f"代表{i:02d}")
        d = Deputy.objects.create(full_name=f"代表{i:02d}", gender="male", user=u)
        DeputyMandate.objects.create(
            deputy=d, congress=congress, term=term, started_on=dt.date(2021, 1, 12), delegation="城关代表团"
        )
        members.append(u)
    suggestions.suggestion_config_ensure(congress=congress)

    start = clock.now() + dt.timedelta(minutes=30)
    meeting = meetings.meeting_create(
        actor=staff,
        congress=congress,
        kind="standing_committee",
        title="扩展测试县第十八届人大常委会第二十次会议",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="常委会会议室",
    )
    for m in members:
        meetings.member_add(actor=staff, meeting=meeting, user=m)
    item = meetings.agenda_item_add(
        actor=staff, meeting=meeting, kind="vote", title="表决关于城区道路改造的决定草案"
    )
    meetings.meeting_schedule(actor=staff, meeting=meeting)
    for m in members:
        meetings.sign_in(actor=staff, meeting=meeting, method="desk", user=m)
    vote = voting.vote_create(
        actor=staff,
        congress=congress,
        owner_code=OWNER_CODE,
        owner_id=item.pk,
        title=item.title,
        method="roll_call",
        option_set="yes_no_abstain",
        rule_code="majority_all",
    )
    vote = voting.vote_open(actor=staff, vote=vote)

    def token(u: User) -> str:
        return api_token_create(actor=u, name="扩展测试")[1]

    return {
        "congress": congress.pk,
        "unit_a": unit_a.pk,
        "unit_b": unit_b.pk,
        "vote": vote.pk,
        "staff": {"id": staff.pk, "token": token(staff)},
        "clerk": {"id": clerk.pk, "token": token(clerk)},
        "deputies": [{"id": m.pk, "token": token(m)} for m in members],
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)))
