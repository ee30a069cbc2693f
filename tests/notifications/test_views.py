"""The in-app notification list: own notifications only, opening marks read, the bell counts."""

import pytest
from django.test import Client

from renda.notifications.models import Notification
from renda.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_list_open_and_read_all(twin_counties):
    clerk = twin_counties.county.users["unit_clerk"]
    other = twin_counties.county.users["other_clerk"]
    notify(
        recipients=[clerk],
        verb="case.assign",
        title="您有新交办的建议待签收",
        body="JY2026-0001",
        url="/suggestions/",
    )
    notify(recipients=[clerk], verb="case.assign", title="第二条通知", url="https://evil.example/")
    notify(recipients=[other], verb="case.assign", title="别人的通知")
    client = signed_in(clerk)
    home = client.get("/").content.decode()
    assert 'id="renda-bell"' in home and "renda-bell-count" in home
    page = client.get("/notifications/").content.decode()
    assert "您有新交办的建议待签收" in page and "别人的通知" not in page
    mine = Notification.objects.get(title="您有新交办的建议待签收")
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/suggestions/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    # An off-site link is never followed.
    second = Notification.objects.get(title="第二条通知")
    assert client.post(f"/notifications/{second.pk}/open/")["Location"] == "/notifications/"
    # Someone else's notification is not found.
    theirs = Notification.objects.get(title="别人的通知")
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    notify(recipients=[clerk], verb="x", title="第三条通知")
    assert "仅未读" in client.get("/notifications/?show=unread").content.decode()
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=clerk, read_at__isnull=True).exists()
    assert "renda-bell-count" not in client.get("/").content.decode()


def test_anonymous_goes_to_login():
    response = Client().get("/notifications/")
    assert response.status_code == 302 and "/login/" in response["Location"]
