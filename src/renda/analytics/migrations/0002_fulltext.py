from django.db import migrations


def create_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE analytics_search_fts USING fts5(segmented)")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX analytics_search_tsv ON analytics_searchentry "
            "USING GIN (to_tsvector('simple', segmented))"
        )


def drop_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS analytics_search_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS analytics_search_tsv")


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [migrations.RunPython(create_fulltext, drop_fulltext)]
