"""List endpoints keep a bounded number of queries however many rows there are."""

import pytest

from renda.api.services import api_token_create
from renda.core.choices import OrganizationKind, Role
from renda.core.services import membership_grant, organization_create, user_create

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/api/v1/organizations?page_size=200",
    "/api/v1/users?page_size=200",
    "/api/v1/memberships?page_size=200",
    "/api/v1/congresses?page_size=200",
    "/api/v1/tokens",
    "/api/v1/me",
]


def grow(world, n, start):
    for i in range(start, start + n):
        org = organization_create(
            actor=world.staff_a,
            congress=world.county_a,
            name=f"甲县第{i}局",
            kind=OrganizationKind.GOVERNMENT_DEPARTMENT,
        )
        user, _ = user_create(
            actor=world.secadmin,
            organization=org,
            username=f"u{i}",
            full_name=f"经办人{i}",
            role=Role.UNIT_CLERK,
        )
        membership_grant(actor=world.secadmin, user=user, organization=world.office_a, role=Role.DEPUTY)
        api_token_create(actor=world.staff_a, name=f"令牌{i}")


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_queries_bounded(world, client, django_assert_max_num_queries, url):
    _, secret = api_token_create(actor=world.staff_a, name="计数")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    grow(world, 3, 0)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url, **headers).status_code == 200
    grow(world, 15, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, **headers)
        assert response.status_code == 200


def test_audit_events_queries_bounded(world, client, django_assert_max_num_queries):
    _, secret = api_token_create(actor=world.auditor, name="审计")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    grow(world, 3, 0)
    with django_assert_max_num_queries(18) as few:  # +6: the audit.read event (reading is audited)
        assert client.get("/api/v1/audit/events?page_size=200", **headers).status_code == 200
    grow(world, 15, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/audit/events?page_size=200", **headers).json()
    assert body["count"] > 60
