"""The election pages through the browser's eyes (Django test client): the flow the issue names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.elections import candidates, register, services
from renda.elections.models import Candidate, RegisterImport, Round, Voter

from .conftest import make_id, register_voters, unique_id


@pytest.fixture
def web(client, staff):
    client.force_login(staff)
    return client


def test_list_create_and_timetable(web, county, new_term, clock):
    clock.set("2026-10-20")
    r = web.get(reverse("elections:list"))
    assert r.status_code == 200 and "换届选举" in r.content.decode()
    r = web.post(reverse("elections:create"), {"name": "第十九届县人大代表选举", "term": new_term.pk, "kind": "general",
                                               "election_day": "2026-12-15"})  # fmt: skip
    assert r.status_code == 302
    page = web.get(r["Location"]).content.decode()
    for text in (
        "公布选民名单",
        "2026-11-25",
        "受理和处理选民名单申诉",
        "2026-12-02",
        "2026-11-30",
        "2026-12-08",
        "进行中",
    ):
        assert text in page


def test_seats_out_of_range_shown_next_to_field(web, election, constituencies):
    url = reverse("elections:constituencies", args=[election.pk])
    r = web.post(url, {"action": "save", "name": "新选区", "kind": "village", "population": 3000, "seats": 4})
    assert r.status_code == 400
    body = r.content.decode()
    assert "每一选区应选代表1至3名(选举法)。" in body and 'value="新选区"' in body
    page = web.get(url).content.decode()
    # 6000/2, 3100/1, 9000/3: average 3016.7 per seat, all within ±30 %.
    assert "超出范围" not in page.replace("只看偏差超出范围的选区", "")
    services.constituency_save(actor=election.created_by, election=election, name="小选区", kind="village",
                               population=1000, seats=1)  # fmt: skip
    page = web.get(url).content.decode()
    assert "超出范围</span>" in page


def test_import_through_the_page_with_one_duplicate_and_one_bad_number(
    web, election, constituencies, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    bad = make_id(8)[:17] + ("0" if make_id(8)[17] != "0" else "1")
    rows = ["姓名,身份证号,选区"] + [f"选民{i},{unique_id(i)},第1选区" for i in range(1, 30)]
    rows += [f"重复,{unique_id(5)},第2选区", f"错号,{bad},第2选区"]
    url = reverse("elections:voter_import", args=[election.pk])
    upload = SimpleUploadedFile("名册.csv", "\n".join(rows).encode("utf-8"), content_type="text/csv")
    assert web.post(url, {"step": "upload", "file": upload}).status_code == 302
    page = web.get(url).content.decode()
    assert "核对" in page and "6201**" in page  # samples masked
    r = web.post(url, {"step": "map", "col_0": "full_name", "col_1": "id_number", "col_2": "constituency"})
    assert r.status_code == 302
    job = RegisterImport.objects.get(election=election)
    register.run_register_import(job.pk)
    page = web.get(r["Location"]).content.decode()
    assert (
        "与第 6 行(第1选区)是同一公民" in page and "身份证号校验位错误" in page and "未导入任何选民" in page
    )
    assert not Voter.objects.filter(election=election).exists()
    assert web.get(r["Location"] + "?format=json").json()["state"] == "refused"


def test_appeal_decided_on_the_page(web, election, staff, constituencies, clock):
    register_voters(election, staff, constituencies[0], 3)
    clock.set("2026-11-25")
    r = web.post(reverse("elections:detail", args=[election.pk]), {"action": "publish_register"})
    assert r.status_code == 302
    url = reverse("elections:appeals", args=[election.pk])
    r = web.post(url, {"action": "file", "constituency": constituencies[0].pk, "appellant": "周某", "kind": "omitted",
                       "subject_name": "周某", "claim": "漏登"})  # fmt: skip
    assert r.status_code == 302
    appeal = election.appeals.get()
    r = web.post(url, {"action": "decide", "appeal": appeal.pk, f"a{appeal.pk}-decision": "upheld",
                       f"a{appeal.pk}-decision_text": "核实后补登", f"a{appeal.pk}-id_number": "123"})  # fmt: skip
    assert r.status_code == 400 and "身份证号应为18位" in r.content.decode()
    r = web.post(url, {"action": "decide", "appeal": appeal.pk, f"a{appeal.pk}-decision": "upheld",
                       f"a{appeal.pk}-decision_text": "核实后补登", f"a{appeal.pk}-id_number": make_id(44)})  # fmt: skip
    assert r.status_code == 302
    assert Voter.objects.filter(election=election, full_name="周某", source="appeal").exists()
    pdf = web.get(reverse("elections:register_pdf", args=[election.pk, constituencies[0].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_tellers_disagree_on_the_page_and_every_page_renders(
    web, election, staff, county, constituencies, clock
):
    leader = county.users["leader"]
    services.committee_member_add(
        actor=staff, election=election, full_name="王建国", appointed_on=dt.date(2026, 10, 1), user=leader
    )
    voters = register_voters(election, staff, constituencies[1], 12)
    for c in (constituencies[0], constituencies[2]):
        register_voters(election, staff, c, 2, start=500 + c.pk * 10)
    clock.set("2026-11-25")
    register.register_publish(actor=staff, election=election)
    for c in constituencies:
        for i in range(c.seats * 2):
            candidates.candidate_nominate(actor=staff, election=election, constituency=c, full_name=f"{c.name}人选{i}",
                                          gender="female" if i % 2 else "male", occupation_category="farmer",
                                          nominator_kind="party", nominating_body="中国共产党示例县委员会")  # fmt: skip
    url = reverse("elections:candidates", args=[election.pk])
    r = web.post(url, {"action": "nominate", "constituency": constituencies[1].pk, "full_name": "联名", "gender": "male",
                       "party": "masses", "occupation_category": "worker", "nominator_kind": "voters",
                       "signer_id_numbers": "\n".join(v.id_number for v in voters[:9])})  # fmt: skip
    assert r.status_code == 400 and "10名以上" in r.content.decode()
    clock.set("2026-11-30")
    web.force_login(staff)
    assert web.post(url, {"action": "preliminary"}).status_code == 302
    clock.set("2026-12-08")
    web.force_login(staff)
    ids = list(Candidate.objects.filter(election=election).values_list("pk", flat=True))
    assert web.post(url, {"action": "final", "formal": [str(i) for i in ids]}).status_code == 302
    assert "差额符合" in web.get(url).content.decode()
    clock.set("2026-12-15")
    web.force_login(staff)
    r = web.post(
        reverse("elections:ballot", args=[election.pk]),
        {"action": "open", "constituency": constituencies[1].pk},
    )
    rnd = Round.objects.get()
    a, b = list(rnd.candidates.order_by("pk"))
    round_url = reverse("elections:round", args=[election.pk, rnd.pk])
    assert (
        web.post(
            round_url, {"teller": "1", "voted": 10, "ballots_cast": 10, f"c_{a.pk}": 7, f"c_{b.pk}": 3}
        ).status_code
        == 302
    )
    other = web.__class__()
    other.force_login(leader)
    r = other.post(
        round_url, {"teller": "2", "voted": 10, "ballots_cast": 10, f"c_{a.pk}": 6, f"c_{b.pk}": 3}
    )
    assert (
        r.status_code == 400
        and "两名计票人的结果不一致" in r.content.decode()
        and "7 与 6" in r.content.decode()
    )
    r = other.post(
        round_url, {"teller": "2", "voted": 10, "ballots_cast": 10, f"c_{a.pk}": 7, f"c_{b.pk}": 3}
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.elected_votes == 7
    for name in ("detail", "settings", "committee", "constituencies", "voters", "appeals", "candidates", "ballot",
                 "results", "review"):  # fmt: skip
        r = web.get(reverse(f"elections:{name}", args=[election.pk]))
        assert r.status_code == 200, name
        body = r.content.decode()
        assert "None" not in body.replace("is not None", ""), name
    data = web.get(reverse("elections:composition_data", args=[election.pk])).json()
    assert "妇女代表比例不低于" in data["names"]


def test_others_do_not_see_the_election(client, election, county, twin_counties):
    for user in (county.users["deputy"], twin_counties.sibling.users["staff"]):
        client.force_login(user)
        assert client.get(reverse("elections:detail", args=[election.pk])).status_code in (403, 404)


def test_api_reads_and_writes(client, election, staff, constituencies):
    client.force_login(staff)
    r = client.get(f"/api/v1/elections/{election.pk}")
    assert r.status_code == 200 and r.json()["timetable"][2]["closes"] == "2026-11-25"
    r = client.post(f"/api/v1/elections/{election.pk}/voters", {"constituency_id": constituencies[0].pk, "full_name": "张三",
                    "id_number": make_id(1)}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and "*" in r.json()["id_number_masked"]
    r = client.post(f"/api/v1/elections/{election.pk}/voters", {"constituency_id": constituencies[1].pk, "full_name": "张三",
                    "id_number": make_id(1)}, content_type="application/json")  # fmt: skip
    assert r.status_code == 409 and "第1选区" in r.json()["message"]
    r = client.get(f"/api/v1/elections/{election.pk}/constituencies")
    assert [c["seats"] for c in r.json()] == [2, 1, 3]
