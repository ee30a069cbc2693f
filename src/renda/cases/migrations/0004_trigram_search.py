"""PostgreSQL only: trigram (pg_trgm) GIN indexes on the title and text of cases, so the Chinese text
search of the lists (``icontains``, i.e. ``UPPER(col) LIKE UPPER('%…%')``) uses an index instead of
scanning every case. SQLite keeps the scan."""

from django.db import migrations

INDEXES = [
    ("cases_case_title_trgm", "UPPER(title) gin_trgm_ops"),
    ("cases_case_body_trgm", "UPPER(body) gin_trgm_ops"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expr in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({expr})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _expr in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_summary_columns")]

    operations = [migrations.RunPython(forwards, backwards)]
