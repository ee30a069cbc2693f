"""Importing users from Excel: template, row checks, all-or-nothing with confirmation, passwords once."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renda.core.choices import Role
from renda.core.models import Membership, User

HEADERS = ["用户名", "姓名", "手机号", "邮箱", "所属机构", "角色", "职务"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def xlsx(rows, headers=HEADERS, name="users.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/octet-stream")


GOOD = [
    ["wang01", "王一", "13800000001", "wang01@example.cn", "市住房和城乡建设局", "承办单位经办人", "科员"],
    ["wang02", "王二", 13800000002, "", "代表工作委员会", "人大工作人员", ""],
    ["wang03", "王三", "13800000003", "", "东湖街道代表联络站", "station_keeper", "站长"],
]


@pytest.mark.parametrize(
    "role", [Role.DEPUTY, Role.UNIT_CLERK, Role.AUDIT_ADMIN, Role.STAFF, Role.SYSTEM_ADMIN]
)
def test_import_refused(world, login, role):
    client = login(world[role])
    assert client.get(reverse("user_import")).status_code == 403
    assert client.get(reverse("user_import_template")).status_code == 403
    assert client.post(reverse("user_import_confirm")).status_code == 403


def test_template_has_headers_example_and_valid_values(world, login):
    response = login(world[Role.SECURITY_ADMIN]).get(reverse("user_import_template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    main, valid = wb.worksheets
    rows = list(main.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][0] == "zhangsan"
    values = list(valid.iter_rows(values_only=True))
    orgs = {r[0] for r in values[1:] if r[0]}
    roles = {r[4] for r in values[1:] if r[4]}
    assert {"市人大常委会办公室", "市住房和城乡建设局", "东湖街道代表联络站"} <= orgs
    assert "县教育局" in orgs  # the city's security administrator also covers the county below
    assert {"人大工作人员", "人大代表", "承办单位经办人", "联络站管理员"} <= roles
    assert "系统管理员" not in roles


def test_good_file_preview_confirm_and_passwords_once(world, login, settings, tmp_path):
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(reverse("user_import"), {"file": xlsx(GOOD)})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok and len(result.rows) == 3
    html = response.content.decode()
    assert "确认导入 3 个用户" in html
    assert not User.objects.filter(username__startswith="wang").exists()
    stashed = list((tmp_path / "imports").iterdir())
    assert len(stashed) == 1

    done = client.post(reverse("user_import_confirm"))
    assert done.status_code == 200
    assert done.context["count"] == 3
    assert list((tmp_path / "imports").iterdir()) == []
    wang01 = User.objects.get(username="wang01")
    assert wang01.full_name == "王一" and wang01.must_change_password
    assert Membership.objects.get(user=wang01).role == Role.UNIT_CLERK
    assert Membership.objects.get(user__username="wang02").organization == world.committee
    assert User.objects.get(username="wang02").phone == "13800000002"

    passwords = client.get(reverse("user_import_passwords"))
    assert passwords.status_code == 200
    rows = list(load_workbook(io.BytesIO(passwords.content)).active.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "用户名")
    data = {r[0]: r for r in rows[header_at + 1 :]}
    assert set(data) == {"wang01", "wang02", "wang03"}
    assert wang01.check_password(data["wang01"][4])
    again = client.get(reverse("user_import_passwords"))
    assert again.status_code == 302
    # A second confirmation has nothing left to import.
    assert client.post(reverse("user_import_confirm")).status_code == 302
    assert User.objects.filter(username__startswith="wang").count() == 3


def test_file_with_two_bad_rows_imports_nothing_and_names_rows_and_columns(world, login, tmp_path):
    rows = [
        GOOD[0],
        ["clerk1", "", "138", "", "市住房和城乡建设局", "承办单位经办人", ""],  # row 3: taken, name, phone
        GOOD[1],
        ["wang09", "王九", "13800000009", "", "市人大常委会办公室", "承办单位经办人", ""],  # row 5: role/org
    ]
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(reverse("user_import"), {"file": xlsx(rows)})
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.ok
    by_row = {row: {e.column for e in errs} for row, errs in result.errors_by_row()}
    assert by_row == {3: {"用户名", "姓名", "手机号"}, 5: {"角色"}}
    html = response.content.decode()
    assert "第 3 行" in html and "第 5 行" in html
    assert "已被使用" in html and "承办单位角色只能设在承办单位" in html
    assert "未导入任何用户" in html
    assert not User.objects.filter(username__in=["wang01", "wang02", "wang09"]).exists()
    # Nothing is kept for a confirmation.
    assert not (tmp_path / "imports").exists() or list((tmp_path / "imports").iterdir()) == []
    assert client.post(reverse("user_import_confirm")).status_code == 302
    assert not User.objects.filter(username="wang01").exists()


def test_duplicates_inside_file_unknown_org_and_role(world, login):
    from renda.core.choices import CongressLevel, OrganizationKind
    from renda.core.models import Congress, Organization

    other = Congress.objects.create(name="河阳市人大", region_name="河阳市", level=CongressLevel.CITY)
    Organization.objects.create(
        congress=other, name="河阳市教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    rows = [
        ["dup", "甲", "13800000001", "", "市住房和城乡建设局", "承办单位经办人", ""],
        ["DUP", "乙", "13800000002", "bad-mail", "不存在的局", "局长", ""],
        ["cty", "丙", "13800000003", "", "河阳市教育局", "承办单位经办人", ""],
    ]
    response = login(world[Role.SECURITY_ADMIN]).post(reverse("user_import"), {"file": xlsx(rows)})
    errors = response.context["result"].errors
    messages = {(e.row, e.column): e.message for e in errors}
    assert "第 2 行" in messages[(3, "用户名")]
    assert (3, "邮箱") in messages
    assert "不存在" in messages[(3, "所属机构")]
    assert "无效" in messages[(3, "角色")]
    assert (4, "所属机构") in messages  # outside the security administrator's congresses


def test_missing_header_and_not_an_excel_file(world, login):
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(reverse("user_import"), {"file": xlsx([["a", "b"]], headers=["用户名", "姓名"])})
    assert response.status_code == 200
    assert "表头缺少必需的列" in str(response.context["form"].errors["file"])
    junk = SimpleUploadedFile("users.xlsx", b"not a zip file", content_type="application/octet-stream")
    response = client.post(reverse("user_import"), {"file": junk})
    assert "无法读取文件" in str(response.context["form"].errors["file"])
    csv = SimpleUploadedFile("users.csv", b"a,b", content_type="text/csv")
    response = client.post(reverse("user_import"), {"file": csv})
    assert ".xlsx" in str(response.context["form"].errors["file"])
    empty = client.post(reverse("user_import"), {"file": xlsx([])})
    assert "没有数据行" in empty.content.decode()


def test_confirm_rechecks_against_database(world, login):
    from renda.core.services import user_create

    client = login(world[Role.SECURITY_ADMIN])
    client.post(reverse("user_import"), {"file": xlsx(GOOD)})
    # Someone takes a username between preview and confirmation.
    user_create(
        actor=world[Role.SECURITY_ADMIN],
        organization=world.office,
        username="wang02",
        full_name="抢先",
        role=Role.STAFF,
    )
    response = client.post(reverse("user_import_confirm"))
    assert response.status_code == 200
    assert not response.context["result"].ok
    assert not User.objects.filter(username__in=["wang01", "wang03"]).exists()


def test_cancel_discards_stash(world, login, tmp_path):
    client = login(world[Role.SECURITY_ADMIN])
    client.post(reverse("user_import"), {"file": xlsx(GOOD)})
    client.post(reverse("user_import_cancel"))
    assert list((tmp_path / "imports").iterdir()) == []
    assert client.post(reverse("user_import_confirm")).status_code == 302
    assert not User.objects.filter(username="wang01").exists()


def test_session_token_cannot_point_elsewhere(world, login, tmp_path):
    client = login(world[Role.SECURITY_ADMIN])
    session = client.session
    session["renda_import_users"] = {"token": "../../etc/passwd", "name": "x"}
    session.save()
    assert client.post(reverse("user_import_confirm")).status_code == 302
