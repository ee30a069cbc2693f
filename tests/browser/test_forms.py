"""Forms in Chromium: the deputy's satisfaction rating (radios on one line, readable, clickable, on
desktop and phone) and a refused form on a long page (the error summary is where the user looks,
what was typed is still there)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.cases import services as engine
from renda.cases.models import Rating
from renda.core import clock
from renda.core.models import Congress, Organization, User
from renda.demo.units import COUNTY_CONGRESS
from renda.suggestions import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replied_suggestion():
    """A suggestion of the demo deputy, accepted, assigned to 县教育局 and answered: it waits for
    the deputy's satisfaction rating."""
    call_command("load_demo", core_only=True, verbosity=0)
    county = Congress.objects.get(name=COUNTY_CONGRESS)
    deputy, staff, clerk = (User.objects.get(username=u) for u in ("deputy", "staff", "unitclerk"))
    s = services.suggestion_draft_create(
        actor=deputy,
        congress=county,
        title="关于在县城新增公共充电桩的建议",
        body="县城新能源汽车增多,公共充电桩少且分布不均,建议在各小区和停车场增设充电桩。",
    )
    services.suggestion_submit(actor=deputy, suggestion=s)
    services.suggestion_review(actor=staff, suggestion=s, outcome="accept")
    engine.case_assign(
        actor=staff, case=s.case, lead=Organization.objects.get(congress=county, name="县教育局")
    )
    a = s.case.assignments.get(role="lead")
    engine.assignment_sign(actor=clerk, assignment=a)
    engine.contact_record(
        actor=clerk,
        assignment=a,
        contacted_at=clock.now(),
        mode="phone",
        phase="before",
        unit_person="赵磊",
        counterpart="领衔代表",
        summary="电话沟通办理思路。",
    )
    # The bureau's head issues the reply (签发); its clerk may only draft one.
    engine.reply_submit(
        actor=User.objects.get(username="unitleader"),
        assignment=a,
        classification="B",
        text="已列入明年计划,分批建设。",
        signing_leader="刘强",
    )
    return s


def sign_in(page, username):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def rate_form(page):
    """The rating step's form, opened on demand from its button on the case page."""
    form = page.locator("#case-action[data-action='rate'] form")
    if not form.count():
        page.locator("#case-actions [data-action='rate']").first.click()
        form.wait_for()
    return form


def label_boxes(form):
    labels = form.locator("label[for^=id_value_]")
    assert labels.count() == 3
    return [labels.nth(i).bounding_box() for i in range(3)], labels


def one_character_width(form) -> float:
    return form.locator("label[for^=id_value_]").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )


def test_rating_options_share_a_row_are_readable_and_clickable(page, replied_suggestion):
    sign_in(page, "deputy")
    page.goto(f"/cases/{replied_suggestion.case_id}/")
    form = rate_form(page)
    boxes, labels = label_boxes(form)
    assert [labels.nth(i).inner_text().strip() for i in range(3)] == ["满意", "基本满意", "不满意"]
    # One row: the three labels have the same top and do not overlap.
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 4, boxes
    assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] <= boxes[2]["x"], boxes
    # Readable: each label is wider than one character and one line high.
    char = one_character_width(form)
    for box, text in zip(boxes, ["满意", "基本满意", "不满意"], strict=True):
        assert box["width"] >= char * (len(text) - 0.5), (box, char)
        assert box["height"] < char * 2, (box, char)
    # Nothing laid over the comment field.
    comment = form.locator("textarea[name=comment]").bounding_box()
    assert max(b["y"] + b["height"] for b in boxes) <= comment["y"]
    # Clickable: a click on the label chooses the option; the rating is saved.
    labels.nth(1).click()
    assert form.locator("input[name=value][value=basically]").is_checked()
    with page.expect_navigation():  # the step answers with a redirect back to the case page
        form.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert Rating.objects.filter(reply__case=replied_suggestion.case, value="basically").count() == 1


def test_rating_options_readable_on_a_phone(phone_page, replied_suggestion):
    sign_in(phone_page, "deputy")
    phone_page.goto(f"/cases/{replied_suggestion.case_id}/")
    form = rate_form(phone_page)
    boxes, labels = label_boxes(form)
    char = one_character_width(form)
    for box in boxes:
        assert box["width"] >= char * 1.5 and box["height"] < char * 2, (box, char)
        assert box["x"] + box["width"] <= 390
    comment = form.locator("textarea[name=comment]").bounding_box()
    button = form.get_by_role("button", name="提交", exact=True).bounding_box()
    assert max(b["y"] + b["height"] for b in boxes) <= comment["y"] < button["y"]
    labels.nth(2).tap()
    assert form.locator("input[name=value][value=dissatisfied]").is_checked()


def test_refused_form_shows_its_summary_in_view_and_keeps_the_text(page, replied_suggestion):
    sign_in(page, "deputy")
    page.goto(f"/cases/{replied_suggestion.case_id}/")
    form = rate_form(page)
    form.locator("textarea[name=comment]").fill("希望尽快建设,优先覆盖老旧小区。")
    # No rating chosen: refused.
    with page.expect_response(re.compile(r"/do/rate/(\?.*)?$")) as response:
        form.get_by_role("button", name="提交", exact=True).click()
    assert response.value.status == 400
    summary = page.locator("[data-renda-error-summary]")
    summary.wait_for()
    assert summary.count() == 1
    assert summary.get_attribute("role") == "alert"
    # The refused form comes back in place (HTMX swaps the 400 fragment) with its summary in view and
    # focused (cases.js does it after the swap; wait for it rather than racing it).
    page.wait_for_function(
        "() => document.activeElement.hasAttribute('data-renda-error-summary')", timeout=5000
    )
    box = summary.bounding_box()
    viewport = page.viewport_size
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], box
    assert page.evaluate("document.activeElement.hasAttribute('data-renda-error-summary')")
    # The error sits next to the field, which is marked invalid.
    assert rate_form(page).locator("input[name=value].is-invalid").count() == 3
    assert rate_form(page).locator("#id_value_error.invalid-feedback").is_visible()
    # What was typed is still there.
    assert (
        rate_form(page).locator("textarea[name=comment]").input_value() == "希望尽快建设,优先覆盖老旧小区。"
    )
    # The summary's link takes the user to the field.
    summary.get_by_role("link", name="测评意见").click()
    assert page.evaluate("document.activeElement.id") == "id_value_0"
