"""Each router's permission branches, through the API, with users of real roles."""

import pytest
from django.test import Client

from renda.audit.models import Event
from renda.core.choices import OrganizationKind, Role
from renda.core.models import Membership, Organization, User
from renda.security.testing import login_verified

pytestmark = pytest.mark.django_db

J = "application/json"


# --- me --------------------------------------------------------------------------------------------


def test_me_lists_roles_congresses_units(world, as_user):
    body = as_user(world.clerk_a).get("/api/v1/me").json()
    assert body["username"] == "clerk_a"
    assert [r["role"] for r in body["roles"]] == [Role.UNIT_CLERK]
    assert body["roles"][0]["label"] == "承办单位经办人"
    assert [c["id"] for c in body["congresses"]] == [world.county_a.pk]
    assert [u["id"] for u in body["units"]] == [world.dept_a.pk]
    assert body["memberships"][0]["organization"]["congress_name"] == "甲县人大"


# --- congresses ----------------------------------------------------------------------------------


def test_county_staff_sees_own_congress_only(world, as_user):
    client = as_user(world.staff_a)
    body = client.get("/api/v1/congresses").json()
    assert [c["id"] for c in body["results"]] == [world.county_a.pk]
    assert body["count"] == 1
    assert client.get(f"/api/v1/congresses/{world.county_b.pk}").status_code == 404
    assert client.get(f"/api/v1/congresses/{world.city.pk}").status_code == 404
    assert client.get(f"/api/v1/congresses/{world.county_a.pk}").json()["level_label"] == "县级"


def test_city_staff_reads_the_counties_below(world, as_user):
    body = as_user(world.city_staff).get("/api/v1/congresses?level=county").json()
    assert {c["name"] for c in body["results"]} == {"甲县人大", "乙县人大"}


# --- organisations -------------------------------------------------------------------------------


def test_county_cannot_see_sibling_county_organisations(world, as_user):
    client = as_user(world.staff_a)
    names = {o["name"] for o in client.get("/api/v1/organizations").json()["results"]}
    assert names == {"甲县人大常委会办公室", "甲县教育局"}
    response = client.get(f"/api/v1/organizations/{world.dept_b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # Filtering on the sibling congress is refused as an unknown choice (nothing leaks), as on the page.
    refused = client.get(f"/api/v1/organizations?congress={world.county_b.pk}")
    assert refused.status_code == 400 and "congress" in refused.json()["fields"]
    assert "甲县" not in refused.content.decode() and "乙县" not in refused.content.decode()


def test_organisation_filters_and_pagination(world, as_user):
    client = as_user(world.city_staff)
    assert client.get("/api/v1/organizations?kind=government_department").json()["count"] == 2
    assert client.get("/api/v1/organizations", {"q": "甲县"}).json()["count"] == 2
    assert client.get(f"/api/v1/organizations?congress={world.city.pk}").json()["count"] == 1
    page = client.get("/api/v1/organizations?page=2&page_size=2").json()
    assert page["count"] == 5
    assert page["page"] == 2
    assert len(page["results"]) == 2
    assert client.get("/api/v1/organizations?page=99").json()["results"] == []


def test_unit_clerk_sees_own_unit_in_me_not_the_organisations_api(world, as_user):
    client = as_user(world.clerk_a)
    assert [o["id"] for o in client.get("/api/v1/me").json()["units"]] == [world.dept_a.pk]
    # The organisations API is the twin of the 机构管理 page: system administrators and staff only.
    assert client.get("/api/v1/organizations").status_code == 403


def test_staff_creates_updates_deactivates_organisation(world, as_user):
    client = as_user(world.staff_a)
    created = client.post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "name": "甲县卫健局", "kind": "government_department"},
        content_type=J,
    )
    assert created.status_code == 201, created.content
    org = created.json()
    assert org["congress"]["id"] == world.county_a.pk
    assert org["kind_label"] == "政府部门"
    assert Event.objects.filter(action="organization.create", target_id=str(org["id"])).exists()

    patched = client.patch(
        f"/api/v1/organizations/{org['id']}",
        data={"short_name": "卫健局", "parent": world.dept_a.pk},
        content_type=J,
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["short_name"] == "卫健局"
    assert patched.json()["parent_id"] == world.dept_a.pk
    cleared = client.patch(f"/api/v1/organizations/{org['id']}", data={"parent": None}, content_type=J)
    assert cleared.json()["parent_id"] is None
    nulled = client.patch(f"/api/v1/organizations/{org['id']}", data={"name": None}, content_type=J)
    assert nulled.status_code == 400
    assert nulled.json()["fields"]["name"] == "应为文本。"

    off = client.post(f"/api/v1/organizations/{org['id']}/deactivate")
    assert off.status_code == 200
    assert off.json()["is_active"] is False
    assert Organization.objects.get(pk=org["id"]).is_active is False
    on = client.post(f"/api/v1/organizations/{org['id']}/activate")
    assert on.json()["is_active"] is True


def test_organisation_writes_outside_scope(world, as_user):
    # A sibling county's congress is not even visible: a field error, not a leak.
    response = as_user(world.staff_a).post(
        "/api/v1/organizations",
        data={"congress": world.county_b.pk, "name": "乙县某局", "kind": "other"},
        content_type=J,
    )
    assert response.status_code == 400
    assert "congress" in response.json()["fields"]
    # A unit clerk sees its congress but may not create there.
    denied = as_user(world.clerk_a).post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "name": "甲县某局", "kind": "other"},
        content_type=J,
    )
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    # Patching a sibling's organisation answers 404.
    assert (
        as_user(world.staff_a)
        .patch(f"/api/v1/organizations/{world.dept_b.pk}", data={"name": "x"}, content_type=J)
        .status_code
        == 404
    )
    assert (
        as_user(world.staff_a).post(f"/api/v1/organizations/{world.dept_b.pk}/deactivate").status_code == 404
    )


