"""Follow-ups of issue 5: the settings page, registering phone and letter opinions, linking an
opinion to an existing suggestion (and what the citizen then sees), query counts of the list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.audit.models import Event as AuditEvent
from renda.liaison import services
from renda.liaison.choices import OpinionState
from renda.liaison.models import ConstituentOpinion, LiaisonSetting
from tests.factories import PASSWORD
from tests.portal.helpers import suggestion_through_services

from .conftest import submit

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def settings_post(**over):
    data = {
        "congress": "",
        "topics": "教育\n交通出行\n新增分类",
        "exclusions": "litigation|已进入诉讼、仲裁程序的事项|请依法通过诉讼解决。\nvague|内容不明确",
        "checklist": "premises|有场所\nsignage|有标识",
        "sensitive_words": "脏话一\n脏话二",
        "require_name": "on",
        "notice_days": "5",
        "generate_days_ahead": "45",
        "remind_days_before": "1",
        "submit_limit": "3",
        "submit_window_minutes": "15",
        "duplicate_window_minutes": "30",
        "body_max_length": "2000",
        "reply_working_days": "15",
        "rehandle_working_days": "10",
    }
    data.update(over)
    return data


# --- 1. settings ---------------------------------------------------------------------------------


def test_settings_page_saves_every_setting_with_an_audit_event(w):
    c = login(w.staff)
    url = reverse("liaison:settings")
    page = c.get(url)
    assert page.status_code == 200 and "交通出行" in page.content.decode()
    r = c.post(url, settings_post(congress=w.congress.pk))
    assert r.status_code == 302
    s = LiaisonSetting.objects.get(congress=w.congress)
    assert s.topics == ["教育", "交通出行", "新增分类"]
    assert s.exclusions == [
        {
            "code": "litigation",
            "label": "已进入诉讼、仲裁程序的事项",
            "public_reason": "请依法通过诉讼解决。",
        },
        {"code": "vague", "label": "内容不明确"},
    ]
    assert s.checklist == [{"code": "premises", "label": "有场所"}, {"code": "signage", "label": "有标识"}]
    assert s.sensitive_words == ["脏话一", "脏话二"]
    assert (s.require_name, s.require_phone, s.notice_days) == (True, False, 5)
    assert (s.submit_limit, s.submit_window_minutes, s.duplicate_window_minutes) == (3, 15, 30)
    event = AuditEvent.objects.filter(action="liaison_setting.update").latest("id")
    assert event.actor_id == w.staff.pk and event.congress_id == w.congress.pk
    # the page shows what was saved, and the settings now govern the services
    assert "新增分类" in c.get(url).content.decode()
    with pytest.raises(Exception, match="请填写姓名"):
        submit(w, topic="新增分类", submitter_name="")
    with pytest.raises(Exception, match="不文明"):
        submit(w, topic="新增分类", submitter_name="张三", body="这里有脏话一")


@pytest.mark.parametrize(
    "over,message",
    [
        ({"notice_days": "99"}, "“接待日提前公告天数”须为0到60之间的整数。"),
        ({"submit_limit": "abc"}, "“同一地址提交次数上限(0为不限)”须为0到10000之间的整数。"),
        ({"duplicate_window_minutes": ""}, "请填写“重复提交合并时段(分钟,0为不合并)”。"),
        ({"topics": "  \n "}, "“意见分类”至少要有一项。"),
        ({"exclusions": "litigation|诉讼\n只有名称"}, "“不予受理情形”第2行须写成“代码|名称”。"),
        ({"checklist": "premises|有场所\npremises|又一个"}, "“六有”检查项”第2行的代码“premises”重复了。"),
        ({"checklist": "有场所|有场所"}, "第1行的代码只能用英文字母、数字或下划线"),
    ],
)
def test_settings_page_validation_names_the_field_and_keeps_the_input(w, over, message):
    c = login(w.staff)
    before = AuditEvent.objects.filter(action="liaison_setting.update").count()
    r = c.post(reverse("liaison:settings"), settings_post(congress=w.congress.pk, **over))
    html = r.content.decode()
    assert r.status_code == 200 and message in html
    assert "新增分类" in html or over.get("topics")  # what was typed is kept
    assert not LiaisonSetting.objects.filter(congress=w.congress).exists()
    assert AuditEvent.objects.filter(action="liaison_setting.update").count() == before


def test_settings_page_permission_per_role(w):
    url = reverse("liaison:settings")
    admin = login(w.users["system_admin"]).get(url)  # allowed, once second factor is set up
    assert admin.status_code == 302 and admin.url.startswith("/2fa/")
    services.liaison_setting_update(actor=w.users["system_admin"], congress=w.congress, notice_days=4)
    assert LiaisonSetting.objects.get(congress=w.congress).notice_days == 4
    LiaisonSetting.objects.filter(congress=w.congress).delete()
    for role in ("leader", "station_keeper", "unit_clerk", "deputy"):
        c = login(w.users[role])
        assert c.get(url).status_code == 403, role
        assert c.post(url, settings_post(congress=w.congress.pk)).status_code == 403, role
    assert Client().get(url).status_code == 302  # to the login page
    assert not LiaisonSetting.objects.filter(congress=w.congress).exists()
    # staff of another congress edit their own congress only, whatever the posted id
    other = w.world.sibling
    c = login(other.users["staff"])
    c.post(url, settings_post(congress=w.congress.pk))
    assert not LiaisonSetting.objects.filter(congress=w.congress).exists()
    assert LiaisonSetting.objects.get(congress=other.congress).notice_days == 5


def test_station_list_links_the_settings_for_staff_only(w):
    assert 'id="liaison-settings"' in login(w.staff).get(reverse("liaison:station_list")).content.decode()
    assert (
        'id="liaison-settings"'
        not in login(w.users["leader"]).get(reverse("liaison:station_list")).content.decode()
    )


# --- 2. registering phone and letter opinions ---------------------------------------------------


def test_keeper_registers_a_phone_opinion_without_a_submitter(w):
    c = login(w.keeper)
    assert 'id="register-opinion"' in c.get(reverse("liaison:opinion_list")).content.decode()
    url = reverse("liaison:opinion_register")
    assert c.get(url).status_code == 200
    r = c.post(
        url,
        {"channel": "phone", "station": w.station.pk, "topic": "交通出行", "title": "村道塌陷",
         "body": "来电反映:城关村村道塌陷一处。"},
    )  # fmt: skip
    html = r.content.decode()
    assert r.status_code == 200 and "意见已登记" in html
    o = ConstituentOpinion.objects.get()
    assert o.tracking_number in html and 'id="rating-code"' in html
    assert (o.channel, o.station, o.topic, o.submitter_name, o.submitter_phone) == (
        "phone",
        w.station,
        "交通出行",
        "",
        "",
    )
    assert o.township == w.township  # the station's township by default
    assert o.case.state == OpinionState.RECEIVED and o.case.created_by_id == w.keeper.pk
    assert AuditEvent.objects.filter(action="opinion.submit", actor=w.keeper).exists()


def test_staff_registers_a_letter_with_a_township_and_the_form_validates(w):
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization

    other_town = Organization.objects.create(
        congress=w.congress, name="东关街道", kind=OrganizationKind.SUBDISTRICT
    )
    c = login(w.staff)
    url = reverse("liaison:opinion_register")
    r = c.post(
        url,
        {"channel": "letter", "station": w.station.pk, "topic": "", "title": "来信", "body": "学校门口拥堵"},
    )
    html = r.content.decode()
    assert "请选择分类。" in html and "学校门口拥堵" in html
    r = c.post(
        url, {"channel": "fax", "station": w.station.pk, "topic": "教育", "title": "来信", "body": "x"}
    )
    assert "请选择来源渠道(电话或来信)。" in r.content.decode()
    r = c.post(
        url, {"channel": "letter", "station": w.station.pk, "topic": "教育", "title": "来信反映", "body": ""}
    )
    assert "请填写意见内容。" in r.content.decode() and "来信反映" in r.content.decode()
    r = c.post(
        url,
        {"channel": "letter", "station": w.station.pk, "topic": "教育", "township": other_town.pk,
         "title": "来信反映学校门口拥堵", "body": "每天放学时校门口拥堵。", "submitter_name": "李四",
         "submitter_phone": "138 0000 1111"},
    )  # fmt: skip
    assert "意见已登记" in r.content.decode()
    o = ConstituentOpinion.objects.get()
    assert (o.channel, o.township, o.submitter_name, o.submitter_phone) == (
        "letter",
        other_town,
        "李四",
        "13800001111",
    )


def test_register_permission_per_role(w):
    url = reverse("liaison:opinion_register")
    for role in ("deputy", "unit_clerk", "leader"):
        assert login(w.users[role]).get(url).status_code == 403, role
    # staff of another congress cannot pick this congress's station
    c = login(w.world.sibling.users["staff"])
    r = c.post(url, {"channel": "phone", "station": w.station.pk, "topic": "教育", "title": "t", "body": "b"})
    assert not ConstituentOpinion.objects.exists()
    assert r.status_code in (200, 403)


# --- 3. linking an opinion to an existing suggestion ---------------------------------------------


def _accepted(w, **kw):
    s = submit(w, **kw)
    services.opinion_screen(actor=w.keeper, opinion=s.opinion, accept=True)
    return s


def _track(tracking_number: str) -> str:
    return (
        Client().post(reverse("liaison:opinion_track"), {"tracking_number": tracking_number}).content.decode()
    )


def _take_up(w, user, opinion, data):
    """The case page's 转为代表建议: the action open to ``user``, its form, its performer."""
    from renda.cases.actions import ActionContext, find_action
    from renda.cases.models import Case

    case = Case.objects.get(pk=opinion.case_id)
    bound = find_action(case, user, "take_up")
    assert bound is not None
    ctx = ActionContext(actor=user, case=case)
    form = bound.action.form(ctx, None, data=data)
    if not form.is_valid():
        return form
    bound.action.perform(ctx, form.cleaned_data, None)
    return form


