"""The voter register: identity numbers, nobody twice, all-or-nothing import, publication, appeals."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.deputies.identity import check_digit, keyed_hash
from renda.documents.excel import Row, Table
from renda.elections import register
from renda.elections.choices import AppealDecision, ImportState, VoterStatus
from renda.elections.models import RegisterImport, Voter

from .conftest import make_id, register_voters, unique_id


def test_check_digit_gb11643():
    # The standard's worked example: 11010519491231002X.
    assert check_digit("11010519491231002") == "X"
    assert make_id(1)[-1] == check_digit(make_id(1)[:17])


def test_invalid_check_digit_refused_with_message(election, staff, constituencies):
    good = make_id(7)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as err:
        register.voter_add(
            actor=staff, election=election, constituency=constituencies[0], full_name="王五", id_number=bad
        )
    assert err.value.fields["id_number"] == "身份证号校验位错误,请核对。"


def test_identity_number_stored_encrypted_and_hashed(election, staff, constituencies):
    number = make_id(3)
    v = register.voter_add(
        actor=staff, election=election, constituency=constituencies[0], full_name="张三", id_number=number
    )
    v.refresh_from_db()
    assert number not in v.id_number_encrypted
    assert v.id_number == number
    assert v.id_number_hash == keyed_hash(number)
    assert v.id_number_masked == number[:4] + "*" * 10 + number[-4:]


def test_nobody_registered_twice_across_constituencies(election, staff, constituencies):
    number = make_id(11)
    register.voter_add(
        actor=staff, election=election, constituency=constituencies[0], full_name="李四", id_number=number
    )
    with pytest.raises(ConflictError) as err:
        register.voter_add(actor=staff, election=election, constituency=constituencies[1], full_name="李四",
                           id_number=number.lower())  # fmt: skip
    assert "第1选区" in err.value.message
    assert Voter.objects.filter(election=election).count() == 1


def test_database_refuses_a_second_entry_even_bypassing_the_service(election, staff, constituencies):
    from django.db import IntegrityError, transaction

    v = register_voters(election, staff, constituencies[0], 1)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Voter.objects.create(election=election, constituency=constituencies[1], full_name="x", birth_date=v.birth_date,
                             id_number_encrypted="t", id_number_hash=v.id_number_hash)  # fmt: skip


@pytest.mark.parametrize(("born", "ok"), [(dt.date(2008, 12, 15), True), (dt.date(2008, 12, 16), False)])
def test_age_eighteen_on_election_day(election, staff, constituencies, born, ok):
    number = make_id(5, born=born)
    call = lambda: register.voter_add(  # noqa: E731
        actor=staff, election=election, constituency=constituencies[0], full_name="青年", id_number=number
    )
    if ok:
        assert call().birth_date == born
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "未满18周岁" in err.value.fields["id_number"]


def test_migrant_needs_certificate(election, staff, constituencies):
    with pytest.raises(ValidationFailed) as err:
        register.voter_add(actor=staff, election=election, constituency=constituencies[0], full_name="外来",
                           id_number=make_id(9), is_migrant=True)  # fmt: skip
    assert "migrant_certificate" in err.value.fields
    v = register.voter_add(actor=staff, election=election, constituency=constituencies[0], full_name="外来",
                           id_number=make_id(9), is_migrant=True, migrant_certificate="甘肃省某县第3选区证明")  # fmt: skip
    assert v.is_migrant


def test_exclusion_needs_reason_and_basis(election, staff, constituencies):
    v = register_voters(election, staff, constituencies[0], 1)[0]
    with pytest.raises(ValidationFailed):
        register.voter_exclude(actor=staff, voter=v, reason="deprived", note="")
    v = register.voter_exclude(actor=staff, voter=v, reason="deprived", note="(2025)某刑初12号判决")
    assert v.status == VoterStatus.EXCLUDED and v.get_exclusion_reason_display() == "依法被剥夺政治权利"


def test_others_may_not_register(election, county, constituencies, twin_counties):
    for user in (county.users["deputy"], county.users["unit_clerk"], twin_counties.sibling.users["staff"]):
        with pytest.raises(PermissionDeniedError):
            register.voter_add(actor=user, election=election, constituency=constituencies[0], full_name="x",
                               id_number=make_id(1))  # fmt: skip


def test_committee_member_may_register(election, staff, county, constituencies):
    from renda.elections import services

    clerk = county.users["unit_clerk"]
    services.committee_member_add(
        actor=staff, election=election, full_name="赵磊", appointed_on=dt.date(2026, 10, 1), user=clerk
    )
    assert register.voter_add(actor=clerk, election=election, constituency=constituencies[0], full_name="x",
                              id_number=make_id(1)).pk  # fmt: skip


def _table(rows):
    return Table(rows=[Row(number=i + 2, values=v) for i, v in enumerate(rows)])


def test_import_all_or_nothing_with_a_report(election, staff, constituencies):
    existing = register_voters(election, staff, constituencies[2], 1, start=900)[0]
    bad = make_id(2)[:17] + ("0" if make_id(2)[17] != "0" else "1")
    rows = [
        {"full_name": "甲", "id_number": unique_id(1), "constituency": "第1选区"},
        {"full_name": "乙", "id_number": bad, "constituency": "第1选区"},
        {"full_name": "丙", "id_number": unique_id(1), "constituency": "第2选区"},
        {"full_name": "丁", "id_number": existing.id_number, "constituency": "第2选区"},
        {"full_name": "戊", "id_number": unique_id(3), "constituency": "第九选区"},
    ]
    check = register.check_table(election, _table(rows))
    found = {(e.row, e.field): e.message for e in check.errors}
    assert found[(3, "身份证号")] == "身份证号校验位错误,请核对。"
    assert found[(4, "身份证号")] == "与第 2 行(第1选区)是同一公民,一人只能在一个选区登记。"
    assert found[(5, "身份证号")] == "该公民已在“第3选区”登记为选民,一人只能在一个选区登记。"
    assert found[(6, "选区")] == "本次选举没有名为“第九选区”的选区。"
    with pytest.raises(ValidationFailed):
        register.write_checked(actor=staff, election=election, check=check)
    assert Voter.objects.filter(election=election).count() == 1


def test_background_import_csv_with_progress(election, staff, constituencies, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    lines = ["序号,选民姓名,公民身份号码,所在选区,现住址"]
    for i in range(1, 1201):
        lines.append(f"{i},选民{i},{unique_id(i)},第{i % 3 + 1}选区,某村{i}号")
    source = tmp_path / "in.csv"
    source.write_bytes("\n".join(lines).encode("gb18030"))
    sheet = register.read_file(source)
    from renda.documents import mapping as colmap

    mapping = colmap.suggest(sheet.headings, register.FIELDS)
    assert mapping == ["", "full_name", "id_number", "constituency", "address"]
    job = register.register_import_start(actor=staff, election=election, source=source, file_name="名册.csv",
                                         mapping=mapping, headings=sheet.headings)  # fmt: skip
    assert register.run_register_import(job.pk) == ImportState.DONE
    job.refresh_from_db()
    assert (job.total, job.processed, job.created_count) == (1200, 1200, 1200)
    assert Voter.objects.filter(election=election, constituency=constituencies[1]).count() == 400


def test_background_import_refused_names_row_and_field(election, staff, constituencies, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    source = tmp_path / "in.csv"
    source.write_text(
        f"姓名,身份证号,选区\n甲,{unique_id(1)},第1选区\n乙,{unique_id(1)},第2选区\n", encoding="utf-8"
    )
    job = register.register_import_start(actor=staff, election=election, source=source, file_name="名册.csv",
                                         mapping=["full_name", "id_number", "constituency"],
                                         headings=["姓名", "身份证号", "选区"])  # fmt: skip
    assert register.run_register_import(job.pk) == ImportState.REFUSED
    job = RegisterImport.objects.get(pk=job.pk)
    assert job.errors == [
        {"row": 3, "field": "身份证号", "message": "与第 2 行(第1选区)是同一公民,一人只能在一个选区登记。"}
    ]
    assert not Voter.objects.filter(election=election).exists()


def _publish(election, staff, constituencies, clock, day="2026-11-25"):
    register_voters(election, staff, constituencies[0], 3)
    clock.set(day)
    return register.register_publish(actor=staff, election=election)


@pytest.mark.parametrize(("day", "ok"), [("2026-11-24", True), ("2026-11-25", True), ("2026-11-26", False)])
def test_register_published_twenty_days_before(election, staff, constituencies, clock, day, ok):
    if ok:
        assert _publish(election, staff, constituencies, clock, day).register_published_on.isoformat() == day
    else:
        with pytest.raises(ValidationFailed) as err:
            _publish(election, staff, constituencies, clock, day)
        assert "20日以前" in err.value.message


def test_published_register_changes_only_through_appeals(election, staff, constituencies, clock):
    _publish(election, staff, constituencies, clock)
    with pytest.raises(ConflictError):
        register.voter_add(actor=staff, election=election, constituency=constituencies[0], full_name="迟到",
                           id_number=make_id(77))  # fmt: skip


@pytest.mark.parametrize(("filed", "ok"), [("2026-11-25", True), ("2026-11-29", True), ("2026-11-30", False)])
def test_appeal_within_five_days(election, staff, constituencies, clock, filed, ok):
    _publish(election, staff, constituencies, clock)
    clock.set(filed)
    call = lambda: register.appeal_file(  # noqa: E731
        actor=staff,
        election=election,
        constituency=constituencies[0],
        appellant="周某",
        kind="omitted",
        subject_name="周某",
        claim="本人年满十八周岁,户籍在本村,名单上没有。",
    )
    if ok:
        assert call().due_on == dt.date.fromisoformat(filed) + dt.timedelta(days=3)
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "5日内" in err.value.fields["filed_on"]


@pytest.mark.parametrize(
    ("decided", "late"), [("2026-11-29", False), ("2026-11-30", False), ("2026-12-01", True)]
)
def test_appeal_decided_within_three_days_amends_register(
    election, staff, constituencies, clock, decided, late
):
    _publish(election, staff, constituencies, clock)
    clock.set("2026-11-27")
    appeal = register.appeal_file(actor=staff, election=election, constituency=constituencies[0], appellant="周某",
                                  kind="omitted", subject_name="周某", claim="漏登")  # fmt: skip
    assert appeal.due_on == dt.date(2026, 11, 30)
    clock.set(decided)
    appeal = register.appeal_decide(actor=staff, appeal=appeal, decision=AppealDecision.UPHELD,
                                    decision_text="经核实,申诉人符合登记条件,予以补登。", id_number=make_id(55))  # fmt: skip
    assert appeal.late is late
    assert appeal.voter.full_name == "周某" and appeal.voter.source == "appeal"
    assert Voter.objects.filter(election=election, status=VoterStatus.ELIGIBLE).count() == 4


def test_upheld_appeal_removes_wrongly_listed(election, staff, constituencies, clock):
    _publish(election, staff, constituencies, clock)
    v = Voter.objects.filter(election=election).first()
    appeal = register.appeal_file(actor=staff, election=election, constituency=constituencies[0], appellant="吴某",
                                  kind="wrongly_listed", subject_name="", voter=v, claim="该人已迁出本选区。")  # fmt: skip
    register.appeal_decide(actor=staff, appeal=appeal, decision="upheld", decision_text="已迁出,予以除名。")
    v.refresh_from_db()
    assert v.status == VoterStatus.REMOVED and v.removal_reason == "appeal"


def test_register_pdf_has_names_only(election, staff, constituencies, clock):
    _publish(election, staff, constituencies, clock)
    data = register.register_pdf(election, constituencies[0])
    assert data.startswith(b"%PDF")
    number = Voter.objects.filter(election=election).first().id_number
    assert number.encode() not in data
