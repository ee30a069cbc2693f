"""The one upload checker: whole-structure checks, used by every upload in the project.

The three samples that passed the old first-bytes check (a ``%PDF-`` header before an executable
body, a .docx holding ``payload.exe``, HTML starting with ``%PDF-``) are refused everywhere a file
can be uploaded; real files made by reportlab, python-docx, openpyxl and Pillow are accepted.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from renda.cases import services as engine
from renda.cases.forms import AttachForm
from renda.core.errors import ValidationFailed
from renda.deputies import services as deputy_services
from renda.documents.uploads import check_file
from renda.portal import services as portal_services
from tests.samples import (
    DOCX,
    EXE,
    PDF,
    PNG,
    XLSX,
    docx_with_exe,
    html_as_pdf,
    image_bytes,
    pdf_bytes,
    pdf_header_exe,
    upload,
    xlsx_bytes,
)
from tests.suggestions import conftest as suggestion_fixtures

w, freeze, draft = suggestion_fixtures.w, suggestion_fixtures.freeze, suggestion_fixtures.draft
submitted, assigned = suggestion_fixtures.submitted, suggestion_fixtures.assigned
client_for = suggestion_fixtures.client_for

MALICIOUS = [
    ("答复函.pdf", pdf_header_exe(), "PDF"),
    ("答复函.docx", docx_with_exe(), "payload.exe"),
    ("通知.pdf", html_as_pdf(), "PDF"),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _repack(data: bytes, extra: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {i.filename: src.read(i) for i in src.infolist() if i.filename not in drop}
    parts.update(extra)
    return _zip(parts)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("报告.pdf", PDF),
        ("含中文的报告.pdf", pdf_bytes("答复函 第二页")),
        ("答复函.docx", DOCX),
        ("统计表.xlsx", XLSX),
        ("现场.png", PNG),
        ("现场.jpg", image_bytes("JPEG")),
        ("动图.gif", image_bytes("GIF")),
    ],
)
def test_real_files_are_accepted(name, data):
    checked = check_file(upload(name, data), max_mb=20)
    assert checked.name == name and checked.size == len(data)


@pytest.mark.parametrize(("name", "data", "hint"), MALICIOUS)
def test_the_three_samples_of_the_outside_test_are_refused(name, data, hint):
    with pytest.raises(ValidationFailed) as exc:
        check_file(upload(name, data), max_mb=20)
    assert exc.value.field == "file" and hint in exc.value.message


def _refused(name: str, data: bytes, **kw) -> str:
    with pytest.raises(ValidationFailed) as exc:
        check_file(upload(name, data), max_mb=kw.pop("max_mb", 20), **kw)
    return exc.value.message


def test_pdf_structure():
    assert "PDF" in _refused("a.pdf", PDF + EXE)  # something hidden after %%EOF
    assert "PDF" in _refused("a.pdf", EXE)
    js = PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    assert js != PDF and "脚本" in _refused("a.pdf", js)


def test_office_package_structure():
    assert "payload.exe" in _refused("a.docx", docx_with_exe())
    assert "宏" in _refused("a.docx", _repack(DOCX, {"word/vbaProject.bin": b"\x00" * 64}))
    assert "宏" in _refused("a.xlsx", _repack(XLSX, {"xl/activeX/activeX1.xml": b"<x/>"}))
    embedded = "内嵌" in _refused("a.docx", _repack(DOCX, {"word/embeddings/oleObject1.bin": EXE}))
    assert embedded
    assert "不属于" in _refused("a.docx", _repack(DOCX, {"word/media/run.js": b"alert(1)"}))
    assert "损坏" in _refused("a.docx", _repack(DOCX, {}, drop=("word/document.xml",)))
    assert "损坏" in _refused("a.docx", DOCX + EXE)  # appended after the archive
    assert "损坏" in _refused("a.xlsx", DOCX)  # a Word package named .xlsx
    assert "损坏" in _refused("a.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"x"}))
    bomb = _repack(XLSX, {"xl/media/image1.png": b"\x00" * (30 * 1024 * 1024)})
    assert "过大" in _refused("a.xlsx", bomb)
    # a chart's embedded workbook is itself checked and accepted
    with_chart = _repack(DOCX, {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes()})
    assert check_file(upload("a.docx", with_chart), max_mb=20).ext == ".docx"


def test_legacy_and_other_kinds_refused_with_a_clear_message():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert "另存为 .docx" in _refused("旧文件.doc", ole)
    assert "另存为 .docx" in _refused("旧表格.xls", ole)
    assert "另存为 .docx" in _refused("宏.docm", DOCX)
    assert "只能上传" in _refused("x.exe", EXE)
    assert "只能上传" in _refused("x.html", b"<html></html>")
    assert "密码" in _refused("加密.docx", ole)  # password-protected Office files are OLE containers
    assert "为空" in _refused("a.pdf", b"")
    assert "1MB" in _refused("a.pdf", pdf_bytes() + b" " * (1024 * 1024), max_mb=1)
    assert "图片" in _refused("a.pdf", PDF, allowed={".png", ".jpg", ".jpeg", ".gif"})


def test_images_decoded_and_bounded():
    assert "PNG" in _refused("a.png", PNG + b"<html><script>x</script></html>")
    assert "PNG" in _refused("a.png", PNG[:40])  # truncated
    assert "PNG" in _refused("a.png", image_bytes("JPEG"))  # a JPEG named .png
    assert "JPEG" in _refused("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    big = image_bytes("PNG", size=(8000, 6000))  # 48 megapixels of one colour: tiny file, huge image
    assert len(big) < 1024 * 1024 and "像素" in _refused("a.png", big)


# --- every upload in the project goes through it -------------------------------------------------


@pytest.mark.parametrize(("name", "data", "hint"), MALICIOUS)
def test_every_upload_path_refuses_the_samples(w, assigned, name, data, hint):
    s = assigned()
    with pytest.raises(ValidationFailed):
        engine.attachment_add(actor=w.clerk_a, case=s.case, file=upload(name, data))
    activity = deputy_services.activity_create(
        actor=w.staff, congress=w.congress, kind="inspection", title="视察", occurred_on=w.session.start_date
    )
    with pytest.raises(ValidationFailed):
        deputy_services.activity_attach(actor=w.staff, activity=activity, file=upload(name, data))
    article = portal_services.article_create(actor=w.staff, congress=w.congress, channel="news", title="新闻")
    with pytest.raises(ValidationFailed):
        portal_services.article_attachment_add(actor=w.staff, article=article, file=upload(name, data))
    with pytest.raises(ValidationFailed):
        portal_services.article_create(
            actor=w.staff, congress=w.congress, channel="news", title="x", cover=upload("封面.png", data)
        )
    form = AttachForm({}, {"file": upload(name, data)})
    assert not form.is_valid() and form.errors["file"]
    assert not s.case.attachments.exists() and not activity.attachments.exists()
    assert not article.attachments.exists()


def test_every_upload_path_accepts_real_files(w, assigned):
    s = assigned()
    for name, data in [("a.pdf", PDF), ("b.docx", DOCX), ("c.xlsx", XLSX), ("d.png", PNG)]:
        engine.attachment_add(actor=w.clerk_a, case=s.case, file=upload(name, data))
    assert s.case.attachments.count() == 4
    activity = deputy_services.activity_create(
        actor=w.staff, congress=w.congress, kind="inspection", title="视察", occurred_on=w.session.start_date
    )
    deputy_services.activity_attach(actor=w.staff, activity=activity, file=upload("照片.png", PNG))
    article = portal_services.article_create(
        actor=w.staff, congress=w.congress, channel="news", title="新闻", cover=upload("封面.png", PNG)
    )
    portal_services.article_attachment_add(actor=w.staff, article=article, file=upload("表.xlsx", XLSX))
    assert activity.attachments.count() == 1 and article.attachments.count() == 1 and article.cover


def test_refusal_is_shown_next_to_the_field(w, assigned):
    """The evidence form and the portal's attachment form answer with a redirect; the message is on
    the page they lead back to, under the file input."""
    staff = client_for(w.staff)
    activity = deputy_services.activity_create(
        actor=w.staff, congress=w.congress, kind="inspection", title="视察", occurred_on=w.session.start_date
    )
    url = reverse("deputies:activity_detail", args=[activity.pk])
    r = staff.post(url, {"upload": "1", "file": upload("签到表.docx", docx_with_exe())}, follow=True)
    page = r.content.decode()
    assert (
        'id="evidence-error"' in page
        and "payload.exe" in page
        and 'aria-describedby="evidence-error"' in page
    )
    assert "payload.exe" not in staff.get(url).content.decode()  # shown once
    assert not activity.attachments.exists()

    article = portal_services.article_create(actor=w.staff, congress=w.congress, channel="news", title="新闻")
    r = staff.post(
        reverse("portal:editor_act", kwargs={"pk": article.pk, "action": "attach"}),
        {"file": upload("通知.pdf", html_as_pdf())},
        follow=True,
    )
    page = r.content.decode()
    assert 'id="attach-error"' in page and "PDF" in page.split('id="attach-error"')[1][:200]

    s = assigned()
    r = client_for(w.clerk_a).post(
        reverse("cases:act", args=[s.case_id, "attach"]), {"file": upload("x.pdf", pdf_header_exe())}
    )
    assert r.status_code == 400 and "不是真正的PDF" in r.content.decode()
