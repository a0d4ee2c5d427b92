"""`manage.py fetch_media [--retry] [--limit N]`: copy the old site's files in, resumably."""

from django.core.management.base import BaseCommand

from archive.wordpress.media import fetch_all


class Command(BaseCommand):
    help = "Copy imported WordPress media from their original addresses (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--retry", action="store_true", help="Try failed ones again too.")
        parser.add_argument("--limit", type=int, default=None, help="At most this many.")

    def handle(self, *args, retry, limit, **options):
        copied, failed = fetch_all(retry=retry, limit=limit, out=self.stdout.write)
        self.stdout.write(f"{copied} copied, {failed} failed.")
