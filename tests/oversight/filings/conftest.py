"""A county (示例县) whose education bureau files normative documents with the standing committee,
reviewed by the legal committee's staff; real .docx and .pdf files built in memory."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renda.core.choices import OrganizationKind, Role
from renda.core.models import Organization
from tests.factories import PASSWORD, build_world, make_user

DOC_TEXT = """示例县校外培训机构管理办法

第一条 为规范校外培训机构办学行为,根据有关法律法规,制定本办法。
第二条 本县行政区域内面向中小学生的校外培训机构适用本办法。
第三条 举办校外培训机构,必须经县教育局审批,取得办学许可证。
第四条 培训机构应当按学期收取培训费,不得一次性收取超过三个月的费用。
第五条 违反本办法第三条规定的,由县教育局责令停止办学,并处五千元以上三万元以下罚款。
第六条 本办法自公布之日起施行。"""


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str = "备案报告") -> bytes:
    from renda.documents.pdf import PdfDocument

    return PdfDocument(title="备案").title("备案报告").paragraph(text).to_bytes()


def upload(name: str, data: bytes, ctype: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=ctype)


def filing_files(text: str = DOC_TEXT) -> dict:
    return {
        "document": upload("校外培训机构管理办法.docx", docx_bytes(text)),
        "report": upload("备案报告.pdf", pdf_bytes("现将《示例县校外培训机构管理办法》报送备案。")),
        "explanation": upload("起草说明.docx", docx_bytes("关于《示例县校外培训机构管理办法》的起草说明")),
    }


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    county = world.county
    legal = Organization.objects.create(
        congress=county.congress, name="示例县人大常委会法制工作委员会", kind=OrganizationKind.COMMITTEE,
        parent=county.standing_committee,
    )  # fmt: skip
    ns = SimpleNamespace(world=world, county=county, congress=county.congress, u=county.users)
    ns.legal_staff = make_user("fagongwei", legal, Role.STAFF, "孙法审")
    ns.staff = county.users["staff"]
    ns.leader = county.users["leader"]
    ns.clerk = county.users["unit_clerk"]  # 示例县教育局
    ns.unit_leader = county.users["unit_leader"]
    ns.other_clerk = county.users["other_clerk"]  # 示例县交通运输局
    ns.education = county.education
    ns.transport = county.transport
    ns.sibling_staff = world.sibling.users["staff"]
    return ns
