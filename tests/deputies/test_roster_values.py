"""How the roster import reads parties, names and remarks, and the migration that tells the eight
democratic parties apart."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from renda.deputies.choices import PoliticalAffiliation as P
from renda.deputies.choices import party_of
from renda.deputies.roster import _education, _reelected_in, parse_name

PARTIES = {
    P.CPC: ["中国共产党", "中共", "中共党员", "共产党员", "中国共产党党员"],
    P.CPC_PROBATIONARY: ["中共预备党员", "预备党员"],
    P.CYL: ["共青团员"],
    P.RCCK: ["中国国民党革命委员会", "民革", "民革会员", "民革党员"],
    P.CDL: ["中国民主同盟", "民盟", "民盟盟员"],
    P.CNDCA: ["中国民主建国会", "民建", "民建会员"],
    P.CAPD: ["中国民主促进会", "民进", "民进会员"],
    P.CPWDP: ["中国农工民主党", "农工党", "农工党党员"],
    P.CZGP: ["中国致公党", "致公党", "致公党党员"],
    P.JIUSAN: ["九三学社", "九三学社社员"],
    P.TDSL: ["台湾民主自治同盟", "台盟", "台盟盟员"],
    P.NON_PARTY: ["无党派人士", "无党派"],
    P.MASSES: ["群众", "无"],
}


@pytest.mark.parametrize(("value", "text"), [(v, t) for v, texts in PARTIES.items() for t in texts])
def test_every_party_by_full_name_and_abbreviation(value, text):
    assert party_of(text) == value
    assert party_of(f" {text}\u3000") == value


def test_unknown_party_text():
    assert party_of("民主党") is None and party_of("") is None


def test_names_annotations_and_spaces():
    assert parse_name("王　芳") == ("王芳", "", "", [])
    assert parse_name(" 李 明 （女，回族）") == ("李明", "female", "回族", [])
    assert parse_name("马建国(回族)") == ("马建国", "", "回族", [])
    assert parse_name("阿依古丽•买买提（女、维吾尔族）")[:3] == ("阿依古丽·买买提", "female", "维吾尔族")
    assert parse_name("张三（特邀）") == ("张三", "", "", ["特邀"])


def test_reelected_remarks_and_education_words():
    assert _reelected_in("连任") and _reelected_in("市人大代表；连任")
    assert not _reelected_in("非连任") and not _reelected_in("不连任") and not _reelected_in("新当选")
    assert [_education(t) for t in ("大学", "本科", "大专", "研究生", "中专", "初中", "博士研究生")] == [
        "bachelor", "bachelor", "college", "master", "secondary", "junior", "doctorate",
    ]  # fmt: skip
    assert _education("大学专科") == "college" and _education("不详") is None


def test_migration_names_the_democratic_party_from_the_post(world):
    """Rows saved before the parties were told apart: the post names the party when it can."""
    from renda.deputies.models import Deputy, DeputyMandate

    migration = importlib.import_module("renda.deputies.migrations.0003_roster_real_layouts")
    a = Deputy.objects.create(
        full_name="甲", gender="male", party="democratic_party", occupation="民进乙县委员会主委"
    )
    b = Deputy.objects.create(
        full_name="乙", gender="male", party="democratic_party", occupation="乙县第一中学教师"
    )
    c = Deputy.objects.create(full_name="丙", gender="male", party="cpc", occupation="民盟乙县支部联络员")
    migration.name_the_democratic_parties(apps, None)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.party, b.party, c.party) == (P.CAPD, P.DEMOCRATIC_PARTY, P.CPC)
    # Until staff name the party, the deputy is 信息不完整.
    Deputy.objects.filter(pk=world.d1.pk).update(party="democratic_party")
    m = DeputyMandate.objects.select_related("deputy").get(pk=world.m1_county.pk)
    assert "政治面貌" in m.missing_info
