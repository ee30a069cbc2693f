"""Filing review in the browser: a bureau's clerk files a normative document (first forgetting the
drafting explanation: the form says which file is missing and keeps the rest), the legal committee's
staff sees the penalty clause highlighted and demands correction, which opens a correction case on
the engine; the public library shows nothing until a document is filed and published."""

from __future__ import annotations

import re

import pytest

from renda.oversight.models.filings import Filing
from tests.factories import PASSWORD
from tests.oversight.filings.conftest import DOC_TEXT, docx_bytes, pdf_bytes, w  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_filing_flagged_and_correction_demanded(page, playwright_browser, live_server, w, clock):  # noqa: F811
    clock.set("2026-11-20T10:00:00+08:00")
    _sign_in(page, w.clerk)
    page.goto("/oversight/filings/new/")
    page.fill("input[name=title]", "示例县校外培训机构管理办法")
    page.fill("input[name=document_number]", "示教发〔2026〕12号")
    page.fill("input[name=published_on]", "2026-11-01")
    page.set_input_files(
        "input[name=document]", {"name": "办法.docx", "mimeType": DOCX, "buffer": docx_bytes(DOC_TEXT)}
    )
    page.set_input_files(
        "input[name=report]", {"name": "备案报告.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="报送备案").click()
    assert "请上传起草说明" in page.inner_text("main")
    assert page.input_value("input[name=document_number]") == "示教发〔2026〕12号"
    assert Filing.objects.count() == 0
    for name, data, mime in (
        ("document", docx_bytes(DOC_TEXT), DOCX),
        ("report", pdf_bytes(), "application/pdf"),
        ("explanation", docx_bytes("起草说明"), DOCX),
    ):
        page.set_input_files(f"input[name={name}]", {"name": f"{name}.docx" if mime == DOCX else f"{name}.pdf",
                                                      "mimeType": mime, "buffer": data})  # fmt: skip
    page.get_by_role("button", name="报送备案").click()
    page.wait_for_url(re.compile(r"/oversight/filings/\d+/$"))
    assert "按期报备" in page.inner_text("main")
    filing = Filing.objects.get()

    staff_ctx = playwright_browser.new_context(base_url=live_server.url, locale="zh-CN")
    staff = staff_ctx.new_page()
    _sign_in(staff, w.legal_staff)
    staff.goto(f"/oversight/filings/{filing.pk}/")
    assert staff.locator("mark.renda-flag-match", has_text="罚款").count() == 1
    staff.get_by_role("button", name="开始审查").click()
    staff.select_option("#decide-form select[name=outcome]", "correct")
    staff.get_by_role("button", name="提交审查结论").click()
    assert "请填写审查意见" in staff.inner_text("main")
    staff.select_option("#decide-form select[name=outcome]", "correct")
    staff.fill("#decide-form textarea[name=opinion]", "第五条设定罚款,超出规范性文件权限,请予纠正。")
    staff.get_by_role("button", name="提交审查结论").click()
    assert staff.inner_text("#filing-state") == "要求纠正或撤销"
    staff.get_by_role("link", name=re.compile(r"JZ2026-")).click()
    staff.wait_for_url(re.compile(r"/cases/\d+/$"))
    assert "要求纠正的规范性文件" in staff.inner_text("main")
    staff_ctx.close()

    public_ctx = playwright_browser.new_context(base_url=live_server.url, locale="zh-CN")
    public = public_ctx.new_page()
    public.goto("/oversight/filings/library/")
    assert "没有符合条件的文件" in public.inner_text("main")
    public_ctx.close()
