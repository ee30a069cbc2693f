"""开门立法: the comment window at its first and last minute, before and after; bad input; screening,
adoption, the aggregate answer and the published statistics."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from renda.core.errors import ConflictError, ValidationFailed
from renda.legislation import services
from renda.legislation.models import Comment
from renda.liaison.captcha import SESSION_KEY

from .conftest import deliberated_project

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.clock("2026-11-24 08:30")


@pytest.fixture
def period(lw, clock):  # the clock first: the window is checked against "today"
    p = deliberated_project(lw)
    return services.period_open(
        actor=lw.env, project=p, version=p.versions.first(), opens_on="2026-12-01", closes_on="2026-12-31",
        notice="欢迎社会各界提出意见。",
    )  # fmt: skip


def _submit(period, **kw):
    data = {"body": "建议第三条明确乡镇人民政府的具体职责。", "article": 3, "client_ip": "10.1.1.1"} | kw
    return services.comment_submit_public(period=period, **data)


@pytest.mark.parametrize(
    "moment, accepted",
    [
        (dt.datetime(2026, 11, 30, 23, 59, tzinfo=TZ), False),  # the minute before
        (dt.datetime(2026, 12, 1, 0, 0, tzinfo=TZ), True),  # its first minute
        (dt.datetime(2026, 12, 31, 23, 59, tzinfo=TZ), True),  # its last minute
        (dt.datetime(2027, 1, 1, 0, 0, tzinfo=TZ), False),  # the minute after
    ],
)
def test_comment_window(period, clock, moment, accepted):
    clock.set(moment)
    if accepted:
        assert _submit(period).article_number == 3
    else:
        with pytest.raises(ValidationFailed) as exc:
            _submit(period)
        assert ("开始" if moment.month == 11 else "截止") in exc.value.message
        assert not Comment.objects.exists()


def test_bad_comments(period, clock):
    clock.set(dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ))
    with pytest.raises(ValidationFailed) as exc:
        _submit(period, body="   ")
    assert exc.value.field == "body" and "意见内容" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        _submit(period, body="长" * 2001)
    assert exc.value.field == "body" and "2000" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        _submit(period, article=9)
    assert exc.value.field == "article" and "第九条" in exc.value.message
    assert (
        _submit(period, body="长" * 2000, article=None).article_number is None
    )  # the whole draft, at the limit
    assert Comment.objects.count() == 1


def test_comment_through_the_portal_keeps_input_on_error(period, clock):
    clock.set(dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ))
    c = Client()
    url = reverse("legislation:public_draft", args=[period.pk])
    c.get(url)
    r = c.post(url, {"article": 3, "body": "我的意见:第三条应当写清楚。", "captcha": "999"})
    assert (
        r.status_code == 400
        and "验证码不正确" in r.content.decode()
        and "我的意见:第三条应当写清楚。" in r.content.decode()
    )
    answer = c.session[SESSION_KEY]["answer"]
    r = c.post(url, {"article": 3, "body": "我的意见:第三条应当写清楚。", "captcha": answer})
    assert r.status_code == 200 and "您的意见已提交" in r.content.decode()
    assert Comment.objects.get().article_number == 3
    # after the period: the message, and the text stays in the form
    clock.set(dt.datetime(2027, 1, 1, 0, 0, tzinfo=TZ))
    c.get(url)
    answer = c.session[SESSION_KEY]["answer"]
    r = c.post(url, {"article": 3, "body": "迟到的意见内容如下。", "captcha": answer})
    body = r.content.decode()
    assert r.status_code == 400 and "已于2026年12月31日截止" in body and "迟到的意见内容如下。" in body


def test_screen_adopt_answer_publish(lw, period, clock):
    clock.set(dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ))
    c1 = _submit(period)
    c2 = _submit(period, body="广告内容与立法无关的文字", article=None)
    c3 = services.comment_record(
        actor=lw.env, period=period, source="contact_point", author_name="城关镇基层立法联系点",
        body="建议第四条增加分类标准。", article=4,
    )  # fmt: skip
    with pytest.raises(ConflictError):  # adopt before screening
        services.comment_adopt(actor=lw.env, comment=c1, adoption="adopted")
    services.comment_screen(actor=lw.env, comment=c1, accept=True)
    with pytest.raises(ValidationFailed):  # not adopted needs a reason
        services.comment_adopt(actor=lw.env, comment=c3, adoption="not_adopted")
    services.comment_adopt(actor=lw.env, comment=c1, adoption="adopted")
    services.comment_adopt(actor=lw.env, comment=c3, adoption="partly", note="部分标准已在实施细则中规定")
    with pytest.raises(ConflictError):  # the period is still open
        services.period_answer(actor=lw.env, period=period, answer="感谢社会各界的意见,采纳情况如下……")
    clock.set(dt.datetime(2027, 1, 1, 0, 0, tzinfo=TZ))
    with pytest.raises(ValidationFailed):  # c2 is not screened yet
        services.period_answer(actor=lw.env, period=period, answer="感谢社会各界的意见,采纳情况如下……")
    services.comment_screen(actor=lw.env, comment=c2, accept=False)
    services.period_answer(actor=lw.env, period=period, answer="感谢社会各界的意见,采纳情况如下……")
    r = Client().get(reverse("legislation:public_draft", args=[period.pk]))
    body = r.content.decode()
    assert "共收到意见 3 条,有效意见 2 条;采纳 1 条,部分采纳 1 条" in body
    assert "广告内容" not in body and "感谢社会各界的意见" in body


def test_a_deputy_signed_in_comments_as_a_deputy(lw, period, clock):
    clock.set(dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ))
    deputy = _submit(period, actor=lw.sc[2])
    assert deputy.source == "deputy" and deputy.author_name == lw.sc[2].display_name
    assert _submit(period, actor=lw.legal).source == "public"  # staff are not deputies
