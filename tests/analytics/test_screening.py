"""敏感词筛查: the matcher, the list page and its import, flagged opinions, publication held."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.analytics import screening
from renda.analytics.models import ScreeningResult, SensitiveWord
from renda.audit.models import Event
from renda.cases.calendar import seed_national_calendar
from renda.cases.models import Assignment, Reply
from renda.cases.services import case_publish
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.liaison import services as liaison
from renda.suggestions.models import Suggestion

from .conftest import NOW, login

pytestmark = pytest.mark.clock("2026-11-20 09:30")

WORDS_URL = "/search/screening/words/"
HITS_URL = "/search/screening/hits/"


@pytest.fixture
def words(w):
    for word, category in (("加微信", "ad"), ("代开发票", "ad"), ("身份证号", "personal"), ("微信", "other")):
        screening.word_add(actor=w.staff, congress=w.congress, word=word, category=category)
    return w


def table(response) -> str:
    html = response.content.decode()
    return html[html.index('id="word-table"') :]


def actions(action: str) -> int:
    return Event.objects.filter(action=action).count()


# --- the matcher -------------------------------------------------------------------------------------


def test_matcher_finds_every_word_leftmost_longest_with_offsets(words):
    w = words
    text = "请加微信ABC,可代开发票;身份证号见附件。微信群也可以。"
    found = screening.screen_text(w.congress, text)
    assert [(m.word, m.category) for m in found] == [
        ("加微信", "ad"),
        ("代开发票", "ad"),
        ("身份证号", "personal"),
        ("微信", "other"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.word
    # the longer word wins where two overlap ("加微信" over "微信")
    assert not any(m.word == "微信" and m.start == 2 for m in found)
    assert screening.screen_text(w.congress, "青石镇道路修缮") == []


def test_matcher_ignores_case_and_other_congresses(w):
    screening.word_add(actor=w.staff, congress=w.congress, word="VX号", category="ad")
    assert [m.word for m in screening.screen_text(w.congress, "加我vx号123")] == ["VX号"]
    city = w.world.city
    assert screening.screen_text(city, "加我vx号123") == []


def test_cache_follows_changes(words):
    w = words
    assert screening.screen_text(w.congress, "加微信")
    word = SensitiveWord.objects.get(word="加微信")
    screening.word_set_active(actor=w.staff, word_obj=word, active=False)
    assert [m.word for m in screening.screen_text(w.congress, "加微信")] == ["微信"]
    # another process changed the list: the stamp (count, last change) tells this one to rebuild
    SensitiveWord.objects.create(congress=w.congress, word="刷单", category="ad")
    assert [m.word for m in screening.screen_text(w.congress, "刷单")] == ["刷单"]


def test_highlight_escapes_and_marks():
    html = screening.highlight("<b>加微信</b>", [{"start": 3, "end": 6, "category": "ad"}])
    assert html == '&lt;b&gt;<mark class="renda-sensitive" title="广告">加微信</mark>&lt;/b&gt;'


# --- the list ------------------------------------------------------------------------------------------


def test_word_service_validates_permission_and_audits(w):
    with pytest.raises(PermissionDeniedError):
        screening.word_add(actor=w.clerk, congress=w.congress, word="加微信", category="ad")
    with pytest.raises(ValidationFailed) as exc:
        screening.word_add(actor=w.staff, congress=w.congress, word=" ", category="nope")
    assert set(exc.value.fields) == {"word", "category"}
    word = screening.word_add(actor=w.staff, congress=w.congress, word="加微信", category="广告", note="引流")
    assert word.category == "ad" and actions("screening.word_add") == 1
    with pytest.raises(ValidationFailed, match="已在列表中"):
        screening.word_add(actor=w.staff, congress=w.congress, word="加微信", category="ad")
    screening.word_update(actor=w.staff, word_obj=word, word="加微信", category="ad", note="引流广告")
    screening.word_set_active(actor=w.staff, word_obj=word, active=False)
    screening.word_set_active(actor=w.staff, word_obj=word, active=True)
    assert [
        actions(a) for a in ("screening.word_edit", "screening.word_deactivate", "screening.word_activate")
    ] == [
        1,
        1,
        1,
    ]
    event = Event.objects.filter(action="screening.word_deactivate").get()
    assert event.before["is_active"] is True and event.after["is_active"] is False


def test_list_page_permissions(words, client):
    w = words
    assert client.get(WORDS_URL).status_code == 302  # to the login page
    assert login(w.clerk).get(WORDS_URL).status_code == 403
    assert login(w.world.city_staff).get(f"{WORDS_URL}?congress={w.congress.pk}").status_code == 200
    # the city's staff get their own (empty) list, never the county's
    page = login(w.world.city_staff).get(f"{WORDS_URL}?congress={w.congress.pk}")
    assert "代开发票" not in page.content.decode()
    staff = login(w.staff)
    html = staff.get(WORDS_URL).content.decode()
    assert "代开发票" in html and "身份证号" in html
    html = staff.get(f"{WORDS_URL}?category=personal").content.decode()
    assert "身份证号" in html and "代开发票" not in html
    html = staff.get(f"{WORDS_URL}?q=发票").content.decode()
    assert "代开发票" in html and "身份证号" not in html
    word = SensitiveWord.objects.get(word="代开发票")
    assert login(w.clerk).post(f"/search/screening/words/{word.pk}/toggle/").status_code == 403
    assert staff.post(f"/search/screening/words/{word.pk}/toggle/").status_code == 302
    word.refresh_from_db()
    assert not word.is_active
    assert "代开发票" not in table(staff.get(WORDS_URL))
    assert "代开发票" in table(staff.get(f"{WORDS_URL}?state=inactive"))


def test_add_form_keeps_input_and_shows_errors(w):
    staff = login(w.staff)
    r = staff.post(WORDS_URL, {"word": "加微信", "category": "ad", "note": "引流"})
    assert r.status_code == 302
    r = staff.post(WORDS_URL, {"word": "加微信", "category": "ad", "note": "第二次"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "该敏感词已在列表中" in html and "第二次" in html
    word = SensitiveWord.objects.get(word="加微信")
    r = staff.post(
        f"/search/screening/words/{word.pk}/edit/", {"word": "加V信", "category": "ad", "note": ""}
    )
    assert r.status_code == 302
    word.refresh_from_db()
    assert word.word == "加V信"


def test_import_txt_and_xlsx_report_every_row(w):
    staff = login(w.staff)
    SensitiveWord.objects.create(congress=w.congress, word="刷单", category="ad", is_active=False)
    SensitiveWord.objects.create(congress=w.congress, word="赌博", category="other")
    txt = "加微信\n代开发票,广告,违法\n\n刷单\n赌博\n加微信\n身份证号,未知类别\n" + "长" * 60 + "\n"
    upload = SimpleUploadedFile("words.txt", txt.encode("utf-8"), content_type="text/plain")
    r = staff.post("/search/screening/words/import/", {"file": upload, "default_category": "other"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "新增 2 个,重新启用 1 个,已在列表中 1 个,未导入 3 行。" in html
    assert "与文件中前面的行重复" in html and "请从列表中选择类别" in html and "不能超过50个字" in html
    assert SensitiveWord.objects.get(word="代开发票").category == "ad"
    assert SensitiveWord.objects.get(word="加微信").category == "other"
    assert SensitiveWord.objects.get(word="刷单").is_active
    event = Event.objects.filter(action="screening.import").get()
    assert event.after["added"] == 2 and event.after["error"] == 3

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["词语", "类别", "说明"])
    sheet.append(["银行卡号", "个人信息", "公开前核对"])
    sheet.append(["加微信", None, None])
    buf = io.BytesIO()
    book.save(buf)
    upload = SimpleUploadedFile("words.xlsx", buf.getvalue())
    r = staff.post("/search/screening/words/import/", {"file": upload, "default_category": "ad"})
    assert "新增 1 个,重新启用 0 个,已在列表中 1 个,未导入 0 行。" in r.content.decode()
    card = SensitiveWord.objects.get(word="银行卡号")
    assert card.category == "personal" and card.note == "公开前核对"

    upload = SimpleUploadedFile("words.doc", b"x")
    r = staff.post("/search/screening/words/import/", {"file": upload, "default_category": "ad"})
    assert r.status_code == 400 and "请上传.txt" in r.content.decode()
    assert login(w.clerk).post("/search/screening/words/import/", {}).status_code == 403


# --- public submissions ----------------------------------------------------------------------------------


def test_opinion_is_accepted_unchanged_and_flagged_for_staff(words):
    w = words
    seed_national_calendar()
    body = "小区门口有人发小广告,写着加微信可代开发票,请有关部门处理。"
    sub = liaison.opinion_submit(
        channel="portal", station=w.county.station, title="小广告问题", body=body, topic="交通出行",
        submitter_phone="13800000000", client_ip="10.0.0.9",
    )  # fmt: skip
    case = sub.opinion.case
    assert case.body == body  # never altered
    result = ScreeningResult.objects.get()
    assert result.source == "submission" and result.words == "加微信,代开发票"
    assert result.object_id == case.pk and result.reviewed_at is None
    assert actions("screening.flag") == 1
    # a clean opinion is not flagged
    liaison.opinion_submit(
        channel="portal", station=w.county.station, title="路灯不亮", body="人民路北段路灯坏了两周。",
        topic="交通出行", client_ip="10.0.0.8",
    )  # fmt: skip
    assert ScreeningResult.objects.count() == 1

    staff = login(w.staff)
    page = staff.get(f"/cases/{case.pk}/").content.decode()
    assert (
        'id="screening-flags"' in page and '<mark class="renda-sensitive" title="广告">加微信</mark>' in page
    )
    hits = staff.get(HITS_URL).content.decode()
    assert "小广告问题" in hits and f'href="/cases/{case.pk}/"' in hits
    assert "小广告问题" in staff.get(f"{HITS_URL}?category=ad").content.decode()
    assert "小广告问题" not in staff.get(f"{HITS_URL}?category=personal").content.decode()
    assert login(w.clerk).get(HITS_URL).status_code == 403
    assert login(w.clerk).post(f"/search/screening/hits/{result.pk}/review/").status_code == 403

    r = staff.post(f"/search/screening/hits/{result.pk}/review/", {"note": "已转城管处理"})
    assert r.status_code == 302
    result.refresh_from_db()
    assert result.reviewed_by == w.staff and result.reviewed_at is not None
    assert result.review_note == "已转城管处理" and actions("screening.review") == 1
    assert "小广告问题" not in staff.get(HITS_URL).content.decode()
    reviewed = staff.get(f"{HITS_URL}?state=reviewed").content.decode()
    assert "小广告问题" in reviewed and "已复核" in reviewed


# --- publication ------------------------------------------------------------------------------------------


@pytest.fixture
def replied(words):
    w = words
    case = w.road
    Suggestion.objects.create(case=case, type="suggestion", lead_mandate=w.mandate, lead_user=w.u["deputy"])
    case.state = "replied"
    case.save(update_fields=["state"])
    assignment = Assignment.objects.get(case=case)
    Reply.objects.create(
        case=case, assignment=assignment, classification="A", signing_leader="赵局长", replied_by=w.other_clerk,
        replied_at=NOW, text="已修缮。如有问题请联系经办人,身份证号等材料请送交局办公室。",
    )  # fmt: skip
    return w


def test_publish_held_then_confirmed(replied):
    w = replied
    case = w.road
    with pytest.raises(ValidationFailed) as exc:
        case_publish(actor=w.staff, case=case)
    assert exc.value.field == "confirm_sensitive"
    assert exc.value.message == "公开内容含敏感词:身份证号,请修改或确认后再公开。"
    case.refresh_from_db()
    assert not case.is_public
    result = ScreeningResult.objects.get(source="publication")
    assert result.reviewed_at is None and result.words == "身份证号"
    case_publish(actor=w.staff, case=case, confirm_sensitive=True)
    case.refresh_from_db()
    assert case.is_public
    assert Reply.objects.get(case=case).text.startswith("已修缮。如有问题")  # unchanged
    result.refresh_from_db()
    assert result.publish_confirmed and result.reviewed_by == w.staff
    assert actions("screening.publish_confirm") == 1 and actions("case.publish") == 1


def test_publish_page_shows_the_words_and_needs_the_tick(replied):
    w = replied
    case = w.road
    staff = login(w.staff)
    form = staff.get(f"/cases/{case.pk}/do/publish/").content.decode()
    assert "公开内容含敏感词:身份证号" in form and 'name="confirm_sensitive"' in form
    r = staff.post(f"/cases/{case.pk}/do/publish/", {})
    assert r.status_code == 400
    assert "公开内容含敏感词:身份证号,请修改或确认后再公开。" in r.content.decode()
    case.refresh_from_db()
    assert not case.is_public
    r = staff.post(f"/cases/{case.pk}/do/publish/", {"confirm_sensitive": "on"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.is_public
    assert "已确认公开" in staff.get(f"{HITS_URL}?state=reviewed").content.decode()


def test_clean_case_publishes_without_a_question(replied):
    w = replied
    Reply.objects.filter(case=w.road).update(text="已修缮完毕。")
    staff = login(w.staff)
    form = staff.get(f"/cases/{w.road.pk}/do/publish/").content.decode()
    assert 'name="confirm_sensitive"' not in form
    assert staff.post(f"/cases/{w.road.pk}/do/publish/", {}).status_code == 302
    w.road.refresh_from_db()
    assert w.road.is_public and not ScreeningResult.objects.exists()


def test_demo_list_loads_once(w):
    from renda.core.models import Congress
    from renda.demo.screening import DEMO_WORDS, load_screening_demo

    Congress.objects.filter(pk=w.congress.pk).update(name="示例县人大")
    assert load_screening_demo() == {"sensitive_words": len(DEMO_WORDS)}
    assert load_screening_demo() == {"sensitive_words": 0}
    assert [m.word for m in screening.screen_text(w.congress, "兼职日结,加我微信")] == [
        "兼职日结",
        "加我微信",
    ]


def test_daily_publication_skips_a_matching_suggestion(replied):
    from renda.suggestions.services import suggestions_publish_replied

    w = replied
    assert suggestions_publish_replied() == 0
    w.road.refresh_from_db()
    assert not w.road.is_public
    assert ScreeningResult.objects.filter(source="publication", reviewed_at__isnull=True).count() == 1
    case_publish(actor=w.staff, case=w.road, confirm_sensitive=True)
    w.road.refresh_from_db()
    assert w.road.is_public
