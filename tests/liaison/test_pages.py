"""The public pages through the test client: captcha, the form keeps what was typed, QR images."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.liaison.captcha import SESSION_KEY
from renda.liaison.models import ConstituentOpinion

pytestmark = pytest.mark.django_db


def _answer(client):
    return client.session[SESSION_KEY]["answer"]


def test_public_form_captcha_and_kept_input(w):
    c = Client()
    url = reverse("liaison:opinion_submit_qr", args=["deputy", w.deputy.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {"title": "路灯", "body": "路灯坏了", "topic": "交通出行", "captcha": "999"})
    assert "验证码不正确" in r.content.decode() and "路灯坏了" in r.content.decode()
    assert not ConstituentOpinion.objects.exists()
    c.get(reverse("liaison:captcha"))
    r = c.post(url, {"title": "", "body": "路灯坏了", "topic": "交通出行", "captcha": str(_answer(c))})
    assert "请填写标题" in r.content.decode() and "路灯坏了" in r.content.decode()
    r = c.post(url, {"title": "路灯", "body": "路灯坏了", "topic": "交通出行", "captcha": str(_answer(c))})
    assert "提交成功" in r.content.decode()
    o = ConstituentOpinion.objects.get()
    assert o.channel == "deputy_qr" and o.deputy == w.deputy and o.tracking_number in r.content.decode()


def test_qr_images_and_poster(w):
    c = Client()
    svg = c.get(reverse("liaison:deputy_qr", args=[w.deputy.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = c.get(reverse("liaison:station_qr", args=[w.station.pk]) + "?format=png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    poster = c.get(reverse("liaison:qr_poster", args=["deputy", w.deputy.pk]))
    assert "http://testserver/liaison/opinion/qr/deputy/" in poster.content.decode()
    assert c.get(reverse("liaison:deputy_qr", args=[999999])).status_code == 404
    assert c.get(reverse("liaison:qr_poster", args=["nobody", 1])).status_code == 404


def test_staff_pages_and_scope(w):
    from tests.factories import PASSWORD

    c = Client()
    c.login(username=w.staff.username, password=PASSWORD)
    for name in ("liaison:station_list", "liaison:opinion_list", "liaison:stats", "liaison:calendar"):
        assert c.get(reverse(name)).status_code == 200, name
    assert c.get(reverse("liaison:stats") + "?export=xlsx")["Content-Type"].startswith(
        "application/vnd.openxml"
    )
    other = Client()
    other.login(username=w.world.sibling.users["staff"].username, password=PASSWORD)
    assert other.get(reverse("liaison:station_detail", args=[w.station.pk])).status_code == 404
    clerk = Client()
    clerk.login(username=w.clerk.username, password=PASSWORD)
    assert clerk.get(reverse("liaison:station_list")).status_code == 403


SVG_NS = "{http://www.w3.org/2000/svg}"
CAPTCHA_ATTRS = {
    "xmlns", "width", "height", "viewBox", "d", "fill", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "cx", "cy", "r",
}  # fmt: skip


def _captcha_svg(client):
    import xml.etree.ElementTree as ET

    r = client.get(reverse("liaison:captcha"))
    assert r["Content-Type"] == "image/svg+xml"
    return r.content.decode(), ET.fromstring(r.content)


def test_captcha_svg_has_no_readable_digits(w):
    c = Client()
    c.get(reverse("liaison:opinion_submit_qr", args=["deputy", w.deputy.pk]))
    markup, root = _captcha_svg(c)
    data = c.session[SESSION_KEY]
    assert "<text" not in markup and "<tspan" not in markup and "<use" not in markup
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert tags <= {"svg", "rect", "path", "circle"}
    for el in root.iter():
        # no text node, no label, id, class or data attribute that could name a character
        assert not (el.text or "").strip() and not (el.tail or "").strip()
        assert set(el.attrib) <= CAPTCHA_ATTRS, el.attrib
    # every stroke is drawn anew: the same challenge never yields the same path, so no lookup
    # table from path data to digits can be built, and strokes come in no fixed order
    _again, root2 = _captcha_svg(c)
    assert c.session[SESSION_KEY] == data  # same challenge, drawn again
    paths = [el.get("d") for el in root.iter(f"{SVG_NS}path")]
    paths2 = [el.get("d") for el in root2.iter(f"{SVG_NS}path")]
    assert len(paths) > 8 and not set(paths) & set(paths2)
    # the answer, the addends and the sum are nowhere in the markup outside coordinates
    text_outside_numbers = "".join(el.get("fill", "") + el.get("stroke", "") for el in root.iter())
    assert str(data["answer"]) not in text_outside_numbers.replace("#", " ").split()
