"""The one answer to "which congress is this user working in"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.errors import PermissionDeniedError
from renda.core.models import Congress, Membership, Organization, User
from renda.core.scopes import NoWorkingCongress, working_congress, working_congresses

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    county = Congress.objects.create(name="甲县人大", region_name="甲县", level=CongressLevel.COUNTY)
    town = Congress.objects.create(
        name="城关镇人大", region_name="城关镇", level=CongressLevel.TOWNSHIP, parent=county
    )
    other = Congress.objects.create(name="乙县人大", region_name="乙县", level=CongressLevel.COUNTY)
    offices = {
        c: Organization.objects.create(
            congress=c, name=f"{c.name}办公室", kind=OrganizationKind.CONGRESS_OFFICE
        )
        for c in (county, town, other)
    }
    return county, town, other, offices


def _user(name, *roles):
    user = User.objects.create_user(username=name, password="x", full_name=name)
    for org, role in roles:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


def test_a_user_in_several_congresses_works_in_the_highest_unless_they_ask(tree):
    county, town, other, offices = tree
    # created township first, so the county's id is not what decides
    both = _user("两地工作人员", (offices[town], Role.STAFF), (offices[county], Role.STAFF))
    assert [c.pk for c in working_congresses(both, Role.STAFF)] == [county.pk, town.pk]
    assert working_congress(both, Role.STAFF) == county
    assert working_congress(both, Role.STAFF, wanted=str(town.pk)) == town
    # a congress they do not work in, or garbage, falls back to the rule
    for wanted in (str(other.pk), "abc", "-1", "0", "9" * 40, "", None):
        assert working_congress(both, Role.STAFF, wanted=wanted) == county


def test_below_lets_staff_work_on_the_congresses_under_theirs(tree):
    county, town, other, offices = tree
    staff = _user("县工作人员", (offices[county], Role.STAFF))
    assert working_congress(staff, Role.STAFF, wanted=town.pk) == county
    assert working_congress(staff, Role.STAFF, wanted=town.pk, below=True) == town
    assert working_congress(staff, Role.STAFF, wanted=other.pk, below=True) == county


def test_the_role_decides(tree):
    county, town, _other, offices = tree
    user = _user("镇代表兼县工作人员", (offices[town], Role.DEPUTY), (offices[county], Role.STAFF))
    assert working_congress(user, Role.DEPUTY) == town
    assert working_congress(user, Role.STAFF) == county
    assert working_congress(user, Role.DEPUTY, Role.STAFF) == county


def test_without_the_role_a_chinese_403_for_pages_and_api(tree):
    _county, town, _other, offices = tree
    deputy = _user("代表", (offices[town], Role.DEPUTY))
    with pytest.raises(NoWorkingCongress) as err:
        working_congress(deputy, Role.STAFF)
    assert isinstance(err.value, PermissionDenied) and isinstance(err.value, PermissionDeniedError)
    assert err.value.message == "您没有访问此页面的权限。" and err.value.status == 403
    with pytest.raises(NoWorkingCongress) as err:
        working_congress(deputy, Role.STAFF, message="只有本级人大工作人员可以修改建议办理参数。")
    assert err.value.message == "只有本级人大工作人员可以修改建议办理参数。"
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NoWorkingCongress):
        working_congress(AnonymousUser(), Role.STAFF)


def test_the_pages_use_it(tree, client):
    county, town, _other, offices = tree
    deputy = _user("代表乙", (offices[town], Role.DEPUTY))
    client.force_login(deputy)
    assert client.get("/suggestions/review/").status_code == 403
