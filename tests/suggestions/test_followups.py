"""Issue 3 follow-ups: settings pages, attachments, the timeline in Chinese, co-signer search, export."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.audit.models import Event
from renda.cases import services as engine
from renda.cases.labels import ACTION_LABELS, Names, action_label, describe_event
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Membership, Organization, User
from renda.deputies.models import DeputyGroup
from renda.suggestions import services
from renda.suggestions.forms import ReviewForm, SuggestionForm
from renda.suggestions.models import Category, CoSignature, ExclusionReason, SuggestionSetting
from tests.samples import PDF

from .conftest import client_for, lead_assignment, reply

SRC = Path(__file__).resolve().parents[2] / "src" / "renda"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _detail(s):
    return reverse("cases:detail", args=[s.case_id])


def _act(s, action):
    return reverse("cases:act", args=[s.case_id, action])


def _pdf(name="调研报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _user(w, username, org, role):
    user = User.objects.create_user(username=username, password="x", full_name=username)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


# --- 1. settings ---------------------------------------------------------------------------------------------


def test_settings_page_permission_per_role(w):
    url = reverse("suggestions:settings")
    admin = _user(w, "sysadmin", w.office, Role.SYSTEM_ADMIN)
    page = client_for(w.staff).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("议案附议人数下限", "建议分类", "不予立案理由", "保存分类", "保存不予立案理由", "交通"):
        assert label in text
    # a system administrator of the congress may change them too (the page first asks for 2FA)
    services.suggestion_setting_update(actor=admin, congress=w.congress, motion_min_cosigners=8)
    for user in (w.leader, w.deputy, w.clerk_a):
        assert client_for(user).get(url).status_code == 403
        assert (
            client_for(user).post(url, {"section": "motion", "motion_min_cosigners": "1"}).status_code == 403
        )
    anon = Client().get(url)
    assert anon.status_code == 302 and "/login/" in anon["Location"]
    assert SuggestionSetting.objects.get(congress=w.congress).motion_min_cosigners == 8


def test_settings_link_only_for_staff(w):
    list_url = reverse("suggestions:list")
    assert reverse("suggestions:settings") in client_for(w.staff).get(list_url).content.decode()
    assert (
        reverse("suggestions:settings")
        in client_for(w.staff).get(reverse("suggestions:review_queue")).content.decode()
    )
    assert reverse("suggestions:settings") not in client_for(w.deputy).get(list_url).content.decode()


def test_service_permission_validation_and_audit(w):
    other_office = Organization.objects.create(
        congress=w.other, name="邻县人大办公室", kind="congress_office"
    )
    other_staff = _user(w, "other_staff", other_office, Role.STAFF)
    for actor in (w.leader, w.deputy, w.clerk_a, other_staff):
        with pytest.raises(PermissionDeniedError):
            services.suggestion_setting_update(actor=actor, congress=w.congress, motion_min_cosigners=3)
    for bad, text in (("abc", "须为整数"), (-1, "0到500"), (501, "0到500")):
        with pytest.raises(ValidationFailed) as err:
            services.suggestion_setting_update(actor=w.staff, congress=w.congress, motion_min_cosigners=bad)
        assert err.value.field == "motion_min_cosigners"
        assert "议案附议人数下限" in err.value.message and text in err.value.message
    edu = Category.objects.get(congress=w.congress, name="教育")
    cases = [
        ([{"id": edu.pk, "name": "  "}], "categories.0.name", "建议分类第1行:名称不能为空"),
        ([{"name": "教育"}], "categories.0.name", "已存在"),
        ([{"name": "水利"}, {"name": "水利"}], "categories.1.name", "与第1行重复"),
        ([{"name": "水" * 41}], "categories.0.name", "不能超过40个字"),
        ([{"name": "水利", "sort_order": "x"}], "categories.0.sort_order", "排序须为整数"),
        ([{"id": 999999, "name": "水利"}], "categories.0.id", "不属于本级人大"),
    ]
    for rows, field, text in cases:
        with pytest.raises(ValidationFailed) as err:
            services.suggestion_setting_update(actor=w.staff, congress=w.congress, categories=rows)
        assert err.value.field == field and text in err.value.message, err.value.message
    with pytest.raises(ValidationFailed) as err:
        services.suggestion_setting_update(
            actor=w.staff, congress=w.congress, exclusion_reasons=[{"code": "坏代码", "label": "新理由"}]
        )
    assert err.value.field == "exclusion_reasons.0.code" and "代码只能用小写字母" in err.value.message
    with pytest.raises(ValidationFailed) as err:
        services.suggestion_setting_update(
            actor=w.staff, congress=w.congress, exclusion_reasons=[{"code": "personal", "label": "新理由"}]
        )
    assert "已被使用" in err.value.message
    everything_off = [
        {"id": r.pk, "label": r.label, "is_active": False}
        for r in ExclusionReason.objects.filter(congress=w.congress)
    ]
    with pytest.raises(ValidationFailed) as err:
        services.suggestion_setting_update(
            actor=w.staff, congress=w.congress, exclusion_reasons=everything_off
        )
    assert err.value.field == "exclusion_reasons" and "至少要保留一个启用的不予立案理由" in err.value.message
    assert ExclusionReason.objects.filter(congress=w.congress, is_active=True).count() == 6  # rolled back
    assert not Event.objects.filter(action="suggestion_setting.update").exists()

    services.suggestion_setting_update(actor=w.staff, congress=w.congress, motion_min_cosigners=3)
    event = Event.objects.get(action="suggestion_setting.update")
    assert event.actor == w.staff and event.congress == w.congress
    assert event.before == {"motion_min_cosigners": 10} and event.after == {"motion_min_cosigners": 3}
    # swapping two names in one save does not trip the unique index
    traffic = Category.objects.get(congress=w.congress, name="交通")
    services.suggestion_setting_update(
        actor=w.staff,
        congress=w.congress,
        categories=[{"id": edu.pk, "name": "交通"}, {"id": traffic.pk, "name": "教育"}],
    )
    edu.refresh_from_db()
    assert edu.name == "交通"
    last = Event.objects.filter(action="suggestion_setting.update").order_by("-id").first()
    assert "categories" in last.before and "categories" in last.after


def test_settings_page_saves_each_section(w, submitted):
    staff = client_for(w.staff)
    url = reverse("suggestions:settings")
    r = staff.post(url, {"section": "motion", "motion_min_cosigners": "2"})
    assert r.status_code == 302
    assert SuggestionSetting.objects.get(congress=w.congress).motion_min_cosigners == 2
    r = staff.post(url, {"section": "motion", "motion_min_cosigners": "很多"})
    assert r.status_code == 400 and "议案附议人数下限须为整数" in r.content.decode()

    cats = list(Category.objects.filter(congress=w.congress))
    data = {
        "section": "categories",
        "cat-TOTAL_FORMS": str(len(cats) + 1),
        "cat-INITIAL_FORMS": str(len(cats)),
    }
    for i, c in enumerate(cats):
        data[f"cat-{i}-id"] = str(c.pk)
        data[f"cat-{i}-name"] = c.name
        data[f"cat-{i}-sort_order"] = str(c.sort_order)
        if c.name != "其他":
            data[f"cat-{i}-is_active"] = "on"
    data[f"cat-{len(cats)}-name"] = "水利建设"
    data[f"cat-{len(cats)}-sort_order"] = "5"
    data[f"cat-{len(cats)}-is_active"] = "on"
    assert staff.post(url, data).status_code == 302
    assert Category.objects.get(congress=w.congress, name="水利建设").sort_order == 5
    assert not Category.objects.get(congress=w.congress, name="其他").is_active
    names = [label for _v, label in SuggestionForm(congress_id=w.congress.pk).fields["category"].choices]
    assert "水利建设" in names and "其他" not in names

    # a duplicate name: 400, the row is marked and what was typed stays
    data[f"cat-{len(cats)}-name"] = "交通"
    data["cat-0-name"] = "我刚输入的分类"
    r = staff.post(url, data)
    page = r.content.decode()
    assert r.status_code == 400 and "我刚输入的分类" in page and "名称“交通”与第" in page
    assert not Category.objects.filter(name="我刚输入的分类").exists()

    reasons = list(ExclusionReason.objects.filter(congress=w.congress))
    data = {
        "section": "exclusions",
        "exc-TOTAL_FORMS": str(len(reasons) + 1),
        "exc-INITIAL_FORMS": str(len(reasons)),
    }
    for i, x in enumerate(reasons):
        data |= {f"exc-{i}-id": str(x.pk), f"exc-{i}-code": x.code, f"exc-{i}-label": x.label,
                 f"exc-{i}-sort_order": str(x.sort_order), f"exc-{i}-is_active": "on"}  # fmt: skip
    data[f"exc-{len(reasons)}-label"] = "属于其他国家机关职责"
    data[f"exc-{len(reasons)}-is_active"] = "on"
    assert staff.post(url, data).status_code == 302
    new = ExclusionReason.objects.get(congress=w.congress, label="属于其他国家机关职责")
    assert new.code.startswith("custom_") and new.is_active
    sub = submitted()
    labels = [label for _v, label in ReviewForm(suggestion=sub).fields["exclusion_reason"].choices]
    assert "属于其他国家机关职责" in labels
    data[f"exc-{len(reasons)}-code"] = "坏"
    data[f"exc-{len(reasons)}-label"] = "再来一个理由"
    r = staff.post(url, data)
    assert r.status_code == 400 and "代码只能用小写字母" in r.content.decode()
    assert "再来一个理由" in r.content.decode()
    assert Event.objects.filter(action="suggestion_setting.update", congress=w.congress).count() == 3


def test_motion_minimum_from_settings_applies_to_submission(w, draft):
    services.suggestion_setting_update(actor=w.staff, congress=w.congress, motion_min_cosigners=1)
    motion = draft(type="motion", title="关于制定养犬管理条例的议案")
    with pytest.raises(ValidationFailed):
        services.suggestion_submit(actor=w.deputy, suggestion=motion)
    services.cosigner_invite(actor=w.deputy, suggestion=motion, mandates=[w.mandates[1]])
    sig = CoSignature.objects.get(suggestion=motion)
    services.cosigner_respond(actor=w.deputies[1], cosignature=sig, confirm=True)
    services.suggestion_submit(actor=w.deputy, suggestion=motion)
    motion.case.refresh_from_db()
    assert motion.case.state == "submitted"


# --- 2. attachments ------------------------------------------------------------------------------------------


def _replied_with_files(w, assigned):
    s = assigned()
    engine.attachment_add(actor=w.deputy, case=s.case, file=_pdf("调研报告.pdf"))
    r = reply(w, s)
    engine.attachment_add(actor=w.clerk_a, case=s.case, file=_pdf("答复附件.pdf"), reply=r)
    case_file = s.case.attachments.get(reply__isnull=True)
    reply_file = s.case.attachments.get(reply__isnull=False)
    return s, case_file, reply_file


def test_attachments_listed_and_downloaded_by_those_who_see_the_case(w, assigned):
    s, case_file, reply_file = _replied_with_files(w, assigned)
    url = reverse("cases:attachment", args=[case_file.pk])
    page = client_for(w.staff).get(_detail(s)).content.decode()
    assert url in page and "调研报告.pdf" in page
    assert reverse("cases:attachment", args=[reply_file.pk]) in page and "答复附件.pdf" in page
    r = client_for(w.staff).get(url)
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    disposition = r["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('调研报告.pdf')}" in disposition
    assert 'filename="attachment.pdf"' in disposition
    for user in (w.deputy, w.clerk_a, w.clerk_b):  # lead unit and co-handler unit both handle it
        assert client_for(user).get(url).status_code == 200


def test_a_unit_cannot_download_another_units_case_file(w, assigned):
    s, case_file, reply_file = _replied_with_files(w, assigned)
    s.case.assignments.filter(role="co_handler").delete()  # unit B no longer handles this case
    for att in (case_file, reply_file):
        url = reverse("cases:attachment", args=[att.pk])
        assert client_for(w.clerk_b).get(url).status_code == 404
        assert client_for(w.deputies[3]).get(url).status_code == 404
        assert Client().get(url).status_code == 404  # unpublished: never public
    assert client_for(w.staff).get(reverse("cases:attachment", args=[2**62])).status_code == 404


def test_public_downloads_only_published_reply_files(w, assigned):
    s, case_file, reply_file = _replied_with_files(w, assigned)
    anon = Client()
    reply_url = reverse("cases:attachment", args=[reply_file.pk])
    case_url = reverse("cases:attachment", args=[case_file.pk])
    services.suggestion_publish(actor=w.staff, suggestion=s)
    r = anon.get(reply_url)
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    assert f"filename*=UTF-8''{quote('答复附件.pdf')}" in r["Content-Disposition"]
    assert anon.get(case_url).status_code == 404  # the deputy's own file stays internal
    assert client_for(w.clerk_b).get(case_url).status_code == 200  # still co-handler here
    public = anon.get(reverse("suggestions:public_detail", args=[s.pk])).content.decode()
    assert reply_url in public and case_url not in public
    services.suggestion_withhold(actor=w.staff, suggestion=s, reason="涉及个人信息")
    assert anon.get(reply_url).status_code == 404


# --- 3. the timeline in Chinese --------------------------------------------------------------------------------


def test_every_action_code_written_has_a_chinese_label():
    pattern = re.compile(r'(?:audit\(\s*\w+,\s*|action=)"([a-z_]+\.[a-z_]+)"')
    files = [*sorted((SRC / "cases" / "services").glob("*.py")), SRC / "suggestions" / "services.py"]
    codes = {code for path in files for code in pattern.findall(path.read_text())}
    assert {"case.rate", "case.assign", "suggestion.review", "case.attach"} <= codes
    missing = codes - set(ACTION_LABELS)
    assert not missing, missing
    for code in codes:
        assert re.search(r"[\u4e00-\u9fff]", str(ACTION_LABELS[code])), code
    assert action_label("something.new") == "其他操作"
    # odd payloads never break the page
    assert describe_event("case.assign", {"assignments": [[1, "x"]], "deadline": "bad"}, Names()) == [
        "办理期限:bad"
    ]
    assert describe_event("case.rate", None, Names()) == []


def test_timeline_shows_labels_actors_and_details(w, assigned):
    s = assigned()
    engine.case_mark_key(actor=w.staff, case=s.case, is_key=True, supervising_leader=w.leader)
    reply(w, s, classification="A")
    engine.case_rate(actor=w.deputy, reply=s.case.replies.get(), value="satisfied", comment="")
    page = client_for(w.deputy).get(_detail(s)).content.decode()
    timeline = page[page.index('id="timeline"') :]
    for text in (
        "提交",
        "立案",
        "交办",
        "主办单位:县教育局",
        "协办单位:县交通运输局",
        "承办单位签收",
        "与提出人沟通",
        "办前沟通 · 电话沟通",
        "答复类别:A 已解决或采纳",
        "最终答复",
        "满意度测评",
        "测评结果:满意",
        "状态变为:已办结",
        "督办领导:周主任",
        "办公室小李",  # the staff member who assigned it
        "张代表",  # the deputy who rated
        "审查结果:立案",
    ):
        assert text in timeline, text
    assert ">case.rate<" not in timeline and "case.assign ·" not in timeline


def test_timeline_names_cosigners_and_refusal_reason(w, draft):
    s = draft()
    services.cosigner_invite(actor=w.deputy, suggestion=s, mandates=[w.mandates[1], w.mandates[2]])
    services.cosigner_respond(
        actor=w.deputies[1],
        cosignature=CoSignature.objects.get(suggestion=s, user=w.deputies[1]),
        confirm=True,
    )
    services.suggestion_submit(actor=w.deputy, suggestion=s)
    services.suggestion_review(
        actor=w.staff,
        suggestion=s,
        outcome="refuse",
        note="请通过信访渠道反映",
        exclusion_reason=ExclusionReason.objects.get(congress=w.congress, code="petition"),
    )
    page = client_for(w.deputy).get(_detail(s)).content.decode()
    timeline = page[page.index('id="timeline"') :]
    for text in (
        "邀请附议",
        "邀请:李代表、王代表",
        "李代表 已附议",
        "不予立案理由:属于信访件",
        "请通过信访渠道反映",
    ):
        assert text in timeline, text


def test_timeline_query_count_does_not_grow_with_events(w, assigned, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renda.suggestions.selectors import suggestion_timeline

    s = assigned()
    a = lead_assignment(s)
    engine.assignment_sign(actor=w.clerk_a, assignment=a)
    a.refresh_from_db()
    with CaptureQueriesContext(connection) as few:
        suggestion_timeline(s)
    for i in range(5):
        engine.progress_report(actor=w.clerk_a, assignment=a, text=f"进展{i}", percent_done=10 * i)
    with django_assert_max_num_queries(len(few)):
        entries = suggestion_timeline(s)
    assert sum(e.label == "报告办理进展" for e in entries) == 5


# --- 4. co-signer search ------------------------------------------------------------------------------------------


def test_invite_search_by_group_and_constituency(w, draft):
    group = DeputyGroup.objects.create(congress=w.congress, name="东关代表小组")
    m = w.mandates[3]  # 赵代表
    m.group, m.constituency = group, "第七选区"
    m.save()
    s = draft()
    lead = client_for(w.deputy)
    for q in ("东关", "第七选区", "赵代表"):
        page = lead.get(_act(s, "invite"), {"dq": q}).content.decode()
        options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', page)
        assert [int(v) for v, _label in options] == [m.pk], (q, options)
        assert (
            "东关代表小组" in options[0][1] and "第七选区" in options[0][1] and "城关代表团" in options[0][1]
        )
    page = lead.get(_act(s, "invite"), {"dq": "城关代表团"}).content.decode()
    assert len(re.findall(r'<option value="\d+"', page)) == 4  # everyone but the lead deputy
    r = lead.post(_act(s, "invite"), {"mandates": [str(m.pk)]})
    assert r.status_code == 302
    assert CoSignature.objects.filter(suggestion=s, mandate=m, state="invited").exists()
    r = lead.post(_act(s, "invite"), {"mandates": ["999999"]})
    assert r.status_code == 400 and "选择一个有效的选项" in r.content.decode()


# --- 5. the register export ---------------------------------------------------------------------------------------


def test_export_query_count_does_not_grow_with_rows(w, assigned, submitted, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cat = Category.objects.get(congress=w.congress, name="教育")
    staff = client_for(w.staff)
    url = reverse("suggestions:export")

    def make():
        s = assigned(session=w.session, category=cat)
        reply(w, s)
        engine.case_rate(actor=w.deputy, reply=s.case.replies.get(), value="satisfied", comment="")
        submitted()

    make()
    staff.get(url)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url).status_code == 200
    for _ in range(6):
        make()
    with django_assert_max_num_queries(len(few)):
        r = staff.get(url)
    assert r.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 14
    sessions = {row[6] for row in rows[1:]}
    assert str(w.session) in sessions and "闭会期间" in sessions
