"""`manage.py import_wxr FILE [--dry-run] [--map tag:china=country:CN]`: import a WordPress
export whole, printing the same report the admin shows."""

from django.core.management.base import BaseCommand, CommandError

from archive.wordpress.importer import import_file
from archive.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = "Import a WordPress export (WXR), or with --dry-run only say what it would do."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Print the report only.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="TERM=CHOICE",
            help="A tag or category's mapping, e.g. tag:china=country:CN, "
            "category:commentary=theme:analysis, tag:misc=nothing, tag:huawei=new-theme. "
            "Remembered for the next import.",
        )

    def handle(self, *args, file, dry_run, map, **options):
        mapping = {}
        for entry in map:
            term, _, choice = entry.partition("=")
            domain, _, slug = term.partition(":")
            domain = {"tag": "post_tag", "cat": "category"}.get(domain, domain)
            if not slug or not choice:
                raise CommandError(f"--map {entry}: write it as tag:SLUG=CHOICE")
            mapping[f"{domain}:{slug}"] = choice
        try:
            report = import_file(file, mapping=mapping, dry_run=dry_run)
        except WXRError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from None
        except OSError as exc:
            raise CommandError(f"{file}: cannot be read ({exc.strerror}).") from None
        except Exception as exc:  # noqa: BLE001 - one sentence, never a stack trace
            raise CommandError(
                f"{file}: the import stopped ({type(exc).__name__}: {exc}); nothing was written."
            ) from None
        self.stdout.write(report.as_text())
        if dry_run:
            self.stdout.write("\nDry run: nothing was written.")
