"""Delete for good what has been in the trash longer than TRASH_DAYS (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from archive import trash


class Command(BaseCommand):
    help = (
        "Delete for good the articles and appearances that have been in the trash for longer "
        "than TRASH_DAYS (default 30). Their history keeps a copy until it is pruned."
    )

    def handle(self, *args, **options):
        done = trash.purge()
        summary = ", ".join(
            f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
            for opts, count in ((model._meta, count) for model, count in done.items())
        )
        days = settings.TRASH_DAYS
        self.stdout.write(f"Deleted for good after {days} days in the trash: {summary}.")
