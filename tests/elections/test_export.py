"""The register exported to Excel for printing: per constituency, masked numbers, printable."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from renda.audit.models import Event
from renda.elections import register

from .conftest import register_voters, unique_id


def test_export_one_constituency_masked_and_printable(client, staff, election, constituencies):
    voters = register_voters(election, staff, constituencies[1], 3)
    register_voters(election, staff, constituencies[0], 2, start=100)
    register.voter_remove(actor=staff, voter=voters[2], reason="deceased")
    client.force_login(staff)
    r = client.get(
        reverse("elections:register_xlsx", args=[election.pk]) + f"?constituency={constituencies[1].pk}"
    )
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["第2选区"]
    ws = wb["第2选区"]
    assert ws["A1"].value.endswith("第2选区选民名单")
    assert [c.value for c in ws[2]] == register.EXPORT_HEADERS
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [row[1] for row in rows] == [voters[0].full_name, voters[1].full_name]  # the removed one left out
    assert rows[0][4] == voters[0].id_number_masked and "*" in rows[0][4]
    assert voters[0].id_number not in r.content.decode("latin-1")
    assert ws.print_title_rows == "$1:$2" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert Event.objects.filter(action="voter_register.export").exists()


def test_export_all_constituencies_one_sheet_each(client, staff, election, constituencies):
    register_voters(election, staff, constituencies[0], 1)
    client.force_login(staff)
    wb = load_workbook(io.BytesIO(client.get(reverse("elections:register_xlsx", args=[election.pk])).content))
    assert wb.sheetnames == ["第1选区", "第2选区", "第3选区"]
    assert wb["第1选区"].max_row == 3 and wb["第3选区"].max_row == 2


def test_a_formula_like_address_stays_text(staff, election, constituencies):
    register.voter_add(actor=staff, election=election, constituency=constituencies[0], full_name="张三",
                       id_number=unique_id(7),
                       address="=HYPERLINK(1)")  # fmt: skip
    content, rows = register.register_xlsx(election, constituencies[0])
    ws = load_workbook(io.BytesIO(content))["第1选区"]
    assert rows == 1 and ws["F3"].value == "=HYPERLINK(1)" and ws["F3"].data_type == "s"


def test_outsiders_cannot_export(client, twin_counties, election, constituencies):
    client.force_login(twin_counties.sibling.users["staff"])
    assert client.get(reverse("elections:register_xlsx", args=[election.pk])).status_code == 404
