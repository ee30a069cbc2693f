"""Signatures of joint nominations: signers found in the register by name as well as by identity
number; a name shared by two voters of the constituency needs the number."""

from __future__ import annotations

import pytest

from renda.core.errors import ValidationFailed
from renda.deputies.identity import decrypt
from renda.elections import candidates, register

from .conftest import make_id, unique_id


def _nominate(election, staff, c, lines, **kw):
    return candidates.candidate_nominate(
        actor=staff, election=election, constituency=c, full_name="联名人选", gender="male",
        occupation_category="farmer", nominator_kind="voters", signer_id_numbers=lines, **kw,
    )  # fmt: skip


def test_names_and_numbers_mixed(election, staff, constituencies, published):
    lines = [v.full_name for v in published[:5]] + [v.id_number for v in published[5:9]]
    lines.append(f"{published[9].full_name} {published[9].id_number}")
    cand = _nominate(election, staff, constituencies[1], lines, id_number=make_id(4242))
    assert cand.signatures.count() == 10
    assert decrypt(cand.id_number_encrypted) == make_id(4242)  # the candidate's own number, not a signer's


def test_a_shared_name_needs_the_number(election, staff, constituencies, published, clock):
    from renda.elections.models import Voter

    # A second 选民3 in the same constituency (registered by an appeal after publication).
    clock.set("2026-11-26")
    twin = register.voter_add(actor=staff, election=election, constituency=constituencies[1], full_name="选民3",
                              id_number=unique_id(55555), source="appeal")  # fmt: skip
    lines = [v.full_name for v in published[:10]]  # includes 选民3
    with pytest.raises(ValidationFailed) as err:
        _nominate(election, staff, constituencies[1], lines)
    message = err.value.fields["signer_id_numbers"]
    assert "有效签名9名" in message and "“选民3”在本选区有2名同名选民,请在姓名后写上身份证号" in message
    lines[3] = f"选民3 {twin.id_number}"
    assert _nominate(election, staff, constituencies[1], lines).signatures.filter(voter=twin).exists()
    assert Voter.objects.filter(full_name="选民3").count() == 2


def test_wrong_name_for_the_number_and_other_constituency(election, staff, constituencies, published):
    other = register.Voter.objects.filter(election=election, constituency=constituencies[0]).first()
    lines = [v.full_name for v in published[:8]]
    lines += [f"张冠李 {published[8].id_number}", other.full_name, "查无此人", published[0].full_name]
    with pytest.raises(ValidationFailed) as err:
        _nominate(election, staff, constituencies[1], lines)
    message = err.value.fields["signer_id_numbers"]
    assert "有效签名8名" in message
    assert "第9位联名人“张冠李”与身份证号登记的姓名不符" in message
    assert f"第10位联名人“{other.full_name}”是“第1选区”的选民,不是本选区选民" in message
    assert "第11位联名人“查无此人”不在本次选举的选民名单上" in message


def test_through_the_page_one_per_line(client, staff, election, constituencies, published):
    from django.urls import reverse

    client.force_login(staff)
    lines = "\n".join(v.full_name for v in published[:10])
    r = client.post(reverse("elections:candidates", args=[election.pk]), {
        "action": "nominate", "constituency": constituencies[1].pk, "full_name": "马丽", "gender": "female",
        "party": "masses", "occupation_category": "farmer", "nominator_kind": "voters", "signer_id_numbers": lines,
    })  # fmt: skip
    assert r.status_code == 302
    cand = election.candidates.get(full_name="马丽")
    assert cand.signatures.count() == 10 and cand.nominating_body == "选民0等10名选民"
