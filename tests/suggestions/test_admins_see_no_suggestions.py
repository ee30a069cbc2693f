"""The three administrators see no suggestions: business data is not their duty (audit admin: the
audit trail; security admin: accounts, roles, policies; system admin: configuration)."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.core.choices import Role
from renda.core.models import Membership, User
from renda.security.testing import login_verified
from renda.suggestions.models import Suggestion


@pytest.mark.parametrize("role", [Role.AUDIT_ADMIN, Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN])
def test_administrators_read_and_export_no_suggestions(w, submitted, role):
    submitted()
    admin = User.objects.create_user(username=f"a_{role}", password="x", full_name="管理员")
    Membership.objects.create(user=admin, organization=w.office, role=role)
    staff = Client()
    staff.force_login(w.staff)
    assert staff.get("/api/v1/suggestions").json()["count"] == 1
    assert Suggestion.objects.visible_to(admin).count() == 0
    client = Client()
    login_verified(client, admin)
    assert client.get("/api/v1/suggestions").json()["count"] == 0
    page = client.get("/suggestions/")
    assert "关于改善城关小学周边交通的建议" not in page.content.decode()
