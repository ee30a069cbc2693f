from django.core.management.base import BaseCommand

from renda.cases.calendar import seed_national_calendar


class Command(BaseCommand):
    help = "载入2025—2027年全国法定节假日及调休上班日(已有的日期不覆盖)。"

    def handle(self, *args, **options):
        created = seed_national_calendar()
        self.stdout.write(f"已载入 {created} 个日期。")
