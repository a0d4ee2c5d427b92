"""`manage.py purge_front_caches`: send again the front-cache purges that failed.

Run it every minute from cron; `--keys a b` purges those keys now (`site`: every page)."""

from django.core.management.base import BaseCommand, CommandError

from archive import purge


class Command(BaseCommand):
    help = "Retry failed front-cache purges (or purge --keys now)."

    def add_arguments(self, parser):
        parser.add_argument("--keys", nargs="+", default=[])

    def handle(self, *args, **options):
        try:
            chosen = purge.backends()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not chosen:
            raise CommandError("No front cache configured (DJANGO_FRONT_CACHES).")
        if options["keys"]:
            for name, backend in chosen:
                if purge.send(name, backend, options["keys"]):
                    self.stdout.write(f"Purged {len(options['keys'])} keys from {name}.")
        sent, failed = purge.retry_due(limit=10_000)
        self.stdout.write(f"Retried purges: {sent} sent, {failed} still failing.")
        if failed:
            raise CommandError(f"{failed} purges still fail; they are kept and retried.")
