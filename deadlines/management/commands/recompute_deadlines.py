from django.apps import apps
from django.core.management.base import BaseCommand

from deadlines import registry
from deadlines.services import sync


class Command(BaseCommand):
    help = ("Re-derive every record's deadlines, after a change to the calendar or the "
            "timescale policy. Safe to run at any time: sync is idempotent.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        for label in registry.registered_models():
            model = apps.get_model(label)
            records = registry.records(model).order_by("pk")
            total = records.count()
            for done, record in enumerate(records.iterator(chunk_size=batch_size), start=1):
                sync(record)
                if options["verbosity"] and (done % batch_size == 0 or done == total):
                    self._progress(label, done, total)
            if options["verbosity"] and total:
                self.stdout.write("")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Deadlines recomputed."))

    def _progress(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stdout.write(f"\r{label:<20} [{'#' * filled}{'.' * (width - filled)}] "
                          f"{done}/{total}", ending="")
        self.stdout.flush()