def test_deputy_links_to_own_published_suggestion_and_the_citizen_sees_the_answer(w):
    mine = suggestion_through_services(
        congress=w.congress, deputy=w.deputy_user, staff=w.staff, clerk=w.clerk, unit=w.county.education,
        title="关于整治城区路灯的建议",
    )  # fmt: skip
    s = _accepted(w)
    form = _take_up(w, w.deputy_user, s.opinion, None)
    assert mine.case in form.fields["suggestion"].queryset
    _take_up(w, w.deputy_user, s.opinion, {"suggestion": mine.case.pk})
    o = ConstituentOpinion.objects.get(pk=s.opinion.pk)
    assert (
        o.case.state == OpinionState.CONVERTED
        and o.related_case_id == mine.case.pk
        and o.route == "suggestion"
    )
    assert AuditEvent.objects.filter(action="opinion.take_up", actor=w.deputy_user).exists()
    html = _track(o.tracking_number)
    assert mine.case.number in html and "关于整治城区路灯的建议已办理" in html
    assert f"/portal/c/{w.congress.pk}/suggestions/{mine.case.pk}/" in html


def test_unpublished_suggestion_answer_stays_hidden_and_others_suggestions_are_refused(w):
    hidden = suggestion_through_services(
        congress=w.congress, deputy=w.deputy_user, staff=w.staff, clerk=w.clerk, unit=w.county.education,
        title="关于校车安全的建议", publish=False,
    )  # fmt: skip
    s = _accepted(w)
    # something that is not one of their suggestions is not offered and is refused
    other = submit(w, title="别的意见", body="别的内容")
    form = _take_up(w, w.deputy_user, s.opinion, {"suggestion": other.opinion.case_id})
    assert form.errors["suggestion"] == ["请选择列表中的代表建议。"]
    _take_up(w, w.deputy_user, s.opinion, {"suggestion": hidden.case.pk})
    o = ConstituentOpinion.objects.get(pk=s.opinion.pk)
    assert o.related_case_id == hidden.case.pk
    html = _track(o.tracking_number)
    assert hidden.case.number in html and "建议的办理答复公开后在此显示" in html
    assert (
        "关于校车安全的建议已办理" not in html and "/portal/" not in html.split("linked-suggestion")[1][:300]
    )


