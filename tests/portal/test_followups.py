"""Follow-ups of issue 5 on the portal: the staff login link in the portal's own header."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login_link(html: str) -> str:
    m = re.search(
        r'<a[^>]*id="portal-staff-login"[^>]*href="([^"]+)"[^>]*>.*?工作人员登录', html, re.S
    ) or re.search(r'<a[^>]*href="([^"]+)"[^>]*id="portal-staff-login"[^>]*>.*?工作人员登录', html, re.S)
    assert m, "the portal header links to the staff login"
    return m.group(1)


def test_every_portal_page_header_links_the_staff_login(world, published, anon):
    a = world.a.congress
    pages = [
        reverse("portal:home"),
        reverse("portal:home", kwargs={"congress_id": a.pk}),
        reverse("portal:suggestion_list", kwargs={"congress_id": a.pk}),
        reverse("portal:suggestion_detail", kwargs={"congress_id": a.pk, "pk": published.p1.pk}),
        reverse("portal:deputy_list", kwargs={"congress_id": a.pk}),
        reverse("portal:station_list", kwargs={"congress_id": a.pk}),
        reverse("portal:open_data", kwargs={"congress_id": a.pk}),
    ]
    for url in pages:
        r = anon.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        header = html.split('<header class="portal-header">', 1)[1].split("</header>", 1)[0]
        assert _login_link(header) == reverse("login"), url
    # the link leads to the sign-in page, which answers an anonymous visitor
    assert anon.get(reverse("login")).status_code == 200
