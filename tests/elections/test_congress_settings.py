"""The congress-wide election settings page: staff only, the law's defaults shown, Chinese messages
naming the field, the values used by every election of the congress."""

from __future__ import annotations

from django.urls import reverse

from renda.elections import law
from renda.elections.models import ElectionSetting

URL = reverse("elections:congress_settings")


def test_staff_sets_a_value_and_elections_use_it(client, staff, county, election):
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "法定默认值:20" in page and "法定默认值:1/3" in page
    r = client.post(URL, {"congress": county.congress.pk, "register_publish_days": "25", "margin_min": "1/2",
                          "voting_age": "18"})  # fmt: skip
    assert r.status_code == 302
    setting = ElectionSetting.objects.get(congress=county.congress)
    assert setting.params == {"register_publish_days": 25, "margin_min": "1/2"}  # 18 is the law's own
    assert law.params_of(election)["register_publish_days"] == 25
    assert 'value="25"' in client.get(URL).content.decode()
    # Emptied: back to the law.
    client.post(URL, {"congress": county.congress.pk})
    setting.refresh_from_db()
    assert setting.params == {} and law.params_of(election)["register_publish_days"] == 20


def test_bad_values_named_in_chinese_and_kept(client, staff, county):
    client.force_login(staff)
    r = client.post(URL, {"congress": county.congress.pk, "appeal_days": "五", "margin_max": "一倍",
                          "seats_min": "4", "register_publish_days": "-1"})  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 400
    assert "“对选民名单提出申诉的期限(自公布之日起,天)”应为整数。" in body
    assert "“候选人多于应选名额的最大比例(差额)”应写作0到10之间的分数或整数" in body
    assert "“每一选区最少应选名额”不能大于“最多应选名额”。" in body
    assert "不能小于0" in body and 'value="一倍"' in body
    assert not ElectionSetting.objects.exists()


def test_margin_bounds_in_order(client, staff, county):
    client.force_login(staff)
    r = client.post(URL, {"congress": county.congress.pk, "margin_min": "2", "margin_max": "1"})
    assert r.status_code == 400 and "差额的最小比例不能大于最大比例。" in r.content.decode()


def test_only_staff(client, county, twin_counties):
    for role in ("leader", "deputy"):
        client.force_login(county.users[role])
        assert client.get(URL).status_code == 403
    client.force_login(twin_counties.sibling.users["staff"])
    page = client.get(URL).content.decode()
    assert twin_counties.sibling.congress.name in page and county.congress.name not in page
