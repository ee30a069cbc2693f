"""The pages and the API of filing review: filing with bad input keeps nothing and names the field;
scope (a body sees its own, another body nothing, the public only the library); files only through
the checked view; the public review request with captcha and tracking; the yearly Word report; the
compliance checks BA01–BA05 and the to-do."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from renda.api.services import api_token_create
from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.oversight import services_filings as s
from renda.oversight.models.filings import Filing, ReviewRequest
from renda.web.todo import todos_for
from tests.oversight.filings.conftest import DOC_TEXT, docx_bytes, filing_files, login, upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 10:00")]


def submit(w, published="2026-11-01", **kw):
    return s.filing_submit(
        actor=w.clerk, filing_body=w.education, title="示例县校外培训机构管理办法", document_number="示教发〔2026〕12号",
        published_on=published, files=filing_files(), **kw,
    )  # fmt: skip


def post_data(w, **over):
    data = {"filing_body": w.education.pk, "title": "示例县校外培训机构管理办法", "document_number": "示教发〔2026〕12号",
            "published_on": "2026-11-01", **filing_files()}  # fmt: skip
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_filing_page_end_to_end(w):
    c = login(w.clerk)
    r = c.post(reverse("oversight:filing_create"), post_data(w))
    assert r.status_code == 302
    filing = Filing.objects.get()
    page = login(w.legal_staff).get(reverse("oversight:filing_detail", args=[filing.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark class="renda-flag-match">并处五千元以上三万元以下罚款</mark>' in html
    assert "设定罚款" in html and "第五条" in html


def test_bad_input_on_the_page_names_the_field_and_saves_nothing(w):
    c = login(w.clerk)
    r = c.post(reverse("oversight:filing_create"), post_data(w, explanation=None))
    assert r.status_code == 400
    assert "请上传起草说明" in r.content.decode()
    r = c.post(reverse("oversight:filing_create"), post_data(w, published_on="2026-02-30"))
    assert (
        r.status_code == 400 and "公布日期" in r.content.decode() and "日期格式不正确" in r.content.decode()
    )
    r = c.post(
        reverse("oversight:filing_create"), post_data(w, report=upload("备案报告.pdf", b"%PDF-1.4 broken"))
    )
    assert r.status_code == 400 and "备案报告:无法读取文件" in r.content.decode()
    assert Filing.objects.count() == 0


def test_scope_of_filings_and_files(w):
    filing = submit(w)
    file_id = filing.files.get(role="document").pk
    assert login(w.clerk).get(reverse("oversight:filing_detail", args=[filing.pk])).status_code == 200
    assert login(w.other_clerk).get(reverse("oversight:filing_detail", args=[filing.pk])).status_code == 404
    assert login(w.sibling_staff).get(reverse("oversight:filing_detail", args=[filing.pk])).status_code == 404
    download = login(w.legal_staff).get(reverse("oversight:filing_file", args=[file_id]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert login(w.other_clerk).get(reverse("oversight:filing_file", args=[file_id])).status_code == 404
    assert Client().get(reverse("oversight:filing_file", args=[file_id])).status_code == 302  # to sign in
    # the body's clerk does not see the reviewer's clause flags
    assert (
        "设定罚款"
        not in login(w.clerk).get(reverse("oversight:filing_detail", args=[filing.pk])).content.decode()
    )


def test_library_is_public_and_searchable(w):
    shown = submit(w)
    s.filing_decide(actor=w.legal_staff, filing=shown, outcome="filed", publish=True)
    hidden = submit(w)  # still under review
    anon = Client()
    page = anon.get(reverse("oversight:library") + "?text=罚款")
    assert page.status_code == 200 and f"/library/{shown.pk}/" in page.content.decode()
    assert f"/library/{hidden.pk}/" not in page.content.decode()
    assert anon.get(reverse("oversight:library") + "?text=无此内容").content.decode().count("/library/") == 0
    assert anon.get(reverse("oversight:library_detail", args=[hidden.pk])).status_code == 404
    assert anon.get(reverse("oversight:library") + "?date_from=2026-13-01").status_code == 200


def test_public_review_request_with_captcha_answer_and_tracking(w):
    from renda.liaison import captcha

    anon = Client()
    url = reverse("oversight:request_submit") + f"?congress={w.congress.pk}"
    anon.get(url)
    data = {"requester_kind": "citizen", "requester_name": "刘群众", "document_title": "示例县校外培训机构管理办法",
            "content": "第五条设定罚款,没有上位法依据,建议审查。", "captcha": "999", "congress": w.congress.pk}  # fmt: skip
    r = anon.post(url, data)
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    assert ReviewRequest.objects.count() == 0
    session = anon.session
    answer = captcha.current(session)["answer"]
    session.save()
    data["captcha"] = str(answer)
    r = anon.post(url, data)
    assert r.status_code == 200
    req = ReviewRequest.objects.get()
    code = r.context["code"]
    assert req.number in r.content.decode() and code in r.content.decode()
    s.review_request_answer(actor=w.legal_staff, request=req, answer="经研究,已要求制定机关纠正。")
    track = anon.post(reverse("oversight:request_track"), {"number": req.number, "code": code})
    assert "经研究,已要求制定机关纠正。" in track.content.decode()
    wrong = anon.post(reverse("oversight:request_track"), {"number": req.number, "code": "WRONG"})
    assert "经研究" not in wrong.content.decode() and "没有找到" in wrong.content.decode()


def test_review_requests_are_rate_limited(w):
    for i in range(5):
        s.review_request_submit(actor=None, congress=w.congress, requester_kind="citizen", requester_name=f"群众{i}",
                                document_title="某文件", content="建议审查该文件的第三条规定。", client_ip="10.0.0.9")  # fmt: skip
    from renda.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        s.review_request_submit(actor=None, congress=w.congress, requester_kind="citizen", requester_name="群众",
                                document_title="某文件", content="建议审查该文件的第三条规定。", client_ip="10.0.0.9")  # fmt: skip
    assert "频繁" in exc.value.message


def test_compare_page_and_yearly_report(w):
    old = submit(w)
    new = s.filing_submit(
        actor=w.clerk, filing_body=w.education, title="示例县校外培训机构管理办法(修订)", document_number="示教发〔2026〕20号",
        published_on="2026-11-15", previous=old,
        files={**filing_files(), "document": upload("修订.docx", docx_bytes(DOC_TEXT.replace("并处五千元以上三万元以下罚款", "予以警告")))},
    )  # fmt: skip
    page = login(w.legal_staff).get(reverse("oversight:filing_compare", args=[new.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "<del" in html and "予以警告" in html
    s.filing_decide(actor=w.legal_staff, filing=old, outcome="correct", opinion="第五条设定罚款,请纠正。")
    r = login(w.legal_staff).get(reverse("oversight:filing_report") + "?year=2026&format=docx")
    assert r.status_code == 200
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "2026年度规范性文件备案审查工作情况" in text and "共收到报送备案的规范性文件2件" in text
    assert "要求纠正1件" in text
    assert login(w.clerk).get(reverse("oversight:filing_report")).status_code == 403


def test_api_lists_and_decides_with_the_same_rules(w):
    filing = submit(w)
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.legal_staff, name='测试')[1]}")
    body = staff.get("/api/v1/oversight/filings?late=true").json()
    assert body["count"] == 0
    body = staff.get("/api/v1/oversight/filings?q=罚款").json()
    assert body["count"] == 1 and body["results"][0]["id"] == filing.pk
    detail = staff.get(f"/api/v1/oversight/filings/{filing.pk}").json()
    assert any(f["category"] == "penalty" and f["article"] == "第五条" for f in detail["flags"])
    bad = staff.post(
        f"/api/v1/oversight/filings/{filing.pk}/decide",
        {"outcome": "correct"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "opinion" in bad.json()["fields"]
    other = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.other_clerk, name='测试')[1]}")
    assert other.get(f"/api/v1/oversight/filings/{filing.pk}").status_code == 404
    clerk = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.clerk, name='测试')[1]}")
    files = filing_files()
    files.pop("report")
    r = clerk.post("/api/v1/oversight/filings", {"filing_body": w.education.pk, "title": "某办法", "document_number": "2号",
                                                  "published_on": "2026-11-02", **files})  # fmt: skip
    assert r.status_code == 400 and r.json()["fields"] == {"report": "请上传备案报告。"}
    ok = clerk.post("/api/v1/oversight/filings", {"filing_body": w.education.pk, "title": "某办法", "document_number": "2号",
                                                   "published_on": "2026-11-02", **filing_files()})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["is_late"] is False


def test_rules_ba01_to_ba04(w, clock):
    period = PeriodRange.year(2026)
    assert evaluate_rule("BA01", w.congress, period).result.status == Status.NO_DATA
    on_time = submit(w, published="2026-11-01")
    assert evaluate_rule("BA01", w.congress, period).result.status == Status.MET
    late = submit(w, published="2026-10-01")  # due 10-31, filed 11-20
    result = evaluate_rule("BA01", w.congress, period).result
    assert result.status == Status.NOT_MET and "逾期20日" in result.shortfall[0]
    # BA02: review due 60 days after filing (2027-01-19)
    s.filing_decide(actor=w.legal_staff, filing=on_time, outcome="filed")
    clock.set("2027-01-19 10:00")
    assert evaluate_rule("BA02", w.congress, period).result.status == Status.MET
    clock.set("2027-01-20 10:00")
    result = evaluate_rule("BA02", w.congress, period).result
    assert result.status == Status.NOT_MET and late.title in result.shortfall[0]
    # BA03: a correction demanded today is due in 60 days
    clock.set("2026-11-25 10:00")
    s.filing_decide(actor=w.legal_staff, filing=late, outcome="correct", opinion="请纠正。")
    assert evaluate_rule("BA03", w.congress, period).result.status == Status.NO_DATA
    clock.set("2027-01-25 10:00")
    assert evaluate_rule("BA03", w.congress, period).result.status == Status.NOT_MET


def test_rule_ba04_and_ba05(w, clock):
    period = PeriodRange.year(2026)
    req, _code = s.review_request_submit(actor=None, congress=w.congress, requester_kind="deputy", requester_name="张代表",
                                         document_title="某文件", content="建议审查该文件的第三条规定。", client_ip="1.1.1.1")  # fmt: skip
    assert req.answer_due_on.isoformat() == "2027-01-19"
    clock.set("2027-01-19 10:00")
    assert evaluate_rule("BA04", w.congress, period).result.status == Status.NO_DATA
    clock.set("2027-01-20 10:00")
    assert evaluate_rule("BA04", w.congress, period).result.status == Status.NOT_MET
    s.review_request_answer(
        actor=w.legal_staff, request=req, answer="已研究并反馈。", transferred_to="示例市人大常委会"
    )
    result = evaluate_rule("BA04", w.congress, period).result
    assert result.status == Status.NOT_MET and "超过反馈期限才反馈" in result.shortfall[0]
    assert evaluate_rule("BA05", w.congress, period).result.status == Status.NOT_MET


def test_todo_for_reviewers_and_bodies(w, clock):
    filing = submit(w)
    titles = {str(t.title): t.count for t in todos_for(w.legal_staff)}
    assert titles.get("待审查的备案文件") == 1
    clock.set("2027-01-20 10:00")
    titles = {str(t.title): t.count for t in todos_for(w.legal_staff)}
    assert titles.get("超过审查期限的备案文件") == 1 and "待审查的备案文件" not in titles
    s.filing_decide(
        actor=w.legal_staff, filing=filing, outcome="correction_asked", opinion="请补充起草说明。"
    )
    assert {str(t.title) for t in todos_for(w.clerk)} >= {"被要求补正的备案文件"}
    assert "被要求补正的备案文件" not in {str(t.title) for t in todos_for(w.other_clerk)}


def test_correction_case_on_the_engine_page_and_inbox(w):
    filing = submit(w)
    filing = s.filing_decide(
        actor=w.legal_staff, filing=filing, outcome="correct", opinion="第五条设定罚款,请纠正。"
    )
    case_url = reverse("cases:detail", args=[filing.correction_case_id])
    page = login(w.clerk).get(case_url)
    html = page.content.decode()
    assert page.status_code == 200 and "要求纠正的规范性文件" in html and "签收" in html
    inbox = login(w.clerk).get(reverse("cases:inbox"))
    assert filing.correction_case.number in inbox.content.decode()
    assert login(w.other_clerk).get(case_url).status_code == 404


def test_appointment_pages(w):
    c = login(w.legal_staff)
    r = c.post(reverse("oversight:appointment_create"), {"kind": "appoint", "person_name": "周建华", "gender": "男",
               "birth_date": "1978-05-12", "education": "研究生", "party": "中共党员", "post": "局长",
               "employer": "示例县教育局", "nominating_body": w.county.government.pk, "nominated_on": "2026-11-10"})  # fmt: skip
    assert r.status_code == 302
    detail = r["Location"]
    bad = c.post(detail, {"step": "exam", "exam_date": "2026-11-12", "score": "abc"})
    assert bad.status_code == 400 and "请填写考试成绩" in bad.content.decode()
    assert c.post(detail, {"step": "exam", "exam_date": "2026-11-12", "score": "88"}).status_code == 302
    page = c.get(detail).content.decode()
    assert "合格" in page and "供职发言" in page
    assert login(w.clerk).get(detail).status_code == 403


def test_every_page_answers(w):
    filing = submit(w)
    s.filing_decide(actor=w.legal_staff, filing=filing, outcome="filed", publish=True)
    req, _code = s.review_request_submit(actor=w.legal_staff, congress=w.congress, requester_kind="deputy",
                                         requester_name="张代表", document_title="某文件", content="建议审查该文件的第三条规定。")  # fmt: skip
    s.special_review_create(actor=w.legal_staff, congress=w.congress, theme="营商环境专项审查", started_on="2026-11-01",
                            filings=[filing])  # fmt: skip
    c = login(w.legal_staff)
    for name, args in [
        ("filing_list", []), ("filing_detail", [filing.pk]), ("request_list", []), ("request_detail", [req.pk]),
        ("special_reviews", []), ("filing_report", []), ("filing_settings", []), ("appointment_list", []),
        ("appointment_create", []), ("library", []), ("library_detail", [filing.pk]), ("request_submit", []),
        ("request_track", []),
    ]:  # fmt: skip
        r = c.get(reverse(f"oversight:{name}", args=args))
        assert r.status_code == 200, name
    r = c.get(reverse("oversight:filing_list") + "?export=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert c.get(reverse("oversight:request_list") + "?export=xlsx").status_code == 200
    assert c.get(reverse("oversight:filing_list") + "?year=abc").status_code == 200
    assert login(w.clerk).get(reverse("oversight:filing_list")).status_code == 200
    assert login(w.clerk).get(reverse("oversight:request_list")).status_code == 403
    assert login(w.u["deputy"]).get(reverse("oversight:filing_list")).status_code == 403


def test_settings_change_the_periods(w):
    c = login(w.legal_staff)
    data = {"filing_days": 15, "review_days": 30, "request_answer_days": 30, "correction_days": 45,
            "exam_pass_mark": 70, "exam_full_mark": 100}  # fmt: skip
    assert c.post(reverse("oversight:filing_settings"), {**data, "exam_pass_mark": 120}).status_code == 400
    assert c.post(reverse("oversight:filing_settings"), data).status_code == 302
    filing = submit(w, published="2026-11-01")  # due 11-16 now
    assert filing.is_late and filing.late_days == 4
    assert login(w.clerk).post(reverse("oversight:filing_settings"), data).status_code == 403
