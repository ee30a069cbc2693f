"""Files stored before random names move to a random name in the same folder, so no old
(guessable) path leads to them; the original name stays in its field for display and download."""

from django.db import migrations

from renda.documents.uploads import rename_to_random


def forwards(apps, schema_editor):
    rename_to_random(apps.get_model("portal", "Article"), "cover")
    rename_to_random(apps.get_model("portal", "ArticleAttachment"), "file")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
