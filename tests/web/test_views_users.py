"""User management pages: who may, list search/filter/pagination, create, edit, (de)activate, reset, export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renda.audit.models import Event
from renda.core.choices import Role
from renda.core.models import User
from renda.core.services import user_create

from .conftest import ROLES

ALLOWED = {Role.SECURITY_ADMIN, Role.STAFF}  # the “users” resource


@pytest.mark.parametrize("role", ROLES)
def test_user_list_access_per_role(world, login, role):
    response = login(world[role]).get(reverse("user_list"))
    assert response.status_code == (200 if role in ALLOWED else 403)


def test_no_role_is_refused(world, login):
    assert login(world.nobody).get(reverse("user_list")).status_code == 403


@pytest.mark.parametrize(
    "name", ["user_list", "user_create", "user_import", "user_export", "organization_list"]
)
def test_anonymous_redirected_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_user_list_search_by_name_username_phone(world, login):
    client = login(world[Role.STAFF])
    user_create(
        actor=world[Role.SECURITY_ADMIN],
        organization=world.bureau,
        username="liuxy",
        full_name="刘晓燕",
        role=Role.UNIT_CLERK,
        phone="13712345678",
    )
    for q in ["刘晓", "liux", "1371234"]:
        page = client.get(reverse("user_list"), {"q": q}).context["page"]
        assert [u.username for u in page] == ["liuxy"], q


def test_user_list_filters(world, login):
    client = login(world[Role.SECURITY_ADMIN])
    page = client.get(reverse("user_list"), {"organization": world.bureau.pk}).context["page"]
    assert {u.username for u in page} == {"clerk1", "unitlead1"}
    page = client.get(reverse("user_list"), {"role": Role.DEPUTY}).context["page"]
    assert [u.username for u in page] == ["deputy1"]
    world[Role.DEPUTY].is_active = False
    from renda.core.services import user_set_active

    user_set_active(actor=world[Role.SECURITY_ADMIN], user=world[Role.DEPUTY], active=False)
    page = client.get(reverse("user_list"), {"active": "0"}).context["page"]
    assert [u.username for u in page] == ["deputy1"]
    page = client.get(reverse("user_list"), {"active": "1"}).context["page"]
    assert "deputy1" not in {u.username for u in page}


def test_user_list_bad_filter_values_do_not_fail(world, login):
    client = login(world[Role.STAFF])
    response = client.get(reverse("user_list"), {"organization": "abc", "role": "king", "page": "x"})
    assert response.status_code == 200


def test_user_list_scope_staff_does_not_see_other_city(world, login):
    from renda.core.choices import CongressLevel, OrganizationKind
    from renda.core.models import Congress, Membership, Organization

    other = Congress.objects.create(name="河阳市人大", region_name="河阳市", level=CongressLevel.CITY)
    org = Organization.objects.create(
        congress=other, name="河阳办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    stranger = User.objects.create_user(username="stranger", password="x", full_name="外市人员")
    Membership.objects.create(user=stranger, organization=org, role=Role.STAFF)
    page = login(world[Role.STAFF]).get(reverse("user_list"), {"q": "stranger"}).context["page"]
    assert list(page) == []
    assert login(world[Role.STAFF]).get(reverse("user_detail", args=[stranger.pk])).status_code == 404


def test_user_list_pagination_and_query_count(world, login, django_assert_max_num_queries):
    admin = world[Role.SECURITY_ADMIN]
    for i in range(45):
        user_create(
            actor=admin,
            organization=world.committee,
            username=f"bulk{i:02d}",
            full_name=f"批量{i}",
            role=Role.STAFF,
        )
    client = login(world[Role.STAFF])
    with django_assert_max_num_queries(18):  # +1: the bell, +1: the 人大 filter select
        first = client.get(reverse("user_list"))
    page = first.context["page"]
    assert page.paginator.count == 54
    assert len(page.object_list) == 20
    third = client.get(reverse("user_list"), {"page": 3}).context["page"]
    assert len(third.object_list) == 14
    html = client.get(reverse("user_list"), {"q": "bulk", "page": 2}).content.decode()
    assert "q=bulk&amp;page=3" in html


def test_create_user_shows_password_once(world, login):
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(
        reverse("user_create"),
        {
            "organization": world.bureau.pk,
            "role": Role.UNIT_CLERK,
            "username": "newclerk",
            "full_name": "新经办",
            "phone": "13811112222",
            "email": "",
            "title": "科员",
        },
    )
    user = User.objects.get(username="newclerk")
    assert response.status_code == 302
    assert response["Location"] == reverse("user_detail", args=[user.pk])
    first = client.get(response["Location"]).content.decode()
    assert "初始密码" in first
    secret = first.split('id="once-secret">')[1].split("<")[0]
    assert user.check_password(secret)
    assert user.must_change_password
    second = client.get(response["Location"]).content.decode()
    assert secret not in second
    assert Event.objects.filter(action="user.create", target_id=str(user.pk)).exists()


def test_create_user_errors_keep_input(world, login):
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(
        reverse("user_create"),
        {
            "organization": world.office.pk,
            "role": Role.UNIT_CLERK,  # not a handling unit
            "username": "staff1",  # taken
            "full_name": "某某",
            "phone": "12345",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "phone" in form.errors
    html = response.content.decode()
    assert 'value="某某"' in html
    response = client.post(
        reverse("user_create"),
        {"organization": world.office.pk, "role": Role.UNIT_CLERK, "username": "fresh", "full_name": "某某"},
    )
    assert "承办单位角色只能设在承办单位" in response.content.decode()
    response = client.post(
        reverse("user_create"),
        {"organization": world.office.pk, "role": Role.STAFF, "username": "STAFF1", "full_name": "某某"},
    )
    assert "已被使用" in str(response.context["form"].errors["username"])
    assert not User.objects.filter(username="fresh").exists()


def test_create_form_offers_no_admin_roles(world, login):
    response = login(world[Role.SECURITY_ADMIN]).get(reverse("user_create"))
    values = [v for v, _label in response.context["form"].fields["role"].choices]
    assert Role.SYSTEM_ADMIN not in values and Role.AUDIT_ADMIN not in values
    response = login(world[Role.SECURITY_ADMIN]).post(
        reverse("user_create"),
        {"organization": world.office.pk, "role": Role.AUDIT_ADMIN, "username": "sneaky", "full_name": "某"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="sneaky").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.SYSTEM_ADMIN])
def test_only_the_security_admin_creates_accounts(world, login, role):
    form = {
        "organization": world.county_bureau.pk,
        "role": Role.UNIT_CLERK,
        "username": "cty",
        "full_name": "县",
    }
    assert login(world[role]).get(reverse("user_create")).status_code == 403
    assert login(world[role]).post(reverse("user_create"), form).status_code == 403
    assert not User.objects.filter(username="cty").exists()
    # The security administrator of the city creates accounts in the county too.
    assert login(world[Role.SECURITY_ADMIN]).post(reverse("user_create"), form).status_code == 302


def test_edit_user(world, login):
    target = world[Role.DEPUTY]
    client = login(world[Role.STAFF])
    response = client.post(
        reverse("user_edit", args=[target.pk]),
        {"full_name": "赵代表新", "phone": "13999999999", "email": "zhao@example.cn"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.phone, target.email) == ("赵代表新", "13999999999", "zhao@example.cn")
    event = Event.objects.filter(action="user.update", target_id=str(target.pk)).get()
    assert event.before["full_name"] == "赵代表" and event.after["full_name"] == "赵代表新"
    bad = client.post(reverse("user_edit", args=[target.pk]), {"full_name": "", "phone": "1", "email": "x"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"full_name", "phone", "email"}


def test_staff_cannot_edit_administrator(world, login):
    admin = world[Role.AUDIT_ADMIN]
    response = login(world[Role.STAFF]).post(
        reverse("user_edit", args=[admin.pk]), {"full_name": "改名", "phone": "", "email": ""}
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.full_name == "审计管理员丙"


def test_deactivate_and_reactivate(world, login):
    target = world[Role.UNIT_CLERK]
    client = login(world[Role.STAFF])
    response = client.post(reverse("user_set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    client.post(reverse("user_set_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    assert client.get(reverse("user_set_active", args=[target.pk])).status_code == 405


def test_cannot_deactivate_self(world, login):
    me = world[Role.STAFF]
    client = login(me)
    response = client.post(reverse("user_set_active", args=[me.pk]), {"active": "0"}, follow=True)
    me.refresh_from_db()
    assert me.is_active
    assert "不能停用自己的账号" in response.content.decode()


def test_reset_password_is_sent_to_the_owner_not_shown(world, login):
    from renda.notifications.models import SmsMessage

    target = world[Role.LEADER]
    client = login(world[Role.SECURITY_ADMIN])
    response = client.post(reverse("user_reset_password", args=[target.pk]), follow=True)
    html = response.content.decode()
    assert "once-secret" not in html
    assert "139****0000" in html
    sms = SmsMessage.objects.get(recipient=target)
    assert "临时密码" in sms.text and target.username in sms.text
    target.refresh_from_db()
    assert target.must_change_password
    assert not target.check_password("Boot@2026pass")
    # Staff rank below a leader: they may not reset a leader's password at all.
    refused = login(world[Role.STAFF]).post(reverse("user_reset_password", args=[target.pk]), follow=True)
    assert "不能管理角色级别与您相同或更高的账号" in refused.content.decode()


def test_detail_lists_roles(world, login):
    html = (
        login(world[Role.STAFF])
        .get(reverse("user_detail", args=[world[Role.UNIT_LEADER].pk]))
        .content.decode()
    )
    assert "市住房和城乡建设局" in html
    assert "承办单位负责人" in html


def test_export_reads_back(world, login):
    response = login(world[Role.STAFF]).get(reverse("user_export"), {"organization": world.bureau.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("用户名", "姓名", "手机号")
    assert {r[0] for r in rows[1:]} == {"clerk1", "unitlead1"}
    clerk = next(r for r in rows if r[0] == "clerk1")
    assert "市住房和城乡建设局" in clerk[4] and "承办单位经办人" in clerk[4]


def test_export_refused_to_deputy(world, login):
    assert login(world[Role.DEPUTY]).get(reverse("user_export")).status_code == 403


def test_role_granting_link_only_for_security_administrators(world, login):
    """The user page links to the security administrator's role page only for those who may open
    it; staff and the system administrator see who grants roles instead of a link that ends in 403."""
    target = world[Role.DEPUTY]
    security_url = reverse("security_user", args=[target.pk])
    for role in (Role.STAFF, Role.SYSTEM_ADMIN):
        client = login(world[role])
        response = client.get(reverse("user_detail", args=[target.pk]))
        if role == Role.SYSTEM_ADMIN and response.status_code in (403, 404):
            continue  # 三员分立: the system administrator no longer administers user accounts at all
        html = response.content.decode()
        assert security_url not in html
        assert "角色由安全管理员授予或撤销" in html
        assert client.get(security_url).status_code == 403
