"""Records kept: the consultation of the preliminary candidates, the review committee's written
report (text and file), and appeals taken to a court (date, court, judgment applied)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.core.errors import ConflictError, ValidationFailed
from renda.elections import ballot, records, register
from renda.elections.choices import VoterStatus
from renda.elections.models import ConsultationResult, ReviewReport, Voter

from .conftest import unique_id
from .test_candidates_ballot import _count, _final, _through_final


def test_consultation_with_an_outcome_per_candidate(
    client, election, staff, constituencies, published, clock
):
    people = _through_final(election, staff, constituencies, clock)  # preliminary on 30 Nov; now 8 Dec
    c = constituencies[1]
    pool = [p for (cid, _i), p in people.items() if cid == c.pk]
    url = reverse("elections:consultations", args=[election.pk])
    client.force_login(staff)
    prefix = f"c{c.pk}-"
    data = {"constituency": c.pk, prefix + "form": "consultation", prefix + "held_on": "2026-12-02",
            prefix + "participants": "第二选区各选民小组组长、选民代表", prefix + "participant_count": "23",
            prefix + f"o_{pool[0].pk}": "supported", prefix + f"o_{pool[1].pk}": "divided",
            prefix + f"n_{pool[1].pk}": "部分选民建议预选"}  # fmt: skip
    bad = dict(data, **{prefix + "held_on": "2026-11-29"})
    r = client.post(url, bad)
    assert r.status_code == 400 and "日期应在初步候选人名单公布(2026-11-30)之后" in r.content.decode()
    assert client.post(url, data).status_code == 302
    results = {r.candidate_id: r for r in ConsultationResult.objects.all()}
    assert results[pool[0].pk].outcome == "supported" and results[pool[1].pk].note == "部分选民建议预选"
    page = client.get(url).content.decode()
    assert "23 人参加" in page and "意见不一致,须预选" in page
    with pytest.raises(ValidationFailed) as err:
        records.consultation_record(actor=staff, constituency=c, form="discussion", held_on=dt.date(2026, 12, 3),
                                    participants="选民小组", participant_count=5, outcomes={})  # fmt: skip
    assert "请为初步候选人填写" in err.value.message
    other = next(p for (cid, _i), p in people.items() if cid != c.pk)
    with pytest.raises(ValidationFailed):
        records.consultation_record(actor=staff, constituency=c, form="discussion", held_on=dt.date(2026, 12, 3),
                                    participants="选民小组", participant_count=5, outcomes={other.pk: "supported"})  # fmt: skip


def test_no_consultation_before_the_preliminary_list(election, staff, constituencies, published):
    with pytest.raises(ConflictError):
        records.consultation_record(actor=staff, constituency=constituencies[1], form="deliberation",
                                    held_on=dt.date(2026, 11, 26), participants="x", participant_count=3,
                                    outcomes={1: "supported"})  # fmt: skip


def test_review_report_with_its_file(
    client, election, staff, county, constituencies, published, clock, settings, tmp_path
):
    from renda.elections import services

    settings.MEDIA_ROOT = str(tmp_path)
    _final(election, staff, constituencies, clock)
    second = county.users["leader"]
    services.committee_member_add(actor=staff, election=election, full_name="王建国",
                                  appointed_on=dt.date(2026, 10, 1), user=second)  # fmt: skip
    with pytest.raises(ConflictError):
        records.review_report_save(actor=staff, election=election, adopted_on=dt.date(2026, 12, 15), text="x")
    for c, votes in zip(constituencies, ([2, 2, 0, 0], [10, 5], [2, 2, 2, 0, 0, 0]), strict=True):
        _count(
            staff,
            second,
            ballot.round_open(actor=staff, constituency=c),
            2 if c != constituencies[1] else 15,
            votes,
        )
    ballot.results_publish(actor=staff, election=election)
    clock.set("2026-12-17")
    client.force_login(staff)
    url = reverse("elections:review", args=[election.pk])
    from renda.documents.pdf import PdfDocument

    doc = PdfDocument(title="审查报告")
    doc.paragraph("经审查,当选代表资格有效。")
    pdf = SimpleUploadedFile("审查报告.pdf", doc.to_bytes(), content_type="application/pdf")
    r = client.post(url, {"action": "report", "adopted_on": "2026-12-16", "text": "经审查,当选代表6名,资格有效。",
                          "file": pdf})  # fmt: skip
    assert r.status_code == 302
    report = ReviewReport.objects.get(election=election)
    assert report.original_name == "审查报告.pdf" and report.file
    page = client.get(url).content.decode()
    assert "经审查,当选代表6名" in page and "审查报告.pdf" in page
    download = client.get(reverse("elections:review_report_file", args=[election.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    r = client.post(url, {"action": "report", "adopted_on": "2026-12-18", "text": "x"})
    assert r.status_code == 400 and "审查日期应在选举结果公布之后、不晚于今天" in r.content.decode()
    client.force_login(county.users["deputy"])
    assert client.get(reverse("elections:review_report_file", args=[election.pk])).status_code == 404


def _rejected_omission(election, staff, constituencies, clock):
    clock.set("2026-11-26")
    appeal = register.appeal_file(actor=staff, election=election, constituency=constituencies[1], appellant="李明",
                                  kind="omitted", subject_name="李明", claim="本人年满十八周岁,未被登记。")  # fmt: skip
    return register.appeal_decide(
        actor=staff, appeal=appeal, decision="rejected", decision_text="户籍不在本选区。"
    )


@pytest.mark.parametrize(("day", "ok"), [("2026-12-10", True), ("2026-12-11", False)])
def test_court_case_five_days_before_election_day(election, staff, constituencies, published, clock, day, ok):
    appeal = _rejected_omission(election, staff, constituencies, clock)
    call = lambda: records.court_case_file(actor=staff, appeal=appeal, filed_on=dt.date.fromisoformat(day),  # noqa: E731
                                           court="示例县人民法院")  # fmt: skip
    if ok:
        assert call().court == "示例县人民法院"
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "最迟2026-12-10" in err.value.fields["filed_on"]


def test_a_judgment_for_the_appellant_registers_them(
    client, election, staff, constituencies, published, clock
):
    appeal = _rejected_omission(election, staff, constituencies, clock)
    client.force_login(staff)
    url = reverse("elections:appeals", args=[election.pk])
    p = f"k{appeal.pk}-"
    assert client.post(url, {"action": "court_file", "appeal": appeal.pk, p + "filed_on": "2026-11-28",
                             p + "court": "示例县人民法院"}).status_code == 302  # fmt: skip
    number = unique_id(77777)
    r = client.post(url, {"action": "court_judge", "appeal": appeal.pk, p + "judged_on": "2026-12-15",
                          p + "outcome": "for_appellant", p + "judgment": "应予登记。", p + "id_number": number})  # fmt: skip
    assert r.status_code == 400 and "人民法院应在选举日(2026-12-15)以前作出判决" in r.content.decode()
    r = client.post(url, {"action": "court_judge", "appeal": appeal.pk, p + "judged_on": "2026-12-01",
                          p + "outcome": "for_appellant", p + "judgment": "应予登记。", p + "id_number": number})  # fmt: skip
    assert r.status_code == 302
    voter = Voter.objects.get(election=election, full_name="李明")
    assert voter.constituency == constituencies[1] and voter.source == "appeal"
    page = client.get(url).content.decode()
    assert "示例县人民法院" in page and "支持起诉人" in page


def test_a_dismissal_undoes_the_committees_removal(election, staff, constituencies, published, clock):
    clock.set("2026-11-26")
    voter = published[3]
    appeal = register.appeal_file(actor=staff, election=election, constituency=constituencies[1], appellant="张华",
                                  kind="wrongly_listed", subject_name=voter.full_name, claim="已迁出。", voter=voter)  # fmt: skip
    register.appeal_decide(actor=staff, appeal=appeal, decision="upheld", decision_text="已迁出本选区。")
    voter.refresh_from_db()
    assert voter.status == VoterStatus.REMOVED
    case = records.court_case_file(
        actor=staff, appeal=appeal, filed_on=dt.date(2026, 11, 27), court="示例县人民法院"
    )
    records.court_case_judge(actor=staff, case=case, judged_on=dt.date(2026, 12, 2), outcome="against_appellant",
                             judgment="仍在本选区居住,应列入名单。")  # fmt: skip
    voter.refresh_from_db()
    assert voter.status == VoterStatus.ELIGIBLE
    with pytest.raises(ConflictError):
        records.court_case_judge(actor=staff, case=case, judged_on=dt.date(2026, 12, 2), outcome="for_appellant",
                                 judgment="x")  # fmt: skip


def test_no_court_case_before_the_committee_decides(election, staff, constituencies, published, clock):
    clock.set("2026-11-26")
    appeal = register.appeal_file(actor=staff, election=election, constituency=constituencies[1], appellant="李明",
                                  kind="omitted", subject_name="李明", claim="未登记。")  # fmt: skip
    with pytest.raises(ConflictError):
        records.court_case_file(
            actor=staff, appeal=appeal, filed_on=dt.date(2026, 11, 27), court="示例县人民法院"
        )
