"""Task decomposition: the notice read into tasks, each task through the engine (assign, progress,
completion report, verification 销号 or not), recurrence, stalled and overdue flags, the Excel import
(nothing half-imported), the pages, the summary and who sees what."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from docx import Document
from openpyxl import Workbook, load_workbook

from renda.cases import services as engine
from renda.cases.choices import RatingValue
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Membership, Organization
from renda.tasks import imports, selectors, services
from renda.tasks.choices import Recurrence, TaskState
from renda.tasks.models import Task, TaskNotice
from renda.tasks.parse import parse_notice, split_units
from renda.tasks.units import resolve
from tests.factories import PASSWORD, build_world, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]
SEED = Path(__file__).resolve().parents[2] / "src/renda/demo/data/task_notice.txt"
TEXT = """(二)全面加强党对人大工作的领导
1.健全完善党的领导体制。县委每年要专题听取人大工作汇报。(牵头单位:县委办公室;配合单位:示例县人大常委会办公室、县教育局、各乡镇党委)
2.发挥人大常委会党组领导作用。及时向县委请示报告。(牵头单位:示例县人大常委会办公室;配合单位:县委办公室)
"""


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w():
    world = build_world()
    county = world.county
    party = Organization.objects.create(congress=county.congress, name="县委办公室", kind=K.OTHER)
    w = SimpleNamespace(county=county, congress=county.congress, party=party, office=county.office)
    w.staff = county.users["staff"]
    Membership.objects.create(user=w.staff, organization=county.office, role=Role.STAFF)
    w.staff.__dict__.pop("_renda_scope", None)
    w.leader = county.users["leader"]
    w.clerk = county.users["unit_clerk"]  # 示例县教育局
    w.other = county.users["other_clerk"]  # 示例县交通运输局
    w.party_clerk = make_user("partyclerk", party, Role.UNIT_CLERK, "李文华")
    w.sibling_staff = world.sibling.users["staff"]
    return w


def notice(w, text=TEXT):
    n = services.notice_create(actor=w.staff, congress=w.congress, title="关于分解落实重点任务的通知",
                               issuer="中共示例县委办公室", issued_on=dt.date(2026, 3, 3), text=text)  # fmt: skip
    planned = services.plan_notice_text(w.congress, text)
    return n, services.tasks_create(actor=w.staff, notice=n, planned=planned)


# --- reading the notice ----------------------------------------------------------------------------


def test_the_seed_notice_reads_as_its_nineteen_tasks():
    tasks = parse_notice(SEED.read_text("utf-8"))
    assert len(tasks) == 19
    assert [t.section for t in tasks][:3] == ["(一)", "(二)1", "(二)2"]
    first = tasks[1]
    assert first.title == "健全完善党的领导体制" and first.lead == ["县委办公室"]
    assert first.cooperating == ["县人大常委会办公室", "县委组织部", "各乡镇党委"]
    two_leads = next(t for t in tasks if t.section == "(三)4")
    assert two_leads.lead == ["县委办公室", "县政府办公室"]
    assert "牵头单位" not in two_leads.body


def test_unit_names_split_and_resolve_as_written():
    assert split_units("县直各党(工)委、党组、各乡镇党委") == ["县直各党(工)委", "党组", "各乡镇党委"]
    orgs = [
        SimpleNamespace(name=n, short_name="")
        for n in ["示例县卫生健康局", "示例县人民政府办公室", "示例县人民法院"]
    ]
    got = {r.written: (r.organization.name if r.organization else None, r.collective)
           for r in resolve(["县卫健局", "县政府办", "县法院", "各乡镇人大", "县信访局"], orgs)}  # fmt: skip
    assert got == {
        "县卫健局": ("示例县卫生健康局", False), "县政府办": ("示例县人民政府办公室", False),
        "县法院": ("示例县人民法院", False), "各乡镇人大": (None, True), "县信访局": (None, False),
    }  # fmt: skip


# --- the flow through the engine ---------------------------------------------------------------------


def test_tasks_are_assigned_to_lead_and_cooperating_units(w):
    n, tasks = notice(w)
    first = tasks[0]
    roles = {(a.organization.name, a.role) for a in first.case.assignments.select_related("organization")}
    assert roles == {
        ("县委办公室", "lead"),
        ("示例县人大常委会办公室", "co_handler"),
        ("示例县教育局", "co_handler"),
    }
    assert first.case.state == TaskState.ASSIGNED and first.due_on == dt.date(2026, 3, 3) + dt.timedelta(days=90) \
        or first.due_on == dt.date(2026, 11, 20) + dt.timedelta(days=90)  # fmt: skip
    assert first.cooperating_as_written.endswith("各乡镇党委")  # the collective name kept as written
    # the congress office's own task: its staff act for it, from their inbox
    from renda.cases.inbox import inbox_for

    assert inbox_for(w.staff).counts["to_sign"] == 2  # lead of (二)2, co-handler of (二)1
    assert "to_sign" not in inbox_for(w.leader).counts  # the leader sits in the standing committee
    second = tasks[1]
    lead = second.case.assignments.get(role="lead")
    engine.assignment_sign(actor=w.staff, assignment=lead)
    second.case.refresh_from_db()
    assert second.case.state == TaskState.HANDLING


def test_report_verify_close_and_send_back(w):
    n, tasks = notice(w)
    t = tasks[0]
    lead = t.case.assignments.get(role="lead")
    engine.assignment_sign(actor=w.party_clerk, assignment=lead)
    co = t.case.assignments.get(organization=w.county.education)
    engine.assignment_sign(actor=w.clerk, assignment=co)
    engine.progress_report(actor=w.clerk, assignment=co, text="已配合提供教育系统材料。", percent_done=50)
    engine.progress_report(
        actor=w.party_clerk, assignment=lead, text="已列入县委常委会议题。", percent_done=60
    )
    row = selectors.task_rows(w.staff, n).get(pk=t.pk)
    assert row.percent == 60  # the lead unit's percent
    with pytest.raises(ValidationFailed):  # the lead reports for all: the co-handlers' opinions first
        engine.reply_submit(actor=w.party_clerk, assignment=lead, classification="A", text="已完成。",
                            signing_leader="县委办主任")  # fmt: skip
    engine.co_handler_opinion_send(actor=w.clerk, assignment=co, opinion="同意。")
    office_co = t.case.assignments.get(organization=w.office)
    engine.assignment_sign(actor=w.staff, assignment=office_co)
    engine.co_handler_opinion_send(actor=w.staff, assignment=office_co, opinion="同意。")
    lead.refresh_from_db()
    reply = engine.reply_submit(actor=w.party_clerk, assignment=lead, classification="A",
                                text="县委常委会已专题听取人大工作汇报。", signing_leader="县委办主任")  # fmt: skip
    t.case.refresh_from_db()
    assert t.case.state == TaskState.REPORTED
    with pytest.raises(PermissionDeniedError):  # only the responsible staff member verifies
        engine.case_rate(actor=w.leader, reply=reply, value=RatingValue.VERIFIED)
    engine.case_rate(actor=w.staff, reply=reply, value=RatingValue.NOT_VERIFIED, comment="缺少会议纪要。")
    t.case.refresh_from_db()
    assert t.case.state == TaskState.REHANDLING and t.case.closed_at is None
    lead.refresh_from_db()
    reply2 = engine.reply_submit(actor=w.party_clerk, assignment=lead, classification="A",
                                 text="补充会议纪要。", signing_leader="县委办主任",
                                 reason_without_co_handler="协办单位首轮已提交意见,本次仅补充纪要。")  # fmt: skip
    engine.case_rate(actor=w.staff, reply=reply2, value=RatingValue.VERIFIED)
    t.case.refresh_from_db()
    assert t.case.state == TaskState.CLOSED and t.case.closed_at is not None


def test_a_recurring_task_makes_its_next_occurrence_when_closed(w):
    text = "1.专题听取人大工作汇报。每年一次。(牵头单位:示例县人大常委会办公室)"
    n = services.notice_create(actor=w.staff, congress=w.congress, title="年度任务", issuer="县委",
                               issued_on=dt.date(2026, 1, 5))  # fmt: skip
    planned = services.plan_notice_text(w.congress, text)
    planned[0].recurrence, planned[0].due_on = Recurrence.YEARLY, dt.date(2026, 12, 31)
    (t,) = services.tasks_create(actor=w.staff, notice=n, planned=planned)
    lead = t.case.assignments.get(role="lead")
    engine.assignment_sign(actor=w.staff, assignment=lead)
    reply = engine.reply_submit(actor=w.staff, assignment=lead, classification="A", text="已听取。",
                                signing_leader="秘书长")  # fmt: skip
    engine.case_rate(actor=w.staff, reply=reply, value=RatingValue.VERIFIED)
    nxt = Task.objects.get(previous=t)
    assert (nxt.due_on, nxt.occurrence, nxt.case.state) == (dt.date(2027, 12, 31), 2, TaskState.ASSIGNED)
    assert nxt.case.assignments.get(role="lead").organization == w.office


def test_stalled_and_overdue_at_their_boundaries(w, clock):
    n, tasks = notice(w)
    t = tasks[1]
    lead = t.case.assignments.get(role="lead")
    engine.assignment_sign(actor=w.staff, assignment=lead)
    engine.progress_report(actor=w.staff, assignment=lead, text="正在推进。", percent_done=30)
    reported = t.case.assignments.get(role="lead").progress_reports.get().reported_at

    def flags():
        qs = selectors.with_activity(Task.objects.filter(pk=t.pk))
        return qs.filter(selectors.stalled_q(30)).exists(), qs.filter(selectors.overdue_q()).exists()

    clock.set(reported + dt.timedelta(days=30), tick=False)
    assert flags() == (False, False)  # exactly 30 days: not yet stalled
    clock.set(reported + dt.timedelta(days=30, seconds=1), tick=False)
    assert flags()[0] is True
    due = Task.objects.get(pk=t.pk).due_on
    clock.set(dt.datetime.combine(due, dt.time(12)).astimezone(), tick=False)
    assert flags()[1] is False  # due today: not overdue
    clock.set(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(12)).astimezone(), tick=False)
    assert flags()[1] is True


def test_only_staff_create_and_units_are_checked(w):
    with pytest.raises(PermissionDeniedError):
        services.notice_create(
            actor=w.clerk, congress=w.congress, title="x", issuer="y", issued_on=dt.date(2026, 1, 1)
        )
    with pytest.raises(ValidationFailed) as exc:
        services.plan_notice_text(w.congress, "没有任何任务的正文。")
    assert exc.value.field == "text"
    planned = services.plan_notice_text(w.congress, "1.某项工作。(牵头单位:县不存在局)")
    assert planned[0].errors and "县不存在局" in planned[0].errors[0]
    n = services.notice_create(
        actor=w.staff, congress=w.congress, title="x", issuer="y", issued_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationFailed):
        services.tasks_create(actor=w.staff, notice=n, planned=planned)
    assert not Task.objects.exists()


# --- Excel import ---------------------------------------------------------------------------------------


def _xlsx(rows, headers=("编号", "工作任务", "责任单位", "协办单位", "完成时间")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年重点任务分解表"])
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_in_another_layout_reports_the_bad_row_and_imports_nothing_then_everything(w):
    n = services.notice_create(actor=w.staff, congress=w.congress, title="任务表", issuer="县委",
                               issued_on=dt.date(2026, 3, 1))  # fmt: skip
    c = login(w.staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = _xlsx([("1", "完善代表联络站建设", "示例县人大常委会办公室", "示例县教育局", "2026年12月"),
                 ("2", "推进智慧人大建设", "县信访办", "", "2026-13-40")])  # fmt: skip
    r = c.post(f"/tasks/{n.pk}/import/", {"file": SimpleUploadedFile("t.xlsx", bad)})
    assert r.status_code == 302
    page = c.get(f"/tasks/{n.pk}/import/check/").content.decode()
    assert "有 1 行不能导入" in page and "县信访办" in page and "“完成时限”不是有效的日期" in page
    r = c.post(f"/tasks/{n.pk}/import/check/", {"confirm": "1", "col_0": "section", "col_1": "title",
                                                  "col_2": "lead", "col_3": "cooperating", "col_4": "due_on"})  # fmt: skip
    assert r.status_code == 200 and not Task.objects.exists()
    good = _xlsx([("1", "完善代表联络站建设", "示例县人大常委会办公室", "示例县教育局", "2026年12月"),
                  ("2", "推进智慧人大建设", "县委办公室", "", "2027-03-31")])  # fmt: skip
    c.post(f"/tasks/{n.pk}/import/", {"file": SimpleUploadedFile("t.xlsx", good)})
    r = c.post(f"/tasks/{n.pk}/import/check/", {"confirm": "1", "col_0": "section", "col_1": "title",
                                                  "col_2": "lead", "col_3": "cooperating", "col_4": "due_on"})  # fmt: skip
    assert r.status_code == 302, [str(m) for m in r.context["messages"]]
    tasks = list(Task.objects.order_by("sort_order"))
    assert [t.due_on for t in tasks] == [dt.date(2026, 12, 31), dt.date(2027, 3, 31)]
    assert tasks[0].case.assignments.get(role="co_handler").organization == w.county.education
    assert imports.FIELDS[1].label == "任务名称"


# --- pages, export, summary, scope ------------------------------------------------------------------------


def test_pages_export_and_summary(w):
    n, tasks = notice(w)
    c = login(w.staff)
    page = c.get(f"/tasks/{n.pk}/").content.decode()
    assert "健全完善党的领导体制" in page and "0/2" in page and "县委办公室" in page
    xlsx = c.get(f"/tasks/{n.pk}/?export=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row == 3 and ws.cell(2, 3).value == "健全完善党的领导体制"
    doc = Document(io.BytesIO(c.get(f"/tasks/{n.pk}/summary/").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "共分解任务2项" in text and "尚未报送进展" in text
    assert c.get(f"/cases/{tasks[0].case_id}/").status_code == 200
    # the party office's clerk reads its own tasks; another unit does not; the sibling county neither
    assert login(w.party_clerk).get(f"/tasks/{n.pk}/").status_code == 200
    assert login(w.other).get(f"/tasks/{n.pk}/").status_code == 404
    assert login(w.sibling_staff).get(f"/tasks/{n.pk}/").status_code == 404
    assert login(w.party_clerk).get(f"/tasks/{n.pk}/summary/").status_code == 403


def test_create_page_previews_and_saves_nothing_until_confirmed(w):
    c = login(w.staff)
    data = {"title": "关于分解落实重点任务的通知", "issuer": "中共示例县委办公室", "issuer_kind": "party_committee",
            "issued_on": "2026-03-03", "text": TEXT, "preview": "1"}  # fmt: skip
    page = c.post("/tasks/new/", data).content.decode()
    assert "识别出 2 项任务" in page and not TaskNotice.objects.exists()
    data.pop("preview")
    r = c.post("/tasks/new/", {**data, "confirm": "1"})
    assert r.status_code == 302 and Task.objects.count() == 2
    bad = c.post("/tasks/new/", {**data, "title": "", "confirm": "1"}).content.decode()
    assert "请填写通知标题" in bad and TaskNotice.objects.count() == 1


def test_home_todo_and_api(w, clock):
    n, tasks = notice(w)
    from renda.api.services import api_token_create

    secret = api_token_create(actor=w.staff, name="测试")[1]
    r = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"/api/v1/tasks/notices/{n.pk}/tasks")
    assert r.status_code == 200, r.content.decode()
    assert [t["section"] for t in r.json()] == ["(二)1", "(二)2"]
    other = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.other, name='t')[1]}")
    assert other.get(f"/api/v1/tasks/notices/{n.pk}/tasks").status_code == 404  # as the page
    from renda.tasks.todo import task_todos

    clock.set(dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC), tick=False)  # after every due date
    items = {str(i.title): i.count for i in task_todos(w.staff)}
    assert items["超期未完成的分解任务"] == 2


def test_the_demo_loads_the_notice(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    notice = TaskNotice.objects.get()
    assert notice.tasks.count() == 19
    states = set(notice.tasks.values_list("case__state", flat=True))
    assert {TaskState.CLOSED, TaskState.REPORTED, TaskState.HANDLING} <= states