def test_parent_must_be_visible(world, as_user):
    response = as_user(world.staff_a).patch(
        f"/api/v1/organizations/{world.dept_a.pk}", data={"parent": world.dept_b.pk}, content_type=J
    )
    assert response.status_code == 400
    assert response.json()["fields"]["parent"] == "所选上级机构不存在。"


# --- users ---------------------------------------------------------------------------------------


def test_unit_clerk_cannot_list_users(world, as_user):
    response = as_user(world.clerk_a).get("/api/v1/users")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    # nor read one (their own account is at /api/v1/me), like the 用户管理 pages
    assert as_user(world.clerk_a).get(f"/api/v1/users/{world.clerk_a.pk}").status_code == 403
    assert as_user(world.clerk_a).get(f"/api/v1/users/{world.staff_a.pk}").status_code == 403


def test_county_staff_lists_own_county_users(world, as_user):
    client = as_user(world.staff_a)
    body = client.get("/api/v1/users").json()
    assert {u["username"] for u in body["results"]} == {"staff_a", "clerk_a"}
    assert client.get("/api/v1/users", {"q": "经办"}).json()["count"] == 1
    assert client.get("/api/v1/users?role=unit_clerk").json()["results"][0]["username"] == "clerk_a"
    assert client.get(f"/api/v1/users/{world.staff_b.pk}").status_code == 404


