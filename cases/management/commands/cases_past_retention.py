from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.selectors import cases_past_retention


class Command(BaseCommand):
    help = ("List the closed cases kept longer than the retention period (CASE_RETENTION_YEARS), "
            "by reference only, for the partnership to review. Deletes nothing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--years", type=int, default=None,
                            help="Override CASE_RETENTION_YEARS for this listing")

    def handle(self, *args, years: int | None, **options) -> None:
        years = years if years is not None else settings.CASE_RETENTION_YEARS
        found = cases_past_retention(years=years, today=timezone.localdate())
        for case, closed_on in found:
            self.stdout.write(f"{case.reference}\t{case.get_status_display()}\t"
                              f"closed {closed_on:%-d %B %Y}")
        self.stdout.write(f"{len(found)} closed case{'s' if len(found) != 1 else ''} past the "
                          f"retention period of {years} year{'s' if years != 1 else ''}.")
