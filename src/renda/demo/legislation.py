"""The demo county's legislation (示例县): the 2026 yearly plan adopted by vote at the 30th standing-
committee meeting and published; the grassland regulation open for public comment (with comments from the
portal, a contact point's return and an expert consultation) and on the 36th meeting's agenda for its first
reading; a second draft in two versions; proposals for 2027 (one from the portal); two regulations made
before the platform, one amended; a clean-up campaign and a post-legislation evaluation.

Everything through ``renda.legislation.services`` / ``participation`` at its own moment (``demo_clock``).
Idempotent: when the county already has a legislative plan nothing is done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

GRASSLAND = """示例县草原生态保护条例(草案)

第一章 总则
第一条 为了保护和改善草原生态环境,促进畜牧业可持续发展,根据《中华人民共和国草原法》等法律、法规,结合本县实际,制定本条例。
第二条 本县行政区域内草原的规划、保护、建设、利用和管理活动,适用本条例。
第三条 县人民政府林业和草原主管部门负责本县草原的监督管理工作;乡镇人民政府负责本辖区草原保护的具体工作。
第四条 草原保护坚持保护优先、合理利用、以草定畜、草畜平衡的原则。
第二章 保护与建设
第五条 县人民政府应当划定基本草原,设立保护标志,向社会公布。
第六条 草原承包经营者应当按照核定的载畜量放牧,实行划区轮牧、季节性休牧。
第七条 禁止在草原上开垦、采挖甘草等植物和擅自采砂取土。
第三章 法律责任
第八条 违反本条例第六条规定超载放牧的,由县人民政府林业和草原主管部门责令改正。
第九条 本条例自公布之日起施行。
"""

UNITY_V1 = """示例县民族团结进步促进条例(草案)

第一条 为了促进民族团结进步,铸牢中华民族共同体意识,根据有关法律、法规,结合本县实际,制定本条例。
第二条 本县行政区域内的民族团结进步促进工作,适用本条例。
第三条 县人民政府负责民族团结进步促进工作,民族宗教事务部门具体组织实施。
第四条 每年九月为本县民族团结进步活动月。
第五条 本条例自公布之日起施行。
"""
UNITY_V2 = UNITY_V1.replace(
    "民族宗教事务部门具体组织实施", "民族宗教事务部门具体组织实施,其他部门按照职责做好相关工作"
).replace(
    "第五条 本条例自公布之日起施行。",
    "第五条 学校应当将民族团结进步教育纳入教育教学内容。\n第六条 本条例自公布之日起施行。",
)

SANITATION = """示例县城乡容貌和环境卫生管理条例

第一条 为了加强城乡容貌和环境卫生管理,创造整洁、优美的生活环境,制定本条例。
第二条 本县行政区域内城乡容貌和环境卫生的管理活动,适用本条例。
第三条 县人民政府环境卫生主管部门负责本条例的组织实施。
第四条 本条例自2020年1月1日起施行。
"""

WATER = """示例县水资源保护条例

