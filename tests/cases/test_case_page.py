"""The engine's one case page (/cases/<pk>/): each actor sees only the actions open to them now, each
opens its form on demand (an HTMX fragment, or a page without JavaScript), a refused form answers 400
keeping what was typed. The kind here (``test_suggestion``) is registered only in the tests: it has no
view, template or form of its own, and still gets the whole face."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from renda.cases import services
from renda.cases.models import Reply

from .conftest import contact, lead_of, reply

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def page(user, case):
    r = client_for(user).get(reverse("cases:detail", args=[case.pk]))
    assert r.status_code == 200
    return r.content.decode()


def buttons(html):
    """The action codes of the buttons on the page (one per target)."""
    if 'id="case-actions"' not in html:
        return []
    block = html.split('id="case-actions"', 1)[1].split('id="case-action-panel"', 1)[0]
    return re.findall(r'data-action="([a-z_]+)"', block)


def act(case, code, **target):
    url = reverse("cases:act", args=[case.pk, code])
    if target:
        ((key, value),) = target.items()
        url += f"?{key}={value}"
    return url


def test_each_role_sees_only_its_actions(world, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    co = case.assignments.get(role="co_handler")
    html = page(world.staff, case)
    assert "测试建议" in html and case.number in html and "已交办" in html
    staff_buttons = set(buttons(html))
    assert {"supervise", "key", "attach"} <= staff_buttons
    assert not staff_buttons & {"sign", "plan", "reply", "rate", "opinion", "assign"}

    # the lead unit's clerk: only signing (and the requests) before signing …
    assert set(buttons(page(world.clerk_a, case))) == {
        "sign",
        "return_request",
        "extension_request",
        "attach",
    }
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    # … then plan, contact, progress, reply — never the deputy's or the staff's steps
    clerk = buttons(page(world.clerk_a, case))
    assert {"plan", "contact", "progress", "reply"} <= set(clerk)
    assert not set(clerk) & {"rate", "supervise", "key", "assign", "opinion", "publish", "submit"}

    # the co-handler: only its opinion once signed
    services.assignment_sign(actor=world.clerk_b, assignment=co)
    co_buttons = set(buttons(page(world.clerk_b, case)))
    assert "opinion" in co_buttons and not co_buttons & {"plan", "contact", "reply", "rate"}
    services.co_handler_opinion_send(actor=world.clerk_b, assignment=co, opinion="同意修缮。")
    assert "opinion" not in buttons(page(world.clerk_b, case))

    # the deputy rates only once there is a reply; a unit outside the case sees nothing
    assert "rate" not in buttons(page(world.deputy, case))
    assert client_for(world.clerk_c).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    reply(world, case)
    deputy = buttons(page(world.deputy, case))
    assert set(deputy) == {"rate", "attach"}  # parties may add files
    assert "rate" not in buttons(page(world.staff, case))


def test_form_on_demand_as_fragment_and_as_page(world, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    clerk = client_for(world.clerk_a)
    html = page(world.clerk_a, case)
    url = act(case, "plan", assignment=lead.pk)
    assert f'hx-get="{url}"' in html and f'href="{url}"' in html
    assert 'name="text"' not in html  # no stacked forms: the page shows buttons only
    fragment = clerk.get(url, **HX)
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body and 'name="text"' in body and f'hx-post="{url}"' in body
    full = clerk.get(url).content.decode()
    assert "<html" in full and 'name="text"' in full and case.title in full
    # another unit's clerk cannot open the form
    assert client_for(world.clerk_b).get(url).status_code == 403

    r = clerk.post(url, {"text": "联合住建局修缮。", "responsible_person": "王科长"}, **HX)
    assert r.status_code == 200 and r["HX-Redirect"] == reverse("cases:detail", args=[case.pk])
    assert lead.plans.get().responsible_person == "王科长"
    r = clerk.post(act(case, "progress", assignment=lead.pk), {"text": "已开工。", "percent_done": "30"})
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[case.pk])
    assert "办理进展已报告" in clerk.get(r["Location"]).content.decode()


def test_refused_form_keeps_input_with_400(world, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    clerk = client_for(world.clerk_a)
    url = act(case, "reply", assignment=lead.pk)
    data = {"classification": "A", "text": "我写的答复内容", "signing_leader": "王局长"}
    for extra in ({}, HX):
        r = clerk.post(url, data, **extra)
        assert r.status_code == 400
        body = r.content.decode()
        assert "我写的答复内容" in body and "王局长" in body
        assert 'role="alert"' in body and "data-renda-error-summary" in body
        assert "答复前应与提出人沟通" in body
    assert not Reply.objects.exists()
    # a field the form itself refuses
    r = clerk.post(act(case, "progress", assignment=lead.pk), {"text": "进展", "percent_done": "300"}, **HX)
    assert r.status_code == 400 and 'value="300"' in r.content.decode()
    contact(world, lead)
    assert clerk.post(url, data).status_code == 302
    assert Reply.objects.get().text == "我写的答复内容"


def test_buttons_without_form_and_stale_clicks(world, make_case):
    draft = make_case(submit=False)
    deputy = client_for(world.deputy)
    html = page(world.deputy, draft)
    assert "submit" in buttons(html) and 'data-confirm="确定要“提交”吗?"' in html
    r = deputy.post(act(draft, "submit"))
    assert r.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
    # the second click (a stale page) changes nothing and says why
    r = deputy.post(act(draft, "submit"), follow=True)
    assert r.status_code == 200 and "该操作当前不能办理" in r.content.decode()
    assert client_for(world.deputy2).get(act(draft, "submit")).status_code in (403, 404)
    assert deputy.get(act(draft, "no_such_step")).status_code == 404


def test_rating_uses_the_kinds_scale(world, assigned_case):
    case = assigned_case
    r = reply(world, case, classification="B")
    deputy = client_for(world.deputy)
    url = act(case, "rate", reply=r.pk)
    form = deputy.get(url, **HX).content.decode()
    assert "满意" in form and "基本满意" in form and 'type="radio"' in form
    resp = deputy.post(url, {"value": "basically", "comment": "尽快落实"})
    assert resp.status_code == 302
    case.refresh_from_db()
    assert case.state == "following"


def test_key_form_is_not_pre_ticked_and_attachment_field_not_marked_required(world, assigned_case):
    staff = client_for(world.staff)
    key = staff.get(act(assigned_case, "key"), **HX).content.decode()
    (tag,) = re.findall(r'<input[^>]*name="is_key"[^>]*>', key)
    assert "checked" not in tag
    attach = staff.get(act(assigned_case, "attach"), **HX).content.decode()
    assert "renda-required" not in attach
    r = staff.post(act(assigned_case, "attach"), {})
    assert r.status_code == 400 and "请选择要上传的文件" in r.content.decode()


def test_timeline_on_the_page(world, assigned_case):
    html = page(world.staff, assigned_case)
    timeline = html.split('id="timeline"', 1)[1]
    assert "交办" in timeline and "主办单位:县交通运输局" in timeline and ">case.assign<" not in timeline


def test_case_page_queries_do_not_grow_with_the_handling(world, assigned_case, django_assert_max_num_queries):
    case = assigned_case
    lead = lead_of(case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    clerk = client_for(world.clerk_a)
    url = reverse("cases:detail", args=[case.pk])

    def progress(n):
        for i in range(n):
            services.progress_report(actor=world.clerk_a, assignment=lead, text=f"第{i}次进展")

    progress(1)
    with django_assert_max_num_queries(80) as few:
        assert clerk.get(url).status_code == 200
    progress(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "第11次进展" in clerk.get(url).content.decode()
