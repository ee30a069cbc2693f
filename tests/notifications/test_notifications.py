import pytest
from django.core import mail

from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.errors import NotFoundError
from renda.core.models import Congress, Membership, Organization, User
from renda.notifications.models import Notification, SmsMessage
from renda.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from renda.notifications.sms import LoggingSmsSender, SmsSender, get_sms_sender


class BrokenSender(SmsSender):
    def send(self, *, phone, text, recipient=None):
        raise OSError("gateway down")


@pytest.fixture
def people(db):
    congress = Congress.objects.create(name="通知县人大", region_name="通知县", level=CongressLevel.COUNTY)
    office = Organization.objects.create(
        congress=congress, name="办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    users = {}
    for name, email, phone in [
        ("amy", "amy@example.org", "13900000001"),
        ("bob", "", ""),
        ("cat", "c@example.org", ""),
    ]:
        users[name] = User.objects.create_user(username=name, password="x", email=email, phone=phone)
        Membership.objects.create(user=users[name], organization=office, role=Role.STAFF)
    gone = User.objects.create_user(username="gone", password="x", email="g@example.org", is_active=False)
    users["gone"] = gone
    return congress, users


def test_notify_creates_rows_emails_and_texts(people):
    congress, u = people
    rows = notify(
        recipients=[u["amy"], u["bob"].pk, u["gone"]],
        verb="test.hello",
        title="你好",
        body="正文",
        url="/x/",
        congress=congress,
        sms=True,
    )
    assert {r.recipient.username for r in rows} == {"amy", "bob"}  # inactive users are skipped
    assert all(r.congress == congress and r.url == "/x/" for r in rows)
    assert [m.to for m in mail.outbox] == [["amy@example.org"]]
    assert "你好" in mail.outbox[0].subject
    sms = SmsMessage.objects.get()
    assert sms.phone == "13900000001" and sms.status == "logged" and sms.sender == "LoggingSmsSender"
    assert "你好" in sms.text


def test_email_and_sms_failures_do_not_break_the_workflow(people, settings, monkeypatch):
    _, u = people
    settings.RENDA = {**settings.RENDA, "SMS_SENDER": "tests.notifications.test_notifications.BrokenSender"}

    def fail(**kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("renda.notifications.services.send_mail", fail)
    notify(recipients=[u["amy"]], verb="v", title="t", sms=True)
    assert SmsMessage.objects.get().status == "failed"
    assert Notification.objects.filter(recipient=u["amy"]).count() == 1


def test_sender_is_chosen_by_setting(settings):
    assert isinstance(get_sms_sender(), LoggingSmsSender)
    settings.RENDA = {**settings.RENDA, "SMS_SENDER": "tests.notifications.test_notifications.BrokenSender"}
    assert isinstance(get_sms_sender(), BrokenSender)


def test_mark_read_only_own(people):
    _, u = people
    notify(recipients=[u["amy"], u["cat"]], verb="v", title="t", email=False)
    mine = Notification.objects.get(recipient=u["amy"])
    theirs = Notification.objects.get(recipient=u["cat"])
    assert set(Notification.objects.visible_to(u["amy"])) == {mine}
    with pytest.raises(NotFoundError):
        notification_mark_read(actor=u["amy"], notification_id=theirs.pk)
    read = notification_mark_read(actor=u["amy"], notification_id=mine.pk)
    first = read.read_at
    assert first is not None
    assert notification_mark_read(actor=u["amy"], notification_id=mine.pk).read_at == first
    assert notifications_mark_all_read(actor=u["cat"]) == 1
    assert not Notification.objects.unread().exists()
    from django.contrib.auth.models import AnonymousUser

    assert not Notification.objects.visible_to(AnonymousUser()).exists()
    assert str(mine) == "t" and str(SmsMessage(phone="1", text="abc")) == "1 abc"


@pytest.mark.django_db
def test_logging_sender_never_logs_a_secret_outside_debug(settings, caplog):
    from renda.notifications.sms import send_sms

    settings.DEBUG = False
    with caplog.at_level("INFO", logger="renda.notifications.sms"):
        msg = send_sms(phone="13800000009", text="临时密码 Abc#12345xyz", record_text="临时密码(内容不留存)")
    assert "Abc#12345xyz" not in caplog.text and "内容不留存" in caplog.text
    assert "Abc#12345xyz" not in msg.text
    settings.DEBUG = True
    caplog.clear()
    with caplog.at_level("INFO", logger="renda.notifications.sms"):
        send_sms(phone="13800000009", text="临时密码 Abc#12345xyz", record_text="临时密码(内容不留存)")
    assert "Abc#12345xyz" in caplog.text  # a developer's own machine shows it, to sign in with
