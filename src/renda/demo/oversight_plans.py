"""The supervision plan of the demo county (示例县) for 2026, with its instruments, made through the
real services of ``renda.oversight.services_plans`` by the demo accounts, each at its own moment.

The story (up to DEMO_AS_OF, 2026-11-20):

- the 2026 plan, adopted by the 51st chairpersons' meeting on 2026-01-22 and published: nine items;
- law-enforcement inspections: 《中华人民共和国义务教育法》 (reported in October, its one rectification
  item at 县教育局 verified and closed, the inspection ended) and 《中华人民共和国草原法》 (reported in
  August, two rectification items still being handled) — R09 met;
- work evaluation: 2025 and 2026 six departments each, scored by the standing committee's members on
  their phones and on paper, ranked and published — R27 lists the departments not yet evaluated in the
  term; an appointee (the head of 县民政局) reported and was evaluated;
- a special inquiry on compulsory education (two questions answered), an interpellation on the county
  hospital's fees (six signatures, answered, closed) and no special-question investigation.

Idempotent: nothing is made again when the 2026 plan exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from .suggestions import demo_clock
from .units import COMMITTEES, COUNTY_CONGRESS

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2026
EDU_COMMITTEE = COMMITTEES[4][0]  # 教科文卫委
FIN_COMMITTEE = COMMITTEES[1][0]  # 财经委
AGRI_COMMITTEE = COMMITTEES[5][0]  # 农工委
LEGAL_COMMITTEE = COMMITTEES[3][0]  # 监察司法委

# (instrument, title, laws, committee, body, month)
ITEMS = [
    ("plan_budget", "听取和审议县人民政府关于2025年度县级决算的报告", "", FIN_COMMITTEE, "县财政局", 6),
    ("plan_budget", "听取和审议2025年度县级预算执行和其他财政收支的审计工作报告", "", FIN_COMMITTEE, "县审计局", 6),
    ("special_report", "听取和审议县人民政府关于义务教育优质均衡发展情况的报告", "", EDU_COMMITTEE, "县教育局", 10),
    ("special_report", "听取和审议县人民法院关于执行工作情况的报告", "", LEGAL_COMMITTEE, None, 11),
    ("inspection", "检查《中华人民共和国义务教育法》在我县的实施情况", "中华人民共和国义务教育法", EDU_COMMITTEE, "县教育局", 9),
    ("inspection", "检查《中华人民共和国草原法》在我县的实施情况", "中华人民共和国草原法", AGRI_COMMITTEE, "县林业和草原局", 7),
    ("inquiry", "围绕义务教育优质均衡发展开展专题询问", "", EDU_COMMITTEE, "县教育局", 10),
    ("evaluation", "对县政府6个组成部门开展工作评议", "", FIN_COMMITTEE, None, 11),
    ("evaluation", "对县民政局局长开展述职评议", "", LEGAL_COMMITTEE, "县民政局", 12),
]  # fmt: skip

# departments evaluated: (year, [(department, base score)])
EVALUATIONS = {
    2025: [("县人力资源和社会保障局", 91), ("县住房和城乡建设局", 84), ("县农业农村局", 88), ("县生态环境局", 86),
           ("县医疗保障局", 90), ("县城市管理综合执法局", 80)],
    2026: [("县教育局", 89), ("县卫生健康局", 92), ("县民政局", 87), ("县自然资源局", 83), ("县交通运输局", 85),
           ("县市场监督管理局", 90)],
}  # fmt: skip


def _at(demo: Any, day: dt.date, hour: int = 10) -> None:
    demo.set(dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ))


def load_oversight_plans_demo() -> dict[str, int]:
    from renda.core.models import Congress, Organization, User
    from renda.deputies.models import DeputyMandate
    from renda.oversight import services_plans as svc
    from renda.oversight.models.plans import SupervisionPlan

    counts: Counter = Counter(
        {k: 0 for k in ("supervision_plans", "plan_items", "inspections", "rectifications", "evaluations",
                        "evaluation_scores", "inquiries", "interpellations")}
    )  # fmt: skip
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    clerk = User.objects.filter(username="unitclerk").first()
    unit_leader = User.objects.filter(username="unitleader").first()
    if county is None or staff is None or SupervisionPlan.objects.filter(congress=county, year=YEAR).exists():
        return dict(counts)
    orgs = {o.name: o for o in Organization.objects.filter(congress=county)}
    members = [
        m.deputy.user
        for m in DeputyMandate.objects.filter(
            congress=county,
            is_standing_committee_member=True,
            ended_on__isnull=True,
            deputy__user__isnull=False,
        )
        .select_related("deputy__user")
        .order_by("pk")
    ]
    if any(name not in orgs for name in (EDU_COMMITTEE, FIN_COMMITTEE, AGRI_COMMITTEE, LEGAL_COMMITTEE)):
        return dict(counts)

    with demo_clock() as demo:
        _at(demo, dt.date(2026, 1, 15))
        plan = svc.plan_create(
            actor=staff, congress=county, year=YEAR, title="示例县人大常委会2026年度监督工作计划",
            summary="围绕县委中心工作和群众关心的热点难点问题,综合运用听取审议专项工作报告、执法检查、专题询问、工作评议等方式开展监督。",
        )  # fmt: skip
        counts["supervision_plans"] += 1
        items = []
        for instrument, title, laws, committee, body, month in ITEMS:
            items.append(
                svc.plan_item_add(
                    actor=staff,
                    plan=plan,
                    instrument=instrument,
                    title=title,
                    laws=laws,
                    committee=orgs[committee],
                    body=orgs.get(body) if body else None,
                    planned_month=month,
                )  # fmt: skip
            )
            counts["plan_items"] += 1
        _at(demo, dt.date(2026, 1, 22), 15)
        svc.plan_adopt(actor=staff, plan=plan, adopted_on=dt.date(2026, 1, 22),
                       meeting_name="县第十八届人大常委会第五十一次主任会议")  # fmt: skip
        svc.plan_publish(actor=staff, plan=plan)
        for item in items[:2]:
            svc.plan_item_set_status(actor=staff, item=item, status="done")
        svc.plan_item_set_status(actor=staff, item=items[2], status="done")

        # --- inspections ---------------------------------------------------------------------------------
        _at(demo, dt.date(2026, 6, 15))
        grass = svc.inspection_create(
            actor=staff, congress=county, year=YEAR, law="中华人民共和国草原法", articles="第三十三条、第四十五条(草畜平衡)",
            committee=orgs[AGRI_COMMITTEE], body=orgs.get("县林业和草原局"), plan_item=items[5],
            starts_on=dt.date(2026, 6, 16), ends_on=dt.date(2026, 6, 26),
        )  # fmt: skip
        _inspect(svc, demo, staff, grass, members, [
            (dt.date(2026, 6, 17), "东坝镇夏季牧场", "草场超载过牧现象仍有发生。"),
            (dt.date(2026, 6, 19), "红湾镇草原站", "草原管护员待遇偏低。"),
        ], "部分草场超载过牧;草原管护员队伍不稳定;草原执法力量不足。")  # fmt: skip
        _at(demo, dt.date(2026, 7, 2))
        for title, unit in (("落实草畜平衡制度,核减超载牲畜", "县林业和草原局"),
                            ("提高草原管护员补助标准", "县财政局")):  # fmt: skip
            svc.inspection_rectification_add(actor=staff, inspection=grass, title=title,
                                             body=f"执法检查发现:{title}不到位,请于年底前整改并报告。",
                                             unit=orgs[unit], deadline=dt.date(2026, 12, 31))  # fmt: skip
            counts["rectifications"] += 1
        _at(demo, dt.date(2026, 8, 27))
        svc.inspection_report(actor=staff, inspection=grass, report="关于检查《中华人民共和国草原法》实施情况的报告:……",
                              reported_on=dt.date(2026, 8, 27))  # fmt: skip
        counts["inspections"] += 1

        _at(demo, dt.date(2026, 9, 7))
        edu = svc.inspection_create(
            actor=staff, congress=county, year=YEAR, law="中华人民共和国义务教育法", articles="第二十二条(均衡发展)、第三十一条(教师待遇)",
            committee=orgs[EDU_COMMITTEE], body=orgs.get("县教育局"), plan_item=items[4],
            starts_on=dt.date(2026, 9, 8), ends_on=dt.date(2026, 9, 18),
        )  # fmt: skip
        _inspect(svc, demo, staff, edu, members, [
            (dt.date(2026, 9, 9), "城关镇第一小学", "城区学校大班额问题突出。"),
            (dt.date(2026, 9, 11), "西河镇寄宿制学校", "寄宿条件有待改善。"),
        ], "城区学位紧张、大班额;农村寄宿制学校生活设施不足;音体美教师缺乏。")  # fmt: skip
        _at(demo, dt.date(2026, 9, 21))
        case = svc.inspection_rectification_add(
            actor=staff, inspection=edu, title="改善农村寄宿制学校生活设施",
            body="执法检查发现农村寄宿制学校宿舍、食堂设施不足,请于11月底前整改并报告。",
            unit=orgs["县教育局"], deadline=dt.date(2026, 11, 30),
        )  # fmt: skip
        counts["rectifications"] += 1
        _at(demo, dt.date(2026, 10, 29))
        svc.inspection_report(actor=staff, inspection=edu, report="关于检查《中华人民共和国义务教育法》实施情况的报告:……",
                              reported_on=dt.date(2026, 10, 29))  # fmt: skip
        counts["inspections"] += 1
        if clerk is not None and unit_leader is not None:
            from renda.cases.services import assignment_sign, case_rate, reply_submit

            _at(demo, dt.date(2026, 9, 22))
            assignment = case.assignments.get()
            assignment_sign(actor=clerk, assignment=assignment)
            _at(demo, dt.date(2026, 11, 10))
            assignment.refresh_from_db()
            reply = reply_submit(
                actor=unit_leader, assignment=assignment, classification="A", signing_leader=unit_leader.full_name,
                text="已为5所农村寄宿制学校新建宿舍楼、改造食堂,配齐生活老师12名。",
            )  # fmt: skip
            _at(demo, dt.date(2026, 11, 16))
            case_rate(actor=staff, reply=reply, value="satisfied", comment="经现场核实,整改到位。")
            svc.inspection_close(actor=staff, inspection=edu)

        # --- evaluations -----------------------------------------------------------------------------------
        for year, rows in EVALUATIONS.items():
            for k, (name, base) in enumerate(rows):
                if name not in orgs:
                    continue
                _at(demo, dt.date(year, 9, 1))
                ev = svc.evaluation_create(actor=staff, congress=county, year=year, kind="department",
                                           department=orgs[name], plan_item=items[7] if year == YEAR else None)  # fmt: skip
                counts["evaluations"] += 1
                counts["evaluation_scores"] += _evaluate(svc, demo, staff, ev, members, base, year, k)
        _at(demo, dt.date(2026, 11, 12))
        appointee = svc.evaluation_create(actor=staff, congress=county, year=YEAR, kind="appointee",
                                          department=orgs["县民政局"], appointee_name="赵永红",
                                          appointee_post="县民政局局长", plan_item=items[8])  # fmt: skip
        counts["evaluations"] += 1
        svc.evaluation_self_report(
            actor=staff, evaluation=appointee, text="任职以来,本人认真履行职责……(述职报告)"
        )

        # --- inquiry and interpellation ------------------------------------------------------------------
        _at(demo, dt.date(2026, 10, 29), 15)
        inquiry = svc.inquiry_create(actor=staff, congress=county, year=YEAR, topic="义务教育优质均衡发展",
                                     body=orgs["县教育局"], plan_item=items[6])  # fmt: skip
        for asker, question, answer in (
            (members[0] if members else None, "城区大班额问题何时能够彻底解决?", "计划2027年秋季新建学校投用后消除大班额。"),
            (members[1] if len(members) > 1 else None, "农村学校音体美教师短缺如何解决?", "通过县管校聘和特岗计划每年补充30名。"),
        ):  # fmt: skip
            q = svc.inquiry_question_add(actor=staff, inquiry=inquiry, asker_name=asker.full_name if asker else "委员",
                                         asker_capacity="member", question=question, answerer="县教育局局长")  # fmt: skip
            svc.inquiry_answer(actor=staff, question=q, answerer="县教育局局长", answer=answer)
        counts["inquiries"] += 1
        if len(members) >= 6:
            _at(demo, dt.date(2026, 5, 20))
            motion = svc.interpellation_create(
                actor=members[0], congress=county, subject="关于县人民医院医疗收费不规范问题的质询案", body=orgs["县卫生健康局"],
                questions="群众反映县人民医院存在重复收费、过度检查等问题,请县卫生健康局说明原因和整改措施。",
            )  # fmt: skip
            for m in members[1:6]:
                svc.interpellation_sign(actor=m, interpellation=motion)
            svc.interpellation_admit(actor=staff, interpellation=motion)
            _at(demo, dt.date(2026, 6, 25))
            svc.interpellation_answer(actor=staff, interpellation=motion, answered_on=dt.date(2026, 6, 25),
                                      answer="已开展专项整治,退还多收费用12.6万元,建立收费公示制度。",
                                      satisfied=5, dissatisfied=1)  # fmt: skip
            counts["interpellations"] += 1
    return dict(counts)


def _inspect(
    svc: Any, demo: Any, staff: Any, inspection: Any, members: list[Any], visits: list[Any], findings: str
) -> None:
    for m in members[:3]:
        svc.inspection_member_add(
            actor=staff, inspection=inspection, name=m.full_name, capacity="member", user=m
        )
    svc.inspection_member_add(actor=staff, inspection=inspection, name="才让卓玛", capacity="deputy")
    for day, place, notes in visits:
        _at(demo, day, 17)
        svc.inspection_visit_add(actor=staff, inspection=inspection, visited_on=day, place=place, notes=notes)
    svc.inspection_findings(actor=staff, inspection=inspection, findings=findings)


def _evaluate(
    svc: Any, demo: Any, staff: Any, ev: Any, members: list[Any], base: int, year: int, k: int
) -> int:
    svc.evaluation_self_report(
        actor=staff, evaluation=ev, text=f"{ev.department.name}{year - 1}年度工作情况自查报告……"
    )
    _at(demo, dt.date(year, 9, 25))
    svc.evaluation_activity_add(actor=staff, evaluation=ev, kind="visit", held_on=dt.date(year, 9, 10 + k),
                                participants=8 + k, summary="代表走访服务对象和基层站所,收集意见建议。")  # fmt: skip
    svc.evaluation_activity_add(actor=staff, evaluation=ev, kind="survey", held_on=dt.date(year, 9, 20),
                                participants=120 + 10 * k, summary="发放满意度调查问卷,回收有效问卷。")  # fmt: skip
    _at(demo, dt.date(year, 10, 29), 14)
    svc.evaluation_open_scoring(actor=staff, evaluation=ev, meeting_on=dt.date(year, 10, 29))
    made = 0
    for i, m in enumerate(members):
        svc.evaluation_score_cast(actor=m, evaluation=ev, score=max(0, min(100, base + (i * 7 + k) % 9 - 4)))
        made += 1
    for i in range(3):
        svc.evaluation_score_enter(actor=staff, evaluation=ev, rater_name=f"列席代表{i + 1}",
                                   sheet_number=f"{year}-{ev.pk}-{i + 1}", score=base - 2 + i)  # fmt: skip
        made += 1
    svc.evaluation_close_scoring(actor=staff, evaluation=ev)
    _at(demo, dt.date(year, 11, 5))
    ev.refresh_from_db()
    svc.evaluation_publish(actor=staff, evaluation=ev,
                           result_note=f"测评平均分{ev.average}分,在本年度评议的部门中排名第{ev.rank}。")  # fmt: skip
    return made
