"""``Reply.contacted_before_reply``: "a contact of the same assignment on or before the reply" stored once
(the contact rate, 见面率, counted it with a correlated EXISTS per reply). Backfilled by one UPDATE."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def backfill(apps, schema_editor):
    Reply = apps.get_model("cases", "Reply")
    Contact = apps.get_model("cases", "Contact")
    Reply.objects.filter(
        Exists(
            Contact.objects.filter(
                assignment_id=OuterRef("assignment_id"), contacted_at__lte=OuterRef("replied_at")
            )
        )
    ).update(contacted_before_reply=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_alter_rating_value"),
    ]

    operations = [
        migrations.AddField(
            model_name="reply",
            name="contacted_before_reply",
            field=models.BooleanField(default=False, verbose_name="答复前已沟通"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
