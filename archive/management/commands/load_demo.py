"""`manage.py load_demo`: load the demo content, idempotently (twice creates nothing new),
and never over an author's content: a database holding rows the demo did not load, or
demo rows edited since, is refused unless `--force` is given."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from archive import demo


class Command(BaseCommand):
    help = (
        "Load demo content built from the real archive's metadata. Safe to run again; "
        "refuses a database holding content it did not load, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even over content the demo did not load (it may be overwritten).",
        )

    def handle(self, *args, force=False, **options):
        autodiscover_modules("demo")
        data = demo.sample()
        with transaction.atomic():
            found = demo.foreign_rows()
            if found and not force:
                raise CommandError(
                    "load_demo changed nothing: the database holds content the demo did not "
                    f"load ({demo.describe_foreign_rows(found)}). Loading would overwrite or "
                    "mix with it. Use an empty database, or run load_demo --force to load "
                    "anyway."
                )
            demo.load_archive(data, self.stdout)
            for loader in demo.loaders():
                loader(data, self.stdout)
            demo.record_rows()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
