"""The chain head carries the number of events and an HMAC of itself.

Existing heads get their count here; their HMAC (and the HMAC of every existing event) is written
once by ``manage.py audit_rekey`` (see docs/security.md), which needs the key.
"""

from django.db import migrations, models


def count_events(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    Event = apps.get_model("audit", "Event")
    n = Event.objects.count()
    for head in ChainHead.objects.all():
        ChainHead.objects.filter(pk=head.pk).update(event_count=n)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="chainhead",
            name="event_count",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(count_events, migrations.RunPython.noop),
    ]
