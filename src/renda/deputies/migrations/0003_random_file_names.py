"""Files stored before random names move to a random name in the same folder, so no old
(guessable) path leads to them; the original name stays in its field for display and download."""

from django.db import migrations

from renda.documents.uploads import rename_to_random


def forwards(apps, schema_editor):
    rename_to_random(apps.get_model("deputies", "ActivityAttachment"), "file")


class Migration(migrations.Migration):
    dependencies = [("deputies", "0002_record")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