第一条 为了合理开发、利用、节约和保护水资源,根据《中华人民共和国水法》,制定本条例。
第二条 县人民政府水行政主管部门负责本县水资源的统一管理和监督。
第三条 本条例自2018年3月1日起施行。
"""

COMMENTS = [
    (3, "建议第三条明确乡镇人民政府与林草部门的分工,避免多头管理。", "城关镇牧民马先生"),
    (6, "第六条的载畜量核定应当每三年调整一次,并向牧户公开。", ""),
    (6, "希望对季节性休牧给予生态补助,减轻牧民负担。", "草原站退休职工"),
    (7, "第七条建议增加禁止在草原上倾倒垃圾的规定。", ""),
    (None, "总体赞成制定本条例,建议增加草原防火的内容。", "县志愿者协会"),
    (8, "罚则过轻,建议对多次超载放牧的加重处罚。", ""),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ)


def _staff(name: str, username: str, org: Any) -> Any:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from renda.core import clock
    from renda.core.choices import Role
    from renda.core.models import Membership, User

    user = User.objects.filter(username=username).first() or User.objects.create(
        username=username, full_name=name, password=make_password(settings.RENDA["DEMO_PASSWORD"]),
        must_change_password=False, password_changed_at=clock.now(),
    )  # fmt: skip
    Membership.objects.get_or_create(user=user, organization=org, role=Role.STAFF)
    return user


def load_legislation_demo() -> dict[str, int]:
    """``{"legislation": n}``: the plans, projects and comments made (0 when already loaded)."""
    counts = _load()
    return {"legislation": sum(counts.values())}


def _load() -> dict[str, int]:
    from django.apps import apps

    counts = {"legislative_plans": 0, "legislative_projects": 0, "legislative_comments": 0}
    if not apps.is_installed("renda.meetings"):
        return counts
    from renda.core.models import Congress, Organization
    from renda.legislation import participation as part
    from renda.legislation import services
    from renda.legislation.models import LegislativePlan
    from renda.meetings.models import Meeting
    from renda.meetings.selectors import present_user_ids
    from renda.voting import services as voting

    from .suggestions import demo_clock
    from .units import COUNTY_CONGRESS

    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    legal_org = Organization.objects.filter(congress=county, name="示例县人大法制委员会").first()
    agri_org = Organization.objects.filter(congress=county, name="示例县人大常委会农业农村工作委员会").first()
    if county is None or legal_org is None or agri_org is None:
        return counts
    if LegislativePlan.objects.filter(congress=county).exists():
        return counts
    sc = Meeting.objects.filter(congress=county, kind="standing_committee")
    m30, m36 = sc.filter(number=30).first(), sc.filter(number=36).first()
    with demo_clock() as clock:
        clock.set(_at(dt.date(2025, 10, 15)))
        legal = _staff("韩立法", "fazhi", legal_org)
        agri = _staff("林农工", "nonggong", agri_org)
        # the existing body of law
        sanitation = services.regulation_register(
            actor=legal, congress=county, title="示例县城乡容貌和环境卫生管理条例", text=SANITATION,
            drafting_body="县住房和城乡建设局", passed_on="2019-06-27", approved_on="2019-09-26",
            approving_body="示例省人大常委会", approval_document="示省人常〔2019〕12号", effective_on="2020-01-01",
        )  # fmt: skip
        water = services.regulation_register(
            actor=legal, congress=county, title="示例县水资源保护条例", text=WATER, drafting_body="县水务局",
            passed_on="2017-08-30", approved_on="2017-11-24", approving_body="示例省人大常委会",
            approval_document="示省人常〔2017〕20号", effective_on="2018-03-01",
        )  # fmt: skip
        services.project_amend(actor=legal, project=water, amended_on="2023-06-29",
                               note="根据《中华人民共和国长江保护法》修改第二条")  # fmt: skip
        counts["legislative_projects"] += 2
        # the 2026 plan: proposals, study, inclusion, the vote at the 30th meeting, publication
        grass = services.project_propose(
            actor=legal, congress=county, title="示例县草原生态保护条例", source="government",
            proposer_name="示例县人民政府", reason="全县草原面积大,超载放牧和非法开垦时有发生,需要以地方性法规加以规范。",
            drafting_body="县林业和草原局", responsible_committee=agri_org,
        )  # fmt: skip
        unity = services.project_propose(
            actor=legal, congress=county, title="示例县民族团结进步促进条例", source="deputy",
            proposer_name="马国强等10名代表", reason="巩固民族团结进步创建成果,将行之有效的经验上升为法规。",
        )  # fmt: skip
        counts["legislative_projects"] += 2
        clock.set(_at(dt.date(2025, 11, 20)))
        plan = services.plan_create(
            actor=legal, congress=county, kind="yearly", title="示例县人大常委会2026年度立法计划", start_year=2026,
            description="根据县委工作部署和社会各方面的立法需求,经论证,拟定2026年度立法项目。",
        )  # fmt: skip
        counts["legislative_plans"] += 1
        for project, body, committee, readings in ((grass, "县林业和草原局", agri_org, 2),
                                                   (unity, "县民族宗教事务局", legal_org, 3)):  # fmt: skip
            services.project_study(actor=legal, project=project, note="立项必要,条件成熟。")
            services.project_include(actor=legal, project=project, plan=plan, drafting_body=body,
                                     responsible_committee=committee, target_readings=readings)  # fmt: skip
        if m30 is not None and present_user_ids(m30):
            clock.set(_at(dt.date(2025, 12, 25), 11))
            vote = services.plan_submit_vote(actor=legal, plan=plan, meeting=m30)
            vote = voting.vote_open(actor=legal, vote=vote)
            from renda.core.models import User

            for n, uid in enumerate(sorted(present_user_ids(m30))):
                voting.vote_cast(actor=User.objects.get(pk=uid), vote=vote, choices=["abstain" if n == 0 else "yes"],
                                 idempotency_key=f"demo-plan-{vote.pk}-{uid:08d}")  # fmt: skip
            voting.vote_close(actor=legal, vote=vote)
            clock.set(_at(dt.date(2025, 12, 29)))
            plan.refresh_from_db()
            if plan.state == "adopted":
                services.plan_publish(actor=legal, plan=plan)
        # drafting: the grassland regulation and the unity regulation (two versions)
        clock.set(_at(dt.date(2026, 1, 12)))
        services.project_start_drafting(actor=agri, project=grass)
        services.project_start_drafting(actor=legal, project=unity)
        clock.set(_at(dt.date(2026, 6, 15)))
        services.version_add(actor=legal, project=unity, label="征求意见稿", text=UNITY_V1,
                             explanation="条例草案共五条,明确了工作职责和活动月。")  # fmt: skip
        clock.set(_at(dt.date(2026, 9, 18)))
        services.version_add(actor=legal, project=unity, label="修改稿", text=UNITY_V2,
                             explanation="吸收各方意见,增加了学校教育的内容。")  # fmt: skip
        clock.set(_at(dt.date(2026, 11, 6)))
        v1 = services.version_add(
            actor=agri, project=grass, label="征求意见稿", text=GRASSLAND,
            explanation="关于《示例县草原生态保护条例(草案)》的说明:草案共三章九条,规定了基本草原保护、草畜平衡和法律责任。",
            review_report="农业农村工作委员会审查认为,草案基本可行,建议公开征求意见后提请审议。",
        )  # fmt: skip
        clock.set(_at(dt.date(2026, 11, 9)))
        period = services.period_open(
            actor=agri, project=grass, version=v1, opens_on="2026-11-10", closes_on="2026-12-10",
            notice="为增强立法的公开性和透明度,现将草案全文公布,征求社会各界意见。",
        )  # fmt: skip
        # the contact points, the experts and a consultation
        points = [
            part.contact_point_create(actor=legal, congress=county, name=name, host=host, established_on="2023-05-10")
            for name, host in (("城关镇东街社区基层立法联系点", "东街社区居民委员会"),
                               ("红湾寺镇牧民基层立法联系点", "红湾寺镇人民政府"),
                               ("县律师协会基层立法联系点", "示例县律师协会"))
        ]  # fmt: skip
        for point, (name, cap) in zip(points, (("赵信息员", "社区干部"), ("安巴特尔", "牧民代表"), ("周律师", "执业律师")),
                                      strict=True):  # fmt: skip
            part.contact_point_member_add(actor=legal, point=point, name=name, capacity=cap)
        experts = [
            part.expert_create(actor=legal, congress=county, name=name, field=field, affiliation=aff, title=title,
                               term_start="2024-01-01", term_end="2026-12-31")  # fmt: skip
            for name, field, aff, title in (("钱立群", "环境与资源保护法", "示例大学法学院", "教授"),
                                            ("孙草原", "草原生态", "示例省草原工作站", "研究员"),
                                            ("李民族", "民族法学", "示例民族学院", "副教授"))
        ]  # fmt: skip
        clock.set(_at(dt.date(2026, 11, 10), 9))
        sent = [part.solicitation_send(actor=agri, period=period, kind="contact_point", point=p, due_on="2026-12-05")
                for p in points[:2]]  # fmt: skip
        part.solicitation_send(
            actor=agri, period=period, kind="organisation", addressee="县司法局", due_on="2026-12-05"
        )
        for n, (article, body, name) in enumerate(COMMENTS):
            clock.set(_at(dt.date(2026, 11, 11 + n), 15))
            services.comment_submit_public(period=period, body=body, article=article, author_name=name,
                                           client_ip=f"198.51.100.{10 + n}")  # fmt: skip
            counts["legislative_comments"] += 1
        clock.set(_at(dt.date(2026, 11, 17)))
        made = part.solicitation_return(actor=agri, solicitation=sent[1], opinions=[
            (6, "牧民普遍希望休牧期间给予饲草料补贴。"), (5, "基本草原的划定应当征求牧户意见。")])  # fmt: skip
        counts["legislative_comments"] += len(made)
        consult = part.consultation_record(
            actor=agri, project=grass, kind="expert_meeting", subject="草原生态保护条例草案立法论证会",
            held_on="2026-11-16", place="县人大常委会第二会议室", summary="专家认为草案总体可行,法律责任部分需与上位法衔接。",
        )  # fmt: skip
        part.expert_opinion_add(actor=agri, consultation=consult, expert=experts[0], fee="800",
                                text="第八条的处罚应当与《草原法》第六十五条衔接,不宜另设罚则。")  # fmt: skip
        part.expert_opinion_add(actor=agri, consultation=consult, expert=experts[1], fee="800",
                                text="载畜量核定应以草原监测数据为依据,建议每三年核定一次。")  # fmt: skip
        clock.set(_at(dt.date(2026, 11, 18)))
        services.project_submit(actor=agri, project=grass)
        if m36 is not None and m36.state == "scheduled":
            services.reading_schedule(actor=agri, project=grass, meeting=m36, ordinal=1, version=v1)
        # proposals for 2027 (one through the portal) and the 2027—2031 programme being drawn up
        clock.set(_at(dt.date(2026, 10, 20), 20))
        services.project_propose_public(
            congress=county, title="示例县古树名木保护条例", proposer_name="城关镇居民王大爷",
            reason="县城和乡村有不少古树,缺乏保护管理规定,建议制定条例。", client_ip="198.51.100.99",
        )  # fmt: skip
        clock.set(_at(dt.date(2026, 11, 5)))
        tourism = services.project_propose(
            actor=legal, congress=county, title="示例县乡村旅游促进条例", source="deputy", proposer_name="吴海燕代表",
            reason="乡村旅游发展迅速,需要规范经营、保护资源、促进增收。",
        )  # fmt: skip
        services.project_study(actor=legal, project=tourism, note="需进一步调研。")
        program = services.plan_create(
            actor=legal, congress=county, kind="multi_year", title="示例县人大常委会立法规划(2027—2031年)",
            start_year=2027, end_year=2031, description="正在编制,广泛征集立法项目。",
        )  # fmt: skip
        services.project_include(actor=legal, project=tourism, plan=program, category="preparatory",
                                 drafting_body="县文化和旅游局", responsible_committee=agri_org)  # fmt: skip
        counts["legislative_plans"] += 1
        counts["legislative_projects"] += 2
        # clean-up and post-legislation evaluation
        clock.set(_at(dt.date(2026, 9, 1)))
        campaign = part.cleanup_create(actor=legal, congress=county, title="2026年地方性法规专项清理",
                                       reason="根据上位法修改情况,对现行有效的法规进行清理。")  # fmt: skip
        part.cleanup_item_add(actor=legal, campaign=campaign, regulation=water, proposal="amend",
                              reason="部分条款与修订后的《中华人民共和国水法》不一致。")  # fmt: skip
        part.cleanup_item_add(actor=legal, campaign=campaign, regulation=sanitation, proposal="keep",
                              reason="与上位法一致,继续有效。")  # fmt: skip
        part.evaluation_start(actor=legal, regulation=sanitation, evaluator="示例大学法治研究中心(第三方)")
    return counts
