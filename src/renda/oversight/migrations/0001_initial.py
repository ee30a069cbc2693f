# The app's first migration: empty, so that each area's migration (0002_<area>) starts from it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations: list = []
