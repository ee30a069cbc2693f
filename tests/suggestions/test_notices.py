"""Notifications read as sentences: what happened to which case (kind, title and number), and what
the reader should do next, with the link to act — never "案件JY2026-0001:立案"."""

from __future__ import annotations

import re

import pytest

from renda.cases import services as engine
from renda.notifications.models import Notification, SmsMessage
from renda.suggestions import services

from .conftest import client_for, reply

CODE_LIKE = re.compile(r"案件[A-Z]{2}\d{4}-\d{4}:|[a-z]+\.[a-z_]+")


@pytest.fixture
def run_on_commit(monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())


def notes_of(user, verb):
    return list(Notification.objects.filter(recipient=user, verb=verb).order_by("pk"))


def test_admit_assign_reply_rate_are_sentences(w, submitted, run_on_commit):
    s = submitted()
    case = s.case
    name = f"《{case.title}》({case.number})"
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    (admitted,) = notes_of(w.deputy, "case.transition")
    assert admitted.title == f"您的代表建议{name}已立案。"
    assert admitted.body == "接下来将交办承办单位办理,请留意办理进展。"
    assert admitted.url == f"/cases/{case.pk}/"

    engine.case_assign(actor=w.staff, case=case, lead=w.unit_a, co_handlers=[w.unit_b])
    (to_unit,) = notes_of(w.clerk_a, "case.assign")
    assert to_unit.title == f"代表建议{name}已交由本单位办理。"
    assert re.fullmatch(r"请签收后与提出人沟通,并于2026年\d{1,2}月\d{1,2}日前答复。", to_unit.body)
    (to_deputy,) = notes_of(w.deputy, "case.assigned")
    assert to_deputy.title == f"您的代表建议{name}已交由县教育局、县交通运输局办理。"

    reply(w, s, classification="A")
    (answered,) = notes_of(w.deputy, "case.reply")
    assert answered.title == f"县教育局已答复您的代表建议{name}(A 已解决或采纳)。"
    assert answered.body == "请打开案件阅读答复,并进行满意度测评。"
    (for_staff,) = notes_of(w.staff, "case.reply")
    assert for_staff.title == f"县教育局已答复代表建议{name}(A 已解决或采纳)。"

    engine.case_rate(actor=w.deputy, reply=case.replies.get(), value="satisfied", comment="很好")
    (rated,) = notes_of(w.clerk_a, "case.rate")
    assert rated.title == f"代表建议{name}的答复测评结果为“满意”。"
    assert rated.body == "代表意见:很好。可打开案件查看测评详情。"

    for note in Notification.objects.all():
        assert not CODE_LIKE.search(note.title), note.title
        assert note.title.endswith("。") and note.body, (note.title, note.body)


def test_text_message_carries_what_to_do(w, submitted, run_on_commit):
    w.clerk_a.phone = "13900000009"
    w.clerk_a.save(update_fields=["phone"])
    s = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a)
    sms = SmsMessage.objects.get(recipient=w.clerk_a)
    assert sms.text.startswith("【人大履职平台】代表建议《")
    assert "已交由本单位办理。请签收后与提出人沟通" in sms.text and sms.text.endswith("前答复。")


def test_the_page_shows_the_sentence_and_marks_all_read(w, submitted, run_on_commit):
    s = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a)
    client = client_for(w.deputy)
    page = client.get("/notifications/").content.decode()
    assert f"您的代表建议《{s.case.title}》({s.case.number})已立案。" in page
    assert "接下来将交办承办单位办理,请留意办理进展。" in page
    assert "打开办理" in page and "全部标为已读" in page
    assert Notification.objects.filter(recipient=w.deputy, read_at__isnull=True).count() == 2
    response = client.post("/notifications/read-all/", follow=True)
    assert "已将 2 条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=w.deputy, read_at__isnull=True).exists()
