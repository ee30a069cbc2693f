"""Deputies pages and API as staff and deputies see them: import, lists with bounded queries, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from renda.deputies import identity, services
from renda.deputies.choices import ActivityKind
from renda.deputies.models import DeputyMandate
from renda.deputies.roster import COLUMNS

from .import_flow import upload_and_check
from .test_records import make_id


def roster_file(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in COLUMNS])
    for r in rows:
        ws.append([r.get(c.key, "") for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "roster.xlsx"
    return buf


def row(seq, **kw):
    base = {"full_name": f"代表{seq}", "id_number": make_id(seq), "occupation_category": "农民(牧民)",
            "started_on": "2021-01-12", "group": "丙镇代表小组", "station": "丙镇代表联络站"}  # fmt: skip
    return {**base, **kw}


def test_roster_import_reports_each_bad_row_and_imports_nothing(world, client):
    w = world
    client.force_login(w.staff)
    bad_id = make_id(3)[:-1] + ("0" if make_id(3)[-1] != "0" else "1")
    rows = [row(1), row(2, id_number=make_id(1)), row(3, id_number=bad_id), row(4, group="不存在的小组"),
            row(5, started_on="2021-13-40"), row(6, full_name="")]  # fmt: skip
    r = upload_and_check(client, w.county, roster_file(rows))
    body = r.content.decode()
    assert r.status_code == 200 and "检查未通过" in body
    assert "与第 2 行的身份证号重复" in body
    assert "身份证号校验位错误" in body
    assert "没有名为“不存在的小组”的代表小组" in body
    assert "无法识别的日期“2021-13-40”" in body
    assert "第 7 行" in body  # the empty name, shown with its spreadsheet row
    assert DeputyMandate.objects.filter(congress=w.county).count() == 2


def test_roster_import_preview_confirm_and_five_level_deputies(world, client):
    w = world
    services.deputy_mandate_update(actor=w.township_staff, mandate=w.m3, id_number=make_id(9))
    client.force_login(w.staff)
    rows = [
        row(1),
        row(2, id_number=make_id(2, male=False), gender="女", is_reelected="是"),
        row(9, full_name="王海峰"),
    ]  # d3 of the township
    r = upload_and_check(client, w.county, roster_file(rows))
    assert "检查通过" in r.content.decode()
    assert identity.mask(make_id(1)) in r.content.decode()
    r = client.post("/deputies/import/confirm/")
    assert r.status_code == 302
    assert DeputyMandate.objects.filter(congress=w.county).count() == 5
    assert DeputyMandate.objects.filter(deputy=w.d3).count() == 2  # a new mandate for the same person
    # Same file again: every identity number is already seated this term.
    r = upload_and_check(client, w.county, roster_file(rows))
    assert "该身份证号在本届已登记为代表" in r.content.decode()


def test_template_and_export(world, client):
    w = world
    client.force_login(w.staff)
    r = client.get(f"/deputies/import/template/?congress={w.county.pk}")
    wb = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb.active[1]][:2] == ["姓名", "身份证号"]
    assert identity.id_number_problem(wb.active["B2"].value) is None
    r = client.get(f"/deputies/export/?congress={w.county.pk}")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.active.max_row == 4  # note, header and two deputies


def test_register_list_queries_are_bounded(world, client, django_assert_max_num_queries):
    w = world
    for i in range(30):
        d = services.deputy_create(
            actor=w.staff,
            congress=w.county,
            full_name=f"代表{i}",
            gender="female",
            id_number=make_id(i + 10, born="19700101"),
        )
        services.deputy_mandate_create(
            actor=w.staff,
            deputy=d,
            term=w.county_term,
            started_on=dt.date(2021, 1, 12),
            group=w.county_group,
            station=w.station_a,
        )
    client.force_login(w.staff)
    with django_assert_max_num_queries(20):
        r = client.get(f"/deputies/?congress={w.county.pk}")
    assert r.status_code == 200 and "代表29" in r.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(f"/deputies/ranking/?congress={w.county.pk}").status_code == 200
    with django_assert_max_num_queries(50):  # constant: composition twice (R14) and four rules
        assert client.get(f"/deputies/composition/?congress={w.county.pk}").status_code == 200
    with django_assert_max_num_queries(15):
        r = client.get(f"/api/v1/deputies?congress={w.county.pk}&page_size=50")
    data = r.json()
    assert data["count"] == 32
    assert sum(1 for m in data["results"] if len(m["id_number"]) == 18 and "*" not in m["id_number"]) == 30


def test_api_masks_for_others_and_shows_to_staff(world, client):
    w = world
    number = make_id(5)
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, id_number=number)
    client.force_login(w.staff)
    assert client.get(f"/api/v1/deputies/{w.m2.pk}").json()["id_number"] == number
    client.force_login(w.leader)
    assert client.get(f"/api/v1/deputies/{w.m2.pk}").json()["id_number"] == identity.mask(number)
    client.force_login(w.neighbor)
    assert client.get(f"/api/v1/deputies/{w.m2.pk}").status_code == 404
    client.force_login(w.deputy_user)
    assert client.get(f"/api/v1/deputies/{w.m1_county.pk}/points").status_code == 200
    assert client.get(f"/api/v1/deputies/{w.m2.pk}/points").status_code == 404


def test_ranking_circular_docx_and_portal_selector(world, client):
    from docx import Document

    from renda.deputies.selectors import published_rankings

    w = world
    a = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.INSPECTION,
        title="视察",
        occurred_on=dt.date(2023, 4, 1),
    )
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m2])
    client.force_login(w.staff)
    r = client.post("/deputies/ranking/publish/", {"congress": w.county.pk, "year": 2023, "quarter": 2})
    assert r.status_code == 302
    assert list(published_rankings(w.county)) == []
    from renda.deputies.records import RankingPublication

    pub = RankingPublication.objects.get()
    r = client.get(f"/deputies/ranking/{pub.pk}/circular.docx")
    doc = Document(io.BytesIO(r.content))
    assert "第2季度" in doc.paragraphs[0].text
    assert doc.tables[0].rows[1].cells[1].text == "李秀英"
    client.post(f"/deputies/ranking/{pub.pk}/toggle/")
    assert list(published_rankings(w.county)) == [pub]


def test_voter_rating_page_with_qr(world, client):
    w = world
    report = services.voter_report_schedule(
        actor=w.staff, mandate=w.m2, scheduled_on=dt.date(2023, 7, 1), codes=2
    )
    client.force_login(w.staff)
    r = client.get(f"/deputies/reports/{report.pk}/qr.svg")
    assert r.status_code == 200 and r["Content-Type"] == "image/svg+xml" and b"<svg" in r.content
    client.logout()
    code = report.codes.first().code
    r = client.post(f"/deputies/rate/{report.token}/", {"code": "WRONG", "value": "satisfied"})
    assert "测评码不正确" in r.content.decode() and 'value="WRONG"' in r.content.decode()
    r = client.post(f"/deputies/rate/{report.token}/", {"code": code, "value": "satisfied"})
    assert "感谢您的测评" in r.content.decode()
    assert client.get("/deputies/rate/nonexistent/").status_code == 404


@pytest.mark.parametrize("who", ["unitclerk", "keeper", "nobody"])
def test_staff_pages_refused_to_others(world, client, who):
    client.force_login(getattr(world, who))
    for url in ["/deputies/", "/deputies/ranking/", "/deputies/checks/", "/deputies/import/"]:
        assert client.get(url).status_code == 403


def test_deputy_sees_own_page_and_reports(world, client):
    w = world
    client.force_login(w.deputy_user)
    r = client.get("/deputies/mine/")
    assert r.status_code == 200 and w.county.name in r.content.decode()
    r = client.post("/deputies/mine/report/", {"mandate": w.m1_county.pk, "kind": "research", "title": "",
                                                "occurred_on": "2023-05-01"})  # fmt: skip
    assert r.status_code == 200 and "这个字段是必填项" in r.content.decode() or "必填" in r.content.decode()
    r = client.post("/deputies/mine/report/", {"mandate": w.m1_county.pk, "kind": "research", "title": "调研",
                                                "occurred_on": "2023-05-01"})  # fmt: skip
    assert r.status_code == 302
    assert client.get(f"/deputies/{w.m2.pk}/").status_code == 404


@pytest.mark.clock("2026-11-20")
def test_ranking_is_paginated_but_the_excel_has_everyone(world, client):
    """Some 200 deputies made the ranking 9,000 px tall on a phone: 50 a page, all in the Excel."""
    w = world
    for i in range(55):
        d = services.deputy_create(
            actor=w.staff,
            congress=w.county,
            full_name=f"排名代表{i}",
            gender="male",
            id_number=make_id(i + 100, born="19750101"),
        )
        services.deputy_mandate_create(
            actor=w.staff, deputy=d, term=w.county_term, started_on=dt.date(2021, 1, 12), group=w.county_group
        )
    client.force_login(w.staff)
    first = client.get(f"/deputies/ranking/?congress={w.county.pk}")
    total = first.context["page"].paginator.count
    assert total >= 55 and len(first.context["rows"]) == 50
    html = first.content.decode()
    assert "第 1 / 2 页" in html and "page=2" in html
    second = client.get(f"/deputies/ranking/?congress={w.county.pk}&page=2")
    assert len(second.context["rows"]) == total - 50
    assert second.context["rows"][0].rank >= first.context["rows"][-1].rank
    sheet = load_workbook(
        io.BytesIO(client.get(f"/deputies/ranking/?congress={w.county.pk}&format=xlsx").content)
    )
    assert sheet.active.max_row >= total + 1
