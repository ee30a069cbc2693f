"""Count suggestions already submitted, co-signed and rated in the deputies' records (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from renda.core.models import Congress
from renda.deputies.backfill import backfill_suggestion_activities


class Command(BaseCommand):
    help = "从已有的代表建议补记代表履职记录(提出、附议、测评),可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--congress", help="只处理该人大(名称或编号)")

    def handle(self, *args, **options):
        congress = None
        if options.get("congress"):
            value = options["congress"]
            congress = (
                Congress.objects.filter(pk=int(value)).first()
                if value.isdigit()
                else Congress.objects.filter(name=value).first()
            )
            if congress is None:
                raise CommandError(f"没有找到人大:{value}")
        with transaction.atomic():
            counts = backfill_suggestion_activities(congress=congress)
        for key, n in sorted(counts.items()):
            self.stdout.write(f"{key}: {n}")
        self.stdout.write(self.style.SUCCESS("完成。"))
