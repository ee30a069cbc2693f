"""The privacy rule, proven by crawling: an anonymous visitor who follows every portal link and
downloads every open dataset never sees an identity number, a phone number, a birth date, the title
of an unpublished case, or an internal note."""

from __future__ import annotations

import json
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from renda.cases.models import Case
from renda.core.choices import Role
from renda.core.models import Congress, Membership, User
from renda.demo import DEMO_AS_OF
from renda.deputies.models import Deputy, DeputyMandate
from renda.suggestions import services as sugg

from .helpers import suggestion_through_services

pytestmark = pytest.mark.clock(DEMO_AS_OF)

MAX_PAGES = 600
INTERNAL_NOTES = ["内部审查意见", "内部沟通记录", "涉及个人隐私"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _id_number(i: int) -> str:
    from renda.deputies.identity import check_digit

    first17 = f"62070219{70 + i % 30:02d}0{1 + i % 9}1{i % 10}{i % 1000:03d}"[:17]
    return first17 + check_digit(first17)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.fixture
def demo_world(db):
    call_command("load_demo", verbosity=0)
    from renda.cases.calendar import seed_national_calendar

    seed_national_calendar()
    staff = User.objects.get(username="staff")
    congress = Membership.objects.filter(user=staff, role=Role.STAFF).first().organization.congress
    clerk = User.objects.get(username="unitclerk")
    unit = Membership.objects.filter(user=clerk, role=Role.UNIT_CLERK).first().organization
    deputy_user = User.objects.get(username="deputy")
    sugg.suggestion_config_ensure(congress=congress)
    if sugg.mandate_of(deputy_user, congress) is None:  # pragma: no cover - depends on the demo plan
        pytest.skip("the demo deputy has no mandate in the demo county")
    common = {"congress": congress, "deputy": deputy_user, "staff": staff, "clerk": clerk, "unit": unit}
    published = [suggestion_through_services(title=f"公开的示例建议第{i}号", **common) for i in range(3)]
    hidden = [
        suggestion_through_services(title="尚未公开的征地补偿建议", publish=False, **common),
        suggestion_through_services(title="尚在办理的河道治理建议", reply=False, **common),
        suggestion_through_services(title="标记不公开的邻里纠纷建议", not_public=True, **common),
    ]
    # identity numbers and phones on every deputy and user, birth dates as the demo set them
    from renda.deputies.identity import encrypt, keyed_hash

    secrets: set[str] = set()
    for i, d in enumerate(Deputy.objects.all().order_by("pk")):
        number = _id_number(i)
        phone = f"139{i:08d}"
        Deputy.objects.filter(pk=d.pk).update(
            id_number_encrypted=encrypt(number), id_number_hash=keyed_hash(number), phone=phone
        )
        secrets.update({number, phone})
        if d.birth_date:
            secrets.add(d.birth_date.isoformat())
            secrets.add(f"{d.birth_date.year}年{d.birth_date.month}月{d.birth_date.day}日")
    for i, u in enumerate(User.objects.all().order_by("pk")):
        phone = f"137{i:08d}"
        User.objects.filter(pk=u.pk).update(phone=phone)
        secrets.add(phone)
    # titles of every case that is not public, anywhere in the deployment
    unpublished_titles = set(Case.objects.filter(is_public=False).values_list("title", flat=True))
    return {
        "congress": congress,
        "published": published,
        "hidden": hidden,
        "secrets": secrets,
        "unpublished_titles": unpublished_titles,
    }


def _crawl(client: Client, starts: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(starts)
    queued = set(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        r = client.get(url)
        assert r.status_code in (200, 302, 404), (url, r.status_code)
        if r.status_code != 200:
            continue
        body = _body(r)
        seen[url] = body
        if not r["Content-Type"].startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not (path.startswith("/portal/") or path.startswith("/api/v1/portal")):
                continue
            if path.startswith("/portal/editor/") or path in queued:
                continue
            queued.add(path)
            queue.append(path)
    return seen


def test_anonymous_crawl_leaks_nothing(demo_world):
    client = Client()
    congress = demo_world["congress"]
    starts = ["/portal/", f"/portal/c/{congress.pk}/"]
    for c in Congress.objects.all():
        starts.append(f"/portal/c/{c.pk}/")
    pages = _crawl(client, list(dict.fromkeys(starts)))
    # every open data download and API listing, for every congress
    extra: dict[str, str] = {}
    for c in Congress.objects.all():
        prefix = f"/portal/c/{c.pk}/open-data/"
        for ds in ("deputies", "suggestions", "answers", "statistics"):
            for fmt in ("csv", "json"):
                extra[prefix + f"{ds}.{fmt}"] = ""
        extra[prefix + "popolo.json"] = ""
        for api in ("deputies", "deputies/popolo", "suggestions", "answers", "statistics", "articles"):
            extra[f"/api/v1/portal/{api}?c={c.pk}&page_size=200"] = ""
    for url in extra:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        pages[url] = _body(r)

    assert len(pages) > 40, sorted(pages)
    home = f"/portal/c/{congress.pk}/"
    assert any(f"{home}suggestions/" in u for u in pages)
    assert any("/deputies/" in u and u.rstrip("/").split("/")[-1].isdigit() for u in pages), (
        "no deputy page crawled"
    )
    everything = "\n".join(pages.values())
    everything_json = everything + json.dumps(list(pages.values()), ensure_ascii=False)
    # sanity: published things are there
    for s in demo_world["published"]:
        assert s.case.title in everything
    # the privacy rule
    for secret in sorted(demo_world["secrets"]):
        assert secret not in everything_json, f"leaked: {secret}"
    for title in sorted(demo_world["unpublished_titles"]):
        hits = [u for u, body in pages.items() if title in body]
        assert not hits, f"unpublished case title {title!r} appears on {hits[:3]}"
    for note in INTERNAL_NOTES:
        assert note not in everything, f"internal note {note!r} leaked"
    # nor even masked
    from renda.deputies.identity import mask

    for secret in demo_world["secrets"]:
        if len(secret) == 18:
            assert mask(secret) not in everything


def test_unpublished_suggestion_urls_are_not_found(demo_world):
    client = Client()
    cid = demo_world["congress"].pk
    for s in demo_world["hidden"]:
        assert client.get(f"/portal/c/{cid}/suggestions/{s.pk}/").status_code == 404
        assert client.get(f"/api/v1/portal/suggestions/{s.pk}?c={cid}").status_code == 404
    active = DeputyMandate.objects.filter(congress_id=cid, ended_on__isnull=True).count()
    ended = DeputyMandate.objects.filter(congress_id=cid, ended_on__isnull=False).first()
    if ended is not None:
        assert client.get(f"/portal/c/{cid}/deputies/{ended.pk}/").status_code == 404
    assert active > 0