def test_take_up_is_offered_only_to_those_who_may(w):
    from renda.cases.actions import find_action
    from renda.cases.models import Case

    s = _accepted(w)
    case = Case.objects.get(pk=s.opinion.case_id)
    assert find_action(case, w.keeper, "take_up") is None
    assert find_action(case, w.clerk, "take_up") is None
    assert find_action(case, w.deputy_user, "take_up") is not None
    received = submit(w, title="另一件", body="尚未受理的意见")
    assert find_action(received.opinion.case, w.deputy_user, "take_up") is None


# --- 4. query counts ---------------------------------------------------------------------------------


def _many_opinions(w, n: int) -> None:
    for i in range(n):
        services.opinion_register(
            actor=w.staff, channel="phone", station=w.station, title=f"意见{i}", body=f"内容{i}", topic="教育"
        )


def _stations(w, n: int) -> None:
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization

    for i in range(n):
        st = Organization.objects.create(
            congress=w.congress, name=f"第{i}联络站", kind=OrganizationKind.LIAISON_STATION
        )
        services.station_profile_update(actor=w.staff, station=st, address=f"{i}号")
        services.checklist_update(actor=w.staff, station=st, code="premises", is_met=True)


def _receptions(w, n: int) -> None:
    for i in range(n):
        services.reception_record(
            actor=w.keeper, station=w.station, received_at=timezone.now() - dt.timedelta(days=i + 1),
            deputies=[w.deputy, w.deputy2], summary=f"接待{i}",
            issues=[{"title": f"问题{i}", "body": "路面坑洼", "topic": "交通出行"}],
        )  # fmt: skip


