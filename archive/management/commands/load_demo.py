"""`manage.py load_demo`: load the demo content, idempotently (twice creates nothing new)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from archive import demo


class Command(BaseCommand):
    help = "Load demo content built from the real archive's metadata. Safe to run again."

    def handle(self, *args, **options):
        autodiscover_modules("demo")
        data = demo.sample()
        with transaction.atomic():
            demo.load_archive(data, self.stdout)
            for loader in demo.loaders():
                loader(data, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