def _session(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_security_admin_creates_and_staff_manage_a_user(world, as_user):
    response = _session(world.secadmin).post(
        "/api/v1/users",
        data={
            "organization": world.dept_a.pk,
            "username": "clerk_a2",
            "full_name": "新经办人",
            "role": "unit_clerk",
            "email": "a2@example.cn",
        },
        content_type=J,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    password = body["temporary_password"]
    user = User.objects.get(username="clerk_a2")
    assert user.check_password(password)
    assert user.must_change_password
    assert body["user"]["memberships"][0]["role"] == "unit_clerk"

    client = as_user(world.staff_a)
    patched = client.patch(f"/api/v1/users/{user.pk}", data={"phone": "13800000000"}, content_type=J)
    assert patched.status_code == 200
    assert patched.json()["phone"] == "13800000000"

    reset = _session(world.staff_a).post(f"/api/v1/users/{user.pk}/reset-password")
    assert reset.status_code == 200
    assert reset.json() == {"sent_to": ["短信 138****0000", "邮箱 a***@example.cn"]}
    user.refresh_from_db()
    assert not user.check_password(password) and user.must_change_password

    off = client.post(f"/api/v1/users/{user.pk}/deactivate")
    assert off.status_code == 200
    assert off.json()["is_active"] is False


def test_user_create_validation(world, as_user):
    client = _session(world.secadmin)
    response = client.post(
        "/api/v1/users",
        data={
            "organization": world.dept_a.pk,
            "username": "bad name!",
            "full_name": "某",
            "role": "unit_clerk",
        },
        content_type=J,
    )
    assert response.status_code == 400
    assert "username" in response.json()["fields"]
    email = client.post(
        "/api/v1/users",
        data={
            "organization": world.dept_a.pk,
            "username": "ok",
            "full_name": "某",
            "role": "unit_clerk",
            "email": "not-an-email",
        },
        content_type=J,
    )
    assert email.json()["fields"]["email"] == "电子邮箱格式不正确。"
    admin_role = client.post(
        "/api/v1/users",
        data={"organization": world.office_a.pk, "username": "x1", "full_name": "某", "role": "system_admin"},
        content_type=J,
    )
    assert admin_role.status_code == 403
    elsewhere = client.post(
        "/api/v1/users",
        data={"organization": 999999, "username": "x2", "full_name": "某", "role": "unit_clerk"},
        content_type=J,
    )
    assert elsewhere.status_code == 400
    assert "organization" in elsewhere.json()["fields"]


def test_cannot_deactivate_self(world, as_user):
    response = as_user(world.staff_a).post(f"/api/v1/users/{world.staff_a.pk}/deactivate")
    assert response.status_code == 400
    assert "is_active" in response.json()["fields"]


# --- memberships ---------------------------------------------------------------------------------


def test_grant_and_revoke_membership(world, as_user):
    assert (
        as_user(world.staff_a)
        .post(
            "/api/v1/memberships",
            data={"user": world.clerk_a.pk, "organization": world.office_a.pk, "role": "deputy"},
            content_type=J,
        )
        .status_code
        == 403
    )  # role grants are the security administrator's alone
    client = as_user(world.secadmin)
    granted = client.post(
        "/api/v1/memberships",
        data={"user": world.clerk_a.pk, "organization": world.office_a.pk, "role": "deputy", "title": "代表"},
        content_type=J,
    )
    assert granted.status_code == 201, granted.content
    membership_id = granted.json()["id"]
    assert granted.json()["role_label"] == "人大代表"
    again = client.post(
        "/api/v1/memberships",
        data={"user": world.clerk_a.pk, "organization": world.office_a.pk, "role": "deputy"},
        content_type=J,
    )
    assert again.status_code == 400
    assert again.json()["fields"]["role"] == "该用户已拥有此角色。"

    listed = client.get(f"/api/v1/memberships?user={world.clerk_a.pk}").json()
    assert listed["count"] == 2

    revoked = client.post(f"/api/v1/memberships/{membership_id}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False
    assert Membership.objects.get(pk=membership_id).is_active is False


def test_membership_permission_branches(world, as_user):
    # Only the security administrator grants roles: the system administrator does not even see the
    # accounts (and the service refuses it anyway: tests/core/test_three_admins.py).
    denied = as_user(world.sysadmin).post(
        "/api/v1/memberships",
        data={"user": world.city_staff.pk, "organization": world.city_office.pk, "role": "audit_admin"},
        content_type=J,
    )
    assert denied.status_code == 400
    assert denied.json()["fields"] == {"user": "所选用户不存在。"}
    # An account with a business role gets no administrator role on top.
    mixed = as_user(world.secadmin).post(
        "/api/v1/memberships",
        data={"user": world.city_staff.pk, "organization": world.city_office.pk, "role": "audit_admin"},
        content_type=J,
    )
    assert mixed.status_code == 400
    former = User.objects.create_user(username="former", password="x", full_name="前工作人员")
    Membership.objects.create(user=former, organization=world.city_office, role="staff", is_active=False)
    allowed = as_user(world.secadmin).post(
        "/api/v1/memberships",
        data={"user": former.pk, "organization": world.city_office.pk, "role": "audit_admin"},
        content_type=J,
    )
    assert allowed.status_code == 201, allowed.content
    # Nobody holds two of the three administrator roles.
    twice = as_user(world.secadmin).post(
        "/api/v1/memberships",
        data={"user": world.auditor.pk, "organization": world.city_office.pk, "role": "system_admin"},
        content_type=J,
    )
    assert twice.status_code == 400
    # A sibling county's membership is not found.
    theirs = Membership.objects.get(user=world.staff_b)
    assert as_user(world.staff_a).post(f"/api/v1/memberships/{theirs.pk}/revoke").status_code == 404
    # A clerk cannot grant anything (the other user is not even visible).
    clerk = as_user(world.clerk_a).post(
        "/api/v1/memberships",
        data={"user": world.staff_a.pk, "organization": world.dept_a.pk, "role": "unit_clerk"},
        content_type=J,
    )
    assert clerk.status_code == 400
    assert "user" in clerk.json()["fields"]


# --- audit ---------------------------------------------------------------------------------------


def test_audit_admin_reads_events_system_admin_cannot(world, as_user):
    # Something to read: a create through the API.
    as_user(world.staff_a).post(
        "/api/v1/organizations",
        data={"congress": world.county_a.pk, "name": "甲县民政局", "kind": "government_department"},
        content_type=J,
    )
    auditor = as_user(world.auditor)
    body = auditor.get("/api/v1/audit/events?action=organization.create").json()
    assert body["count"] == 1
    event = body["results"][0]
    assert event["actor_name"] == "甲县工作人员"
    assert event["after"]["name"] == "甲县民政局"
    assert auditor.get(f"/api/v1/audit/events/{event['id']}").json()["hash"] == event["hash"]
    assert auditor.get("/api/v1/audit/events?since=2000-01-01").json()["count"] >= 1

    sysadmin = as_user(world.sysadmin)
    for url in ("/api/v1/audit/events", f"/api/v1/audit/events/{event['id']}", "/api/v1/audit/verify"):
        response = sysadmin.get(url)
        assert response.status_code == 403, url
        assert response.json()["code"] == "permission_denied"


def test_audit_verify(world, as_user):
    report = as_user(world.auditor).get("/api/v1/audit/verify").json()
    assert report["ok"] is True
    assert report["checked"] >= 1  # at least the token creation
    assert report["broken_event_id"] is None


def test_organisation_kind_choices_are_the_model_choices(world, as_user):
    schema = as_user(world.staff_a).get("/api/v1/openapi.json").json()
    kinds = schema["components"]["schemas"]["OrganizationKind"]["enum"]
    assert set(kinds) == set(OrganizationKind.values)
