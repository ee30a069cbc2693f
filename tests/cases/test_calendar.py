import datetime as dt

import pytest
from django.core.management import call_command

from renda.cases import services
from renda.cases.calendar import WorkCalendar, add_months, national_calendar_rows, seed_national_calendar
from renda.cases.models import CalendarDay
from renda.core.errors import PermissionDeniedError, ValidationFailed

D = dt.date


@pytest.mark.django_db
def test_holidays_and_make_up_days_2026(world):
    cal = WorkCalendar(world.congress.pk)
    assert not cal.is_workday(D(2026, 10, 1))  # 国庆
    assert not cal.is_workday(D(2026, 2, 16))  # 春节, a Monday
    assert cal.is_workday(D(2026, 2, 14))  # 春节调休, a Saturday
    assert cal.is_workday(D(2026, 9, 20))  # 国庆调休, a Sunday
    assert cal.is_workday(D(2026, 3, 3))
    assert not cal.is_workday(D(2026, 3, 7))  # an ordinary Saturday


@pytest.mark.django_db
def test_working_days_skip_the_national_day_week(world):
    cal = WorkCalendar(world.congress.pk)
    # Wed 30 Sep 2026 + 1 working day: 1–7 Oct off, 8 Oct (Thu) is the next working day.
    assert cal.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    # 7 working days from Fri 25 Sep 2026 (25–27 中秋 off, Sat 26/Sun 27), 28, 29, 30, 8, 9, 10 (Sat 调休), 12
    assert cal.add_working_days(D(2026, 9, 24), 7) == D(2026, 10, 12)
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert cal.working_days_between(D(2026, 10, 8), D(2026, 10, 1)) == 0


@pytest.mark.django_db
def test_month_deadline_moves_off_a_holiday(world):
    cal = WorkCalendar(world.congress.pk)
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    # 1 July + 3 months = 1 October, a holiday → 8 October.
    assert cal.add_months(D(2026, 7, 1), 3) == D(2026, 10, 8)


@pytest.mark.django_db
def test_a_congress_may_override_the_national_calendar(world):
    services.calendar_day_set(
        actor=world.staff, date=D(2026, 3, 4), is_workday=False, name="县庆", congress=world.congress
    )
    assert not WorkCalendar(world.congress.pk).is_workday(D(2026, 3, 4))
    assert WorkCalendar(world.other_congress.pk).is_workday(D(2026, 3, 4))
    # Updating the same day again edits the row.
    services.calendar_day_set(actor=world.staff, date=D(2026, 3, 4), is_workday=True, congress=world.congress)
    assert WorkCalendar(world.congress.pk).is_workday(D(2026, 3, 4))
    with pytest.raises(PermissionDeniedError):
        services.calendar_day_set(actor=world.staff, date=D(2026, 3, 4), is_workday=False)
    with pytest.raises(PermissionDeniedError):
        services.calendar_day_set(
            actor=world.clerk_a, date=D(2026, 3, 4), is_workday=False, congress=world.congress
        )
    with pytest.raises(ValidationFailed):
        services.calendar_day_set(
            actor=world.staff, date="2026-03-04", is_workday=False, congress=world.congress
        )


@pytest.mark.django_db
def test_seed_is_idempotent_and_marks_2027_estimated(world, capsys):
    national = CalendarDay.objects.filter(congress__isnull=True)
    assert national.count() == len(list(national_calendar_rows()))
    assert seed_national_calendar() == 0
    call_command("load_calendar")
    assert "0" in capsys.readouterr().out
    assert national.get(date=D(2027, 10, 1)).is_estimated
    assert not national.get(date=D(2025, 10, 1)).is_estimated
    assert national.filter(date__year=2025, is_workday=True).count() == 5


@pytest.mark.django_db
def test_case_settings_update(world):
    setting = services.case_setting_update(actor=world.staff, congress=world.congress, reply_months="2")
    assert setting.reply_months == 2
    with pytest.raises(ValidationFailed) as exc:
        services.case_setting_update(actor=world.staff, congress=world.congress, colour=1)
    assert exc.value.field == "colour"
    with pytest.raises(ValidationFailed):
        services.case_setting_update(actor=world.staff, congress=world.congress, reply_months="x")
    with pytest.raises(ValidationFailed):
        services.case_setting_update(actor=world.staff, congress=world.congress, reply_months=0)
    with pytest.raises(ValidationFailed):
        services.case_setting_update(actor=world.staff, congress=world.congress, extension_max_total_months=1)
    with pytest.raises(PermissionDeniedError):
        services.case_setting_update(actor=world.other_staff, congress=world.congress, reply_months=2)
