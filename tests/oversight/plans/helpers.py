"""Builders through the real services."""

from __future__ import annotations

import datetime as dt

from renda.cases.services import assignment_sign, case_rate, reply_submit
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import Instrument


def make_plan(w, *, year=2026, items=True):
    plan = svc.plan_create(
        actor=w.staff, congress=w.congress, year=year, title=f"示例县人大常委会{year}年度监督工作计划"
    )
    if items:
        svc.plan_item_add(
            actor=w.staff, plan=plan, instrument=Instrument.INSPECTION, title="检查《中华人民共和国义务教育法》实施情况",
            laws="中华人民共和国义务教育法", committee=w.edu_committee, body=w.education, planned_month=5,
        )  # fmt: skip
        svc.plan_item_add(
            actor=w.staff, plan=plan, instrument=Instrument.SPECIAL_REPORT, title="听取审议县人民政府关于养老服务工作情况的报告",
            committee=w.edu_committee, planned_month=8, target_meeting=w.sc_meeting,
        )  # fmt: skip
        svc.plan_item_add(
            actor=w.staff, plan=plan, instrument=Instrument.EVALUATION, title="评议县政府6个组成部门工作",
            committee=w.legal_committee, planned_month=10,
        )  # fmt: skip
    return plan


def make_inspection(w, plan_item=None):
    return svc.inspection_create(
        actor=w.staff, congress=w.congress, year=2026, law="中华人民共和国义务教育法", articles="第二十二条、第四十四条",
        committee=w.edu_committee, body=w.education, plan_item=plan_item,
        starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 3, 9),
    )  # fmt: skip


def carry_out(w, inspection):
    svc.inspection_member_add(actor=w.staff, inspection=inspection, name="马国强", capacity="leader")
    svc.inspection_member_add(actor=w.staff, inspection=inspection, name="张秀英", capacity="deputy")
    svc.inspection_visit_add(
        actor=w.staff, inspection=inspection, visited_on=dt.date(2026, 3, 2), place="城关镇第一小学"
    )
    svc.inspection_findings(
        actor=w.staff, inspection=inspection, findings="农村学校寄宿条件差,教师编制不足。"
    )
    inspection.refresh_from_db()
    return inspection


def rectify(w, case, *, value="satisfied", classification="A"):
    """The education bureau signs, reports, and the staff member who raised the item verifies."""
    case.refresh_from_db()
    assignment = case.assignments.get()
    if assignment.state == "pending_sign":
        assignment_sign(actor=w.clerk, assignment=assignment)
    assignment.refresh_from_db()
    reply = reply_submit(
        actor=w.unit_leader, assignment=assignment, classification=classification,
        text="已新建寄宿制学校宿舍楼两栋,补充教师编制30名。", signing_leader="刘强",
    )  # fmt: skip
    case_rate(actor=w.staff, reply=reply, value=value)
    case.refresh_from_db()
    return case
