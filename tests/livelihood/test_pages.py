"""Pages through the test client: the public form (captcha, kept input, rate limit), every public
stage, the staff pages with their stage controls, the list's filters and export, and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from renda.cases.services import assignment_sign, progress_report
from renda.liaison.captcha import SESSION_KEY
from renda.livelihood.choices import ProjectState
from renda.livelihood.models import CandidateProject

from .conftest import TITLES, login, make_programme, run_ballot, to_voting


def _answer(client):
    return client.session[SESSION_KEY]["answer"]


@pytest.mark.clock("2025-11-01 09:30")
def test_public_proposal_form_captcha_kept_input_and_rate_limit(w):
    p, _projects = make_programme(w)
    c = Client()
    index = c.get(reverse("livelihood:public_index"))
    assert index.status_code == 200 and "正在征集候选项目" in index.content.decode()
    url = reverse("livelihood:public_propose", args=[p.pk])
    assert c.get(url).status_code == 200
    data = {
        "title": "西街菜市场改造提升",
        "description": "西街菜市场年久失修,建议改造排水和摊位。",
        "captcha": "999",
    }
    r = c.post(url, data)
    assert "验证码不正确" in r.content.decode() and "西街菜市场年久失修" in r.content.decode()
    r = c.post(url, {**data, "title": "", "captcha": str(_answer(c))})
    assert "请填写项目名称" in r.content.decode() and "西街菜市场年久失修" in r.content.decode()
    r = c.post(url, {**data, "captcha": str(_answer(c))})
    assert "感谢您的建议" in r.content.decode()
    x = CandidateProject.objects.get(title="西街菜市场改造提升")
    assert x.proposer_kind == "public" and x.state == ProjectState.PROPOSED and x.client_key
    for i in range(2):
        c.get(url)
        c.post(url, {**data, "title": f"东街路灯维修第{i}批", "captcha": str(_answer(c))})
    c.get(url)
    r = c.post(url, {**data, "title": "南街公厕改造", "captcha": str(_answer(c))})
    assert "提交过于频繁" in r.content.decode()
    assert not CandidateProject.objects.filter(title="南街公厕改造").exists()


@pytest.mark.clock("2025-12-05 09:30")
def test_public_form_closed_after_collection(w):
    p, _projects = make_programme(w)
    r = Client().get(reverse("livelihood:public_propose", args=[p.pk]))
    assert "征集已经截止" in r.content.decode()


@pytest.mark.clock("2026-01-15 09:30")
def test_public_pages_show_every_stage_and_progress(w):
    p, projects = make_programme(w)
    c = Client()
    url = reverse("livelihood:public_programme", args=[p.pk])
    p = to_voting(w, p, projects)
    body = c.get(url).content.decode()
    assert "候选项目" in body and TITLES[0] in body and TITLES[5] not in body  # not adopted: not shown
    ballots = {u: TITLES[:3] for u in w.deputies}
    p, _vote = run_ballot(w, p, ballots)
    first = CandidateProject.objects.get(programme=p, title=TITLES[0])
    a = first.case.assignments.get()
    assignment_sign(actor=w.clerk, assignment=a)
    progress_report(actor=w.clerk, assignment=a, text="完成施工招标", percent_done=45)
    body = c.get(url).content.decode()
    assert "票决结果" in body and 'value="45"' in body and "完成施工招标" in body
    assert "监督实施" in body
    staff_page = login(w.staff).get(reverse("livelihood:programme_detail", args=[p.pk])).content.decode()
    assert (
        "implementation-table" in staff_page
        and "livelihood-chart-data" in staff_page
        and "2026-01-15" in staff_page
    )
    # The portal's menu links to it.
    assert reverse("livelihood:public_index") in c.get(reverse("portal:home")).content.decode()


@pytest.mark.clock("2026-01-15 09:30")
def test_staff_pages_controls_filters_export(w):
    p, projects = make_programme(w)
    staff = login(w.staff)
    detail = reverse("livelihood:programme_detail", args=[p.pk])
    assert staff.get(reverse("livelihood:programme_list")).status_code == 200
    assert "完成本阶段" in staff.get(detail).content.decode()
    r = staff.post(detail, {"action": "advance"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.stage == "shortlisting"
    # Screening through the page: a missing reason is shown on the field.
    page = reverse("livelihood:project_detail", args=[projects[0].pk])
    r = staff.post(page, {"decision": "reject", "note": ""})
    assert r.status_code == 200 and "请填写甄别意见" in r.content.decode()
    r = staff.post(
        page, {"decision": "shortlist", "responsible_unit": w.county.education.pk, "budget": "120.5"}
    )
    assert r.status_code == 302
    projects[0].refresh_from_db()
    assert projects[0].state == "shortlisted" and str(projects[0].budget) == "120.50"
    # Too early to advance: the refusal is a message, nothing changes.
    r = staff.post(detail, {"action": "advance"}, follow=True)
    assert "应为5项" in r.content.decode()
    lst = reverse("livelihood:project_list", args=[p.pk])
    body = staff.get(lst, {"state": "shortlisted"}).content.decode()
    assert TITLES[0] in body and TITLES[1] not in body
    body = staff.get(lst, {"q": "公交"}).content.decode()
    assert "城乡公交线路延伸" in body and TITLES[0] not in body
    x = staff.get(lst, {"export": "xlsx"})
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")
    api = staff.get(f"/api/v1/livelihood/programmes/{p.pk}/projects")
    assert api.status_code == 200 and len(api.json()) == 6


@pytest.mark.clock("2025-11-01 09:30")
def test_readers_and_strangers(w):
    p, projects = make_programme(w)
    detail = reverse("livelihood:programme_detail", args=[p.pk])
    deputy = login(w.deputies[0])
    body = deputy.get(detail).content.decode()
    assert "完成本阶段" not in body and "提出候选项目" in body
    assert deputy.post(detail, {"action": "advance"}).status_code == 302
    p.refresh_from_db()
    assert p.stage == "collecting"
    r = deputy.post(reverse("livelihood:project_create", args=[p.pk]),
                    {"title": "村级文化广场建设", "description": "在五个行政村建设文化广场。"})  # fmt: skip
    assert r.status_code == 302
    assert CandidateProject.objects.get(title="村级文化广场建设").proposer_user == w.deputies[0]
    sibling = login(w.sibling_staff)
    assert sibling.get(detail).status_code == 404
    assert sibling.get(f"/api/v1/livelihood/programmes/{p.pk}/projects").status_code == 404
    anon = Client().get(detail)
    assert anon.status_code == 302


@pytest.mark.clock("2026-01-15 09:30")
def test_ballot_on_the_plenary_agenda_uses_the_meetings_members(w):
    from renda.meetings import services as meetings
    from renda.meetings.choices import MeetingKind, MemberRole
    from renda.voting.models import VoteEligibility

    p, projects = make_programme(w)
    p = to_voting(w, p, projects)
    start = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
    m = meetings.meeting_create(actor=w.staff, congress=w.congress, kind=MeetingKind.PLENARY,
                                title="示例县第十八届人民代表大会第六次会议", starts_at=start,
                                ends_at=start + dt.timedelta(hours=4), place="县会议中心")  # fmt: skip
    for u in w.deputies[:7]:
        meetings.member_add(actor=w.staff, meeting=m, user=u, role=MemberRole.MEMBER, capacity="代表")
    meetings.agenda_item_add(actor=w.staff, meeting=m, kind="livelihood_ballot", title="票决2026年度民生实事项目",
                             subject=f"livelihood.programme:{p.pk}")  # fmt: skip
    from renda.livelihood import services
    from renda.voting import services as voting

    vote = voting.vote_open(actor=w.staff, vote=services.ballot_create(actor=w.staff, programme=p))
    assert set(VoteEligibility.objects.filter(vote=vote).values_list("user_id", flat=True)) == {
        u.pk for u in w.deputies[:7]
    }
    p.refresh_from_db()
    assert p.agenda_item.meeting == m
    page = login(w.staff).get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "livelihood-agenda-panel" in page


@pytest.mark.clock("2025-11-01 09:30")
def test_todo_proposals_to_screen_and_ballot_to_cast(w):
    from renda.livelihood.todo import ballot_todos, staff_todos

    p, projects = make_programme(w)
    items = staff_todos(w.staff)
    assert [i.count for i in items] == [6] and "state=proposed" in items[0].url
    assert staff_todos(w.deputies[0]) == [] and ballot_todos(w.deputies[0]) == []
    assert staff_todos(w.sibling_staff) == []


@pytest.mark.clock("2025-11-01 09:30")
def test_station_keeper_records_a_proposal_of_the_station(w):
    p, _projects = make_programme(w)
    keeper = login(w.u["station_keeper"])
    assert keeper.get(reverse("livelihood:programme_detail", args=[p.pk])).status_code == 200
    url = reverse("livelihood:project_create", args=[p.pk])
    page = keeper.get(url).content.decode()
    assert "responsible_unit" not in page and w.county.station.name in page
    r = keeper.post(url, {"title": "城关镇背街小巷硬化", "description": "群众在联络站接待日反映背街小巷道路泥泞。",
                          "station": w.county.station.pk, "proposer_name": "居民王大爷"})  # fmt: skip
    assert r.status_code == 302
    x = CandidateProject.objects.get(title="城关镇背街小巷硬化")
    assert (x.proposer_kind, x.station, x.proposer_name) == ("station", w.county.station, "居民王大爷")
    # The other county's keeper cannot.
    other = login(w.world.sibling.users["station_keeper"])
    assert other.get(reverse("livelihood:programme_detail", args=[p.pk])).status_code == 404


@pytest.mark.clock("2025-11-01 09:30")
def test_programme_settings_until_the_ballot(w):
    p, _projects = make_programme(w)
    staff = login(w.staff)
    url = reverse("livelihood:programme_detail", args=[p.pk])
    data = {"action": "settings", "title": p.title, "seats": 3, "shortlist_size": 3, "pass_rule": "majority_all",
            "tie_rule": "presidium", "collect_starts_on": "2025-10-01", "collect_ends_on": "2025-11-30"}  # fmt: skip
    r = staff.post(url, data)
    assert r.status_code == 400 and "差额" in r.content.decode()
    r = staff.post(url, {**data, "shortlist_size": 4})
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.seats, p.shortlist_size, p.pass_rule, p.tie_rule) == (3, 4, "majority_all", "presidium")
    assert login(w.deputies[0]).post(url, {**data, "seats": 1}).status_code == 302
    p.refresh_from_db()
    assert p.seats == 3
