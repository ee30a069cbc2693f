from django.core.management.base import BaseCommand

from renda.analytics.index import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every source (全文检索索引重建)"

    def handle(self, *args, **options):
        counts = rebuild_all()
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
