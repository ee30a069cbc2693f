"""Filing review and appointments of the demo county (示例县), made through the real services by the
demo accounts, each at its own moment (``demo_clock``).

The story for 2026 (up to DEMO_AS_OF, 2026-11-20):

- 县教育局 filed 《示例县校外培训机构管理办法》 in March: the reviewer's help flagged the licence, the
  fee and the fine of 第五条; the legal committee demanded correction (纠正督办 JZ2026-0001), the bureau
  reported it corrected in May and the committee accepted it; the revised version, filed in May, was
  compared article by article with the first, filed and published in the library;
- 县交通运输局 filed its rules on shared bicycles 12 days late (BA01 falls short), filed and published;
- 县住房和城乡建设局 filed in October: under review, within its period (the staff's to-do);
- a citizen's review request on the training rules was answered; a deputy's request waits (to-do);
- a special review of documents touching the business environment;
- appointments: 周建华 as head of 县教育局 through exam, statement, the 32nd standing-committee
  meeting's vote, oath and certificate (RM01 met); 钱立新 removed; 吴丽 examined, waiting for her statement.

Idempotent: a filing is found again by its body and number, an appointment by name and post.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from collections import Counter
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .suggestions import demo_clock
from .units import COUNTY_CONGRESS

TRAINING_V1 = """示例县校外培训机构管理办法

第一条 为规范校外培训机构办学行为,保障中小学生合法权益,根据有关法律法规,结合本县实际,制定本办法。
第二条 本县行政区域内面向中小学生开展学科类、非学科类培训的校外培训机构,适用本办法。
第三条 举办校外培训机构,必须经县教育局审批,取得办学许可证后方可招生。
第四条 培训机构应当按学期收取培训费,不得一次性收取超过三个月的费用。
第五条 违反本办法第三条规定的,由县教育局责令停止办学,并处五千元以上三万元以下罚款。
第六条 本办法自公布之日起施行。"""

TRAINING_V2 = """示例县校外培训机构管理办法

第一条 为规范校外培训机构办学行为,保障中小学生合法权益,根据有关法律法规,结合本县实际,制定本办法。
第二条 本县行政区域内面向中小学生开展学科类、非学科类培训的校外培训机构,适用本办法。
第三条 举办校外培训机构,依照《中华人民共和国民办教育促进法》的规定办理审批手续。
第四条 培训机构应当按学期收取培训费,不得一次性收取超过三个月的费用。
第五条 违反本办法规定的,由县教育局依照有关法律、法规的规定处理。
第六条 培训机构应当在显著位置公示收费项目、收费标准和退费办法。
第七条 本办法自公布之日起施行。"""

BICYCLE = """示例县互联网租赁自行车管理办法

第一条 为规范互联网租赁自行车停放秩序,方便群众出行,制定本办法。
第二条 运营企业应当在县城规划的停放区域内投放车辆,及时清理违规停放车辆。
第三条 承租人应当文明用车,按规定区域停放。
第四条 本办法自2026年7月1日起施行。"""

HOUSING = """示例县老旧小区改造资金管理办法