@pytest.mark.parametrize("n", [3, 18])
def test_opinion_queue_query_count_does_not_grow(w, n, django_assert_max_num_queries):
    _many_opinions(w, n)
    c = login(w.staff)
    # 18: the case visibility rule looks up the reader's own cases outside their congresses first (one
    # indexed query) so the congress filter stays at the top level for the planner.
    with django_assert_max_num_queries(18):
        r = c.get(reverse("liaison:opinion_list"))
    assert r.status_code == 200 and r.content.decode().count("/cases/") >= n


@pytest.mark.parametrize("n", [2, 15])
def test_station_list_query_count_does_not_grow(w, n, django_assert_max_num_queries):
    _stations(w, n)
    c = login(w.staff)
    # 18: the case visibility rule looks up the reader's own cases outside their congresses first (one
    # indexed query) so the congress filter stays at the top level for the planner.
    with django_assert_max_num_queries(18):
        r = c.get(reverse("liaison:station_list"))
    html = r.content.decode()
    assert r.status_code == 200 and f"第{n - 1}联络站" in html and "1/6" in html


@pytest.mark.parametrize("n", [2, 12])
def test_reception_list_query_count_does_not_grow(w, n, django_assert_max_num_queries):
    _receptions(w, n)
    for user in (w.keeper, w.staff, w.deputy_user):
        c = login(user)
        # +1: the menu asks whether a keeper or deputy sits on an open election's committee (换届选举)
        with django_assert_max_num_queries(18):
            r = c.get(reverse("liaison:reception_list"))
        html = r.content.decode()
        assert r.status_code == 200 and html.count("张秀英、李卫东") == n, user
    assert login(w.clerk).get(reverse("liaison:reception_list")).status_code == 403
    other = login(w.world.sibling.users["staff"]).get(reverse("liaison:reception_list"))
    assert "接待0" not in other.content.decode()


@pytest.mark.parametrize("n", [2, 10])
def test_calendar_query_count_does_not_grow(w, n, django_assert_max_num_queries):
    start = timezone.localdate() + dt.timedelta(days=5)
    for i in range(n):
        services.reception_day_create(
            actor=w.keeper, station=w.station, date=start + dt.timedelta(days=i),
            start_time=dt.time(9), end_time=dt.time(11), deputies=[w.deputy],
        )  # fmt: skip
    c = login(w.keeper)
    with django_assert_max_num_queries(22):  # +1 for the elections committee's menu entry
        assert c.get(reverse("liaison:calendar")).status_code == 200
