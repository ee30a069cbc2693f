from django.db import migrations


def seed(apps, schema_editor):
    from renda.cases.calendar import seed_national_calendar

    seed_national_calendar(apps.get_model("cases", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