第一条 为规范老旧小区改造资金使用,提高资金使用效益,制定本办法。
第二条 改造资金由县财政统筹安排,专款专用。
第三条 居民应当按照改造方案缴纳自筹资金,未缴纳的不得纳入改造范围。
第四条 本办法自公布之日起施行。"""


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(title: str, text: str) -> bytes:
    from renda.documents.pdf import PdfDocument

    return PdfDocument(title=title).title(title).paragraph(text).to_bytes()


def _files(title: str, text: str) -> dict[str, Any]:
    return {
        "document": SimpleUploadedFile(f"{title}.docx", _docx(text)),
        "report": SimpleUploadedFile(
            "备案报告.pdf", _pdf("备案报告", f"现将《{title}》报送县人大常委会备案,请予审查。")
        ),
        "explanation": SimpleUploadedFile(
            "起草说明.docx", _docx(f"关于《{title}》的起草说明\n一、制定的必要性\n二、主要内容")
        ),
    }


def _at(demo: Any, day: dt.date, hour: int = 10) -> None:
    demo.set(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_default_timezone()))


def load_oversight_filings_demo() -> dict[str, int]:
    from renda.core.models import Congress, Membership, Organization, User
    from renda.oversight.models.filings import Appointment, Filing

    counts: Counter = Counter(
        {k: 0 for k in ("filings", "review_requests", "special_reviews", "appointments")}
    )
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    clerk = User.objects.filter(username="unitclerk").first()
    head = User.objects.filter(username="unitleader").first()
    clerk2 = User.objects.filter(username="unitclerk2").first()
    if county is None or staff is None or clerk is None or head is None:
        return dict(counts)
    orgs = {o.name: o for o in Organization.objects.filter(congress=county)}
    education, transport = orgs.get("县教育局"), orgs.get("县交通运输局")
    housing, government = orgs.get("县住房和城乡建设局"), orgs.get("示例县人民政府")
    if education is None or transport is None or housing is None or government is None:
        return dict(counts)
    # the housing bureau files through its clerk (the suggestions demo's), else a login of its own
    housing_clerk = User.objects.filter(
        memberships__organization=housing, memberships__role="unit_clerk", memberships__is_active=True
    ).first()
    if housing_clerk is None:
        housing_clerk = User.objects.create_user(
            username="zjclerk", password=secrets.token_urlsafe(16), full_name="韩晓东"
        )
        Membership.objects.create(user=housing_clerk, organization=housing, role="unit_clerk")
    if (
        Filing.objects.filter(congress=county).exists()
        and Appointment.objects.filter(congress=county).exists()
    ):
        return dict(counts)
    with demo_clock() as demo:
        _filings(
            demo,
            county,
            staff,
            clerk,
            head,
            clerk2 or clerk,
            housing_clerk,
            education,
            transport,
            housing,
            counts,
        )
        _appointments(demo, county, staff, government, counts)
    return dict(counts)


def _filings(
    demo: Any, county: Any, staff: Any, clerk: Any, head: Any, clerk2: Any, housing_clerk: Any,
    education: Any, transport: Any, housing: Any, counts: Counter,
) -> None:  # fmt: skip
    from renda.cases import services as engine
    from renda.cases.models import Assignment
    from renda.oversight import services_filings as s
    from renda.oversight.models.filings import Filing

    if Filing.objects.filter(congress=county).exists():
        return
    title = "示例县校外培训机构管理办法"
    _at(demo, dt.date(2026, 3, 16))
    first = s.filing_submit(
        actor=clerk, filing_body=education, title=title, document_number="示教发〔2026〕5号",
        published_on=dt.date(2026, 3, 2), effective_on=dt.date(2026, 3, 2), files=_files(title, TRAINING_V1),
    )  # fmt: skip
    counts["filings"] += 1
    _at(demo, dt.date(2026, 3, 23))
    s.filing_start_review(actor=staff, filing=first)
    _at(demo, dt.date(2026, 4, 8))
    first = s.filing_decide(
        actor=staff, filing=first, outcome="correct",
        opinion="第三条对已由法律设定的许可增设条件,第五条设定罚款,超出规范性文件的权限,请在60日内予以纠正并报告。",
    )  # fmt: skip
    assignment = Assignment.objects.get(case=first.correction_case)
    _at(demo, dt.date(2026, 4, 9))
    engine.assignment_sign(actor=clerk, assignment=assignment)
    assignment.refresh_from_db()
    _at(demo, dt.date(2026, 5, 20))
    reply = engine.reply_submit(
        actor=head, assignment=assignment, classification="A",
        text="我局已对《示例县校外培训机构管理办法》进行修订:删去第五条罚款规定,第三条改为依照民办教育促进法办理审批,"
        "修订后的办法已于5月18日重新公布并报送备案。",
    )  # fmt: skip
    _at(demo, dt.date(2026, 5, 22))
    engine.case_rate(actor=staff, reply=reply, value="satisfied", comment="纠正到位。")
    revised = s.filing_submit(
        actor=clerk, filing_body=education, title=title + "(修订)", document_number="示教发〔2026〕18号",
        published_on=dt.date(2026, 5, 18), files=_files(title, TRAINING_V2), previous=first,
    )  # fmt: skip
    counts["filings"] += 1
    _at(demo, dt.date(2026, 6, 10))
    s.filing_decide(actor=staff, filing=revised, outcome="filed", publish=True)

    bicycle = "示例县互联网租赁自行车管理办法"
    _at(demo, dt.date(2026, 7, 13))  # published 6-01, due 7-01: 12 days late
    late = s.filing_submit(
        actor=clerk2, filing_body=transport, title=bicycle, document_number="示交发〔2026〕9号",
        published_on=dt.date(2026, 6, 1), effective_on=dt.date(2026, 7, 1), files=_files(bicycle, BICYCLE),
    )  # fmt: skip
    counts["filings"] += 1
    _at(demo, dt.date(2026, 8, 5))
    s.filing_decide(actor=staff, filing=late, outcome="filed", publish=True)

    housing_title = "示例县老旧小区改造资金管理办法"
    _at(demo, dt.date(2026, 10, 26))
    pending = s.filing_submit(
        actor=housing_clerk, filing_body=housing, title=housing_title, document_number="示建发〔2026〕31号",
        published_on=dt.date(2026, 10, 12), files=_files(housing_title, HOUSING),
    )  # fmt: skip
    counts["filings"] += 1
    _at(demo, dt.date(2026, 11, 2))
    s.filing_start_review(actor=staff, filing=pending)

    _at(demo, dt.date(2026, 4, 1))
    req, _code = s.review_request_submit(
        actor=None, congress=county, requester_kind="citizen", requester_name="刘桂兰", requester_phone="13909370001",
        document_title=f"{title}(示教发〔2026〕5号)", filing=None,
        content="第五条对未经审批办学的机构处以罚款,规范性文件能否设定罚款?建议审查。", client_ip="10.0.8.21",
    )  # fmt: skip
    counts["review_requests"] += 1
    _at(demo, dt.date(2026, 4, 10))
    s.review_request_answer(
        actor=staff, request=req, filing=first,
        answer="经审查,该办法第五条设定罚款超出规范性文件权限,常委会已要求县教育局纠正,县教育局已修订并重新公布。感谢您的建议。",
    )  # fmt: skip
    _at(demo, dt.date(2026, 11, 3))
    s.review_request_submit(
        actor=staff, congress=county, requester_kind="deputy", requester_name="马国强",
        document_title=f"{housing_title}(示建发〔2026〕31号)", filing=None,
        content="第三条规定未缴纳自筹资金的不得纳入改造范围,可能加重困难群众负担,建议审查。",
    )  # fmt: skip
    counts["review_requests"] += 1
    _at(demo, dt.date(2026, 9, 1))
    special = s.special_review_create(
        actor=staff, congress=county, theme="涉及优化营商环境的规范性文件专项审查",
        description="重点审查是否存在违法设定许可、收费、限制市场准入等妨碍公平竞争的规定。",
        started_on=dt.date(2026, 9, 1), filings=[revised, late],
    )  # fmt: skip
    counts["special_reviews"] += 1
    _at(demo, dt.date(2026, 10, 30))
    s.special_review_finish(
        actor=staff, review=special, finished_on=dt.date(2026, 10, 30),
        conclusion="审查文件2件,未发现妨碍公平竞争的规定;建议制定机关定期清理规范性文件。",
    )  # fmt: skip


def _appointments(demo: Any, county: Any, staff: Any, government: Any, counts: Counter) -> None:
    from renda.meetings.models import AgendaItem
    from renda.oversight import services_filings as s
    from renda.oversight.meetings_filings import OWNER_CODE, present_ids
    from renda.oversight.models.filings import Appointment
    from renda.voting import services as voting

    if Appointment.objects.filter(congress=county).exists():
        return
    item = (
        AgendaItem.objects.filter(meeting__congress=county, kind="appointment", meeting__starts_at__year=2026)
        .select_related("meeting")
        .order_by("meeting__starts_at")
        .first()
    )
    _at(demo, dt.date(2026, 4, 10))
    person = dict(gender="男", birth_date=dt.date(1978, 5, 12), education="研究生", party="中共党员")
    zhou = s.appointment_nominate(
        actor=staff, congress=county, kind="appoint", person_name="周建华", post="局长", employer="示例县教育局",
        nominating_body=government, nominated_on=dt.date(2026, 4, 10), reason="因工作需要,提请任命。", **person,
    )  # fmt: skip
    qian = s.appointment_nominate(
        actor=staff, congress=county, kind="remove", person_name="钱立新", gender="男", birth_date=dt.date(1966, 9, 3),
        education="大学本科", party="中共党员", post="局长", employer="示例县教育局", nominating_body=government,
        nominated_on=dt.date(2026, 4, 10), reason="因到龄退休,提请免去其职务。",
    )  # fmt: skip
    counts["appointments"] += 2
    _at(demo, dt.date(2026, 4, 16))
    s.appointment_exam(actor=staff, appointment=zhou, exam_date=dt.date(2026, 4, 16), score="86.5")
    if item is not None:
        _at(demo, dt.date(2026, 4, 23), 9)
        s.appointment_statement(
            actor=staff, appointment=zhou, statement_on=dt.date(2026, 4, 23),
            statement="如获任命,我将坚决维护宪法权威,依法履职,自觉接受县人大及其常委会的监督,办好人民满意的教育。",
        )  # fmt: skip
        rng = random.Random("oversight-appointments")
        for n, appointment in enumerate((zhou, qian)):
            s.appointment_link_agenda(actor=staff, appointment=appointment, agenda_item=item)
            present = sorted(present_ids(appointment.pk))
            if not present:
                continue
            demo.set(timezone.localtime(item.meeting.starts_at) + dt.timedelta(hours=2, minutes=10 * n))
            vote = voting.vote_create(
                actor=staff, congress=county, owner_code=OWNER_CODE, owner_id=appointment.pk,
                title=f"表决{appointment.person_name}的任免事项", method="roll_call", option_set="yes_no_abstain",
                rule_code="majority_all",
            )  # fmt: skip
            vote = voting.vote_open(actor=staff, vote=vote)
            from renda.core.models import User

            for user in User.objects.filter(pk__in=present):
                choice = rng.choice(["yes"] * 12 + ["abstain"])
                voting.vote_cast(
                    actor=user, vote=vote, choices=[choice], idempotency_key=secrets.token_hex(8)
                )
            voting.vote_close(actor=staff, vote=vote)
        zhou.refresh_from_db()
        if zhou.state == "appointed":
            _at(demo, dt.date(2026, 4, 23), 15)
            s.appointment_oath(
                actor=staff, appointment=zhou, oath_date=dt.date(2026, 4, 23), witnesses="王建国(常委会主任)",
                recording=SimpleUploadedFile("宪法宣誓记录.pdf", _pdf("宪法宣誓记录", "周建华于2026年4月23日进行宪法宣誓。")),
            )  # fmt: skip
            s.appointment_certify(actor=staff, appointment=zhou)
    _at(demo, dt.date(2026, 11, 9))
    wu = s.appointment_nominate(
        actor=staff, congress=county, kind="appoint", person_name="吴丽", gender="女", birth_date=dt.date(1986, 2, 14),
        education="大学本科", party="中共党员", post="副局长", employer="示例县卫生健康局", nominating_body=government,
        nominated_on=dt.date(2026, 11, 9), reason="因工作需要,提请任命。",
    )  # fmt: skip
    counts["appointments"] += 1
    _at(demo, dt.date(2026, 11, 16))
    s.appointment_exam(actor=staff, appointment=wu, exam_date=dt.date(2026, 11, 16), score="78")
