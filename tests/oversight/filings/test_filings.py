"""Filing review end to end: filed, reviewed, a penalty clause flagged, correction demanded on the
engine and reported corrected; due-date and late rules at their boundaries; bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.cases import services as engine
from renda.cases.choices import ReplyClass
from renda.cases.models import Assignment
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.oversight import services_filings as s
from renda.oversight.models.filings import ClauseFlag, Filing, FilingFile, FilingSetting, FilingState
from tests.oversight.filings.conftest import DOC_TEXT, docx_bytes, filing_files, upload

pytestmark = pytest.mark.django_db


def submit(w, published="2026-11-01", text="", files=None, **kw):
    return s.filing_submit(
        actor=w.clerk, filing_body=w.education, title="示例县校外培训机构管理办法", document_number="示教发〔2026〕12号",
        published_on=published, text=text, files=files if files is not None else filing_files(), **kw,
    )  # fmt: skip


# --- due dates and lateness ---------------------------------------------------------------------------


def test_filing_due_on_is_thirty_days_after_publication():
    setting = FilingSetting(filing_days=30)
    assert s.filing_due_on(dt.date(2026, 10, 1), setting) == dt.date(2026, 10, 31)


@pytest.mark.parametrize(
    ("filed", "late"),
    [
        (dt.date(2026, 10, 30), 0),
        (dt.date(2026, 10, 31), 0),
        (dt.date(2026, 11, 1), 1),
        (dt.date(2026, 11, 10), 10),
    ],
)
def test_lateness_at_the_boundary(filed, late):
    setting = FilingSetting(filing_days=30)
    assert s.lateness(dt.date(2026, 10, 1), filed, setting) == (dt.date(2026, 10, 31), late)


def test_filing_period_is_configurable():
    assert s.lateness(dt.date(2026, 10, 1), dt.date(2026, 10, 20), FilingSetting(filing_days=15))[1] == 4


def test_review_request_and_correction_due_dates():
    setting = FilingSetting(review_days=60, request_answer_days=45, correction_days=30)
    assert s.review_due_on(dt.date(2026, 11, 1), setting) == dt.date(2026, 12, 31)
    assert s.request_answer_due_on(dt.date(2026, 11, 1), setting) == dt.date(2026, 12, 16)
    assert s.correction_due_on(dt.date(2026, 11, 1), setting) == dt.date(2026, 12, 1)


@pytest.mark.clock("2026-12-01 10:00")
def test_filing_on_the_last_day_is_on_time(w, clock):
    filing = submit(w, published="2026-11-01")
    assert filing.due_on == dt.date(2026, 12, 1)
    assert not filing.is_late and filing.late_days == 0
    assert filing.review_due_on == dt.date(2027, 1, 30)


@pytest.mark.clock("2026-12-02 10:00")
def test_filing_after_the_limit_is_accepted_and_marked_late(w, clock):
    filing = submit(w, published="2026-11-01")
    assert filing.is_late and filing.late_days == 1
    assert filing.state == FilingState.SUBMITTED


# --- the whole review ---------------------------------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_filed_reviewed_flagged_correction_demanded_and_reported_corrected(w, clock):
    filing = submit(w)
    assert filing.text.startswith("示例县校外培训机构管理办法")  # read out of the .docx
    assert FilingFile.objects.filter(filing=filing).count() == 3
    flags = {(f.article, f.category) for f in filing.flags.all()}
    assert ("第五条", "penalty") in flags  # 并处……罚款
    assert ("第三条", "licence") in flags  # 必须经县教育局审批
    assert ("第四条", "fee") in flags  # 收取培训费
    assert ("第一条", "penalty") not in flags
    penalty = filing.flags.get(article="第五条", category="penalty")
    assert "罚款" in penalty.clause[penalty.match_start : penalty.match_end]

    s.filing_start_review(actor=w.legal_staff, filing=filing)
    filing = s.filing_decide(
        actor=w.legal_staff, filing=filing, outcome="correct",
        opinion="第五条设定罚款,超出规范性文件权限,请予纠正。",
    )  # fmt: skip
    assert filing.state == FilingState.CORRECTION_DEMANDED
    case = filing.correction_case
    assert case.kind == "filing_correction" and case.state == "assigned"
    assert case.due_at == dt.date(2027, 1, 19)  # 60 days
    assignment = Assignment.objects.get(case=case)
    assert assignment.organization_id == w.education.pk

    engine.assignment_sign(actor=w.clerk, assignment=assignment)
    assignment.refresh_from_db()
    reply = engine.reply_submit(
        actor=w.unit_leader, assignment=assignment, classification=ReplyClass.A,
        text="已废止第五条,修订后的办法已重新公布。",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.state == "reported"
    engine.case_rate(actor=w.legal_staff, reply=reply, value="satisfied")
    case.refresh_from_db()
    filing.refresh_from_db()
    assert case.state == "corrected" and case.closed_at is not None
    assert filing.state == FilingState.CORRECTED and filing.corrected_at is not None


@pytest.mark.clock("2026-11-20 10:00")
def test_report_not_accepted_sends_the_body_back(w, clock):
    filing = submit(w)
    filing = s.filing_decide(
        actor=w.legal_staff, filing=filing, outcome="revoke", opinion="违法设定许可,应予撤销。"
    )
    assignment = Assignment.objects.get(case=filing.correction_case)
    engine.assignment_sign(actor=w.clerk, assignment=assignment)
    assignment.refresh_from_db()
    reply = engine.reply_submit(
        actor=w.unit_leader, assignment=assignment, classification=ReplyClass.A, text="已研究。"
    )
    engine.case_rate(actor=w.legal_staff, reply=reply, value="dissatisfied")
    filing.refresh_from_db()
    filing.correction_case.refresh_from_db()
    assert filing.correction_case.state == "rehandling"
    assert filing.state == FilingState.CORRECTION_DEMANDED


@pytest.mark.clock("2026-11-20 10:00")
def test_filed_without_remarks_and_published(w, clock):
    filing = submit(w, text="第一条 为加强管理,制定本办法。\n第二条 本办法自公布之日起施行。")
    assert filing.flags.count() == 0
    filing = s.filing_decide(actor=w.legal_staff, filing=filing, outcome="filed", publish=True)
    assert filing.state == FilingState.FILED and filing.is_published


@pytest.mark.clock("2026-11-20 10:00")
def test_correction_asked_then_supplemented(w, clock):
    filing = submit(w)
    filing = s.filing_decide(
        actor=w.legal_staff, filing=filing, outcome="correction_asked", opinion="缺少合法性审核意见。"
    )
    assert filing.state == FilingState.CORRECTION_ASKED
    filing = s.filing_supplement(
        actor=w.clerk, filing=filing, upload=upload("合法性审核意见.docx", docx_bytes("审核意见"))
    )
    assert filing.state == FilingState.REVIEWING  # back with the same reviewer
    assert filing.files.filter(role="supplement").count() == 1


# --- permissions and bad input ------------------------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_only_the_body_files_and_only_staff_decide(w, clock):
    with pytest.raises(PermissionDeniedError):
        s.filing_submit(
            actor=w.other_clerk, filing_body=w.education, title="某办法", document_number="1号",
            published_on="2026-11-01", files=filing_files(),
        )  # fmt: skip
    filing = submit(w)
    for outsider in (w.clerk, w.sibling_staff, w.u["deputy"]):
        with pytest.raises(PermissionDeniedError):
            s.filing_decide(actor=outsider, filing=filing, outcome="filed")
    s.filing_decide(actor=w.legal_staff, filing=filing, outcome="filed")
    with pytest.raises(ConflictError):
        s.filing_decide(actor=w.legal_staff, filing=filing, outcome="filed")


@pytest.mark.clock("2026-11-20 10:00")
@pytest.mark.parametrize("missing", ["document", "report", "explanation"])
def test_a_missing_file_is_refused_naming_the_field(w, clock, missing):
    files = filing_files()
    files.pop(missing)
    with pytest.raises(ValidationFailed) as exc:
        submit(w, files=files)
    assert exc.value.field == missing and "请上传" in exc.value.message
    assert Filing.objects.count() == 0 and FilingFile.objects.count() == 0


@pytest.mark.clock("2026-11-20 10:00")
def test_a_mislabelled_file_is_refused(w, clock):
    files = filing_files()
    files["report"] = upload("备案报告.pdf", docx_bytes("其实是Word"))  # a .docx named .pdf
    with pytest.raises(ValidationFailed) as exc:
        submit(w, files=files)
    assert exc.value.field == "report" and "备案报告" in exc.value.message
    files = filing_files()
    files["explanation"] = upload("起草说明.docx", b"not a zip at all")
    with pytest.raises(ValidationFailed) as exc:
        submit(w, files=files)
    assert exc.value.field == "explanation"
    assert Filing.objects.count() == 0


@pytest.mark.clock("2026-11-20 10:00")
def test_wrong_dates_are_refused(w, clock):
    with pytest.raises(ValidationFailed) as exc:
        submit(w, published="2026-12-01")
    assert exc.value.field == "published_on"
    with pytest.raises(ValidationFailed) as exc:
        submit(w, published="2026-13-01")
    assert exc.value.field == "published_on"
    with pytest.raises(ValidationFailed) as exc:
        submit(w, published="2026-11-01", effective_on="2026-10-01")
    assert exc.value.field == "effective_on"
    assert Filing.objects.count() == 0


@pytest.mark.clock("2026-11-20 10:00")
def test_other_opinions_need_a_reason(w, clock):
    filing = submit(w)
    with pytest.raises(ValidationFailed) as exc:
        s.filing_decide(actor=w.legal_staff, filing=filing, outcome="correct", opinion="")
    assert exc.value.field == "opinion"
    filing.refresh_from_db()
    assert filing.state == FilingState.SUBMITTED and filing.correction_case is None


# --- clause rules as data and the comparison -------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_a_rule_switched_off_by_the_congress_does_not_flag(w, clock):
    from renda.oversight.models.filings import ClauseRule

    ClauseRule.objects.create(
        congress=w.congress,
        code="penalty-fine",
        category="penalty",
        label="罚款",
        pattern="罚款",
        is_active=False,
    )
    filing = submit(w)
    assert not ClauseFlag.objects.filter(filing=filing, rule_code="penalty-fine").exists()


def test_compare_article_by_article():
    from renda.oversight.clauses_filings import compare

    new = DOC_TEXT.replace("并处五千元以上三万元以下罚款", "予以警告").replace(
        "第六条 本办法自公布之日起施行。",
        "第六条 培训机构应当公示收费项目。\n第七条 本办法自公布之日起施行。",
    )
    diff = compare(DOC_TEXT, new)
    changes = {(d.label, d.change) for d in diff if d.change != "same"}
    assert ("第五条", "changed") in changes
    assert any(c == "added" for _l, c in changes) or ("第六条", "changed") in changes
    fifth = next(d for d in diff if d.label == "第五条")
    assert ("delete", "并处五千元以上三万元以下罚款") in fifth.segments
    assert ("insert", "予以警告") in fifth.segments
    assert sum(1 for d in diff if d.change == "same") >= 4


@pytest.mark.clock("2026-11-20 10:00")
def test_a_failure_after_the_files_were_written_leaves_no_file_behind(w, clock, monkeypatch, settings):
    import os

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(s, "_audit", broken)
    with pytest.raises(RuntimeError):
        submit(w)
    folder = os.path.join(settings.MEDIA_ROOT, "oversight", "filings")
    assert not os.path.exists(folder) or os.listdir(folder) == []
    assert Filing.objects.count() == 0


@pytest.mark.clock("2026-11-20 10:00")
def test_a_named_legal_committee_alone_reviews(w, clock):
    from renda.core.models import Organization

    legal = Organization.objects.get(name="示例县人大常委会法制工作委员会")
    with pytest.raises(ValidationFailed) as exc:
        s.setting_update(actor=w.staff, congress=w.congress, values={"legal_committee": w.education})
    assert exc.value.field == "legal_committee"
    s.setting_update(actor=w.staff, congress=w.congress, values={"legal_committee": legal})
    filing = submit(w)
    with pytest.raises(PermissionDeniedError):  # staff of the deputies' committee
        s.filing_decide(actor=w.staff, filing=filing, outcome="filed")
    assert s.filing_decide(actor=w.legal_staff, filing=filing, outcome="filed").state == FilingState.FILED
