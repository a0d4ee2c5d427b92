"""`manage.py score_intros LABELS`: the intro reader's suggestions against hand labels."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from appearances.intros_score import score


class Command(BaseCommand):
    help = "Compare the stored suggestions from intros with a JSON file of hand labels."

    def add_arguments(self, parser):
        parser.add_argument("labels", type=Path)

    def handle(self, *args, labels, **options):
        result = score(json.loads(labels.read_text(encoding="utf-8")))
        self.stdout.write(result.line())
        for suggestion in result.wrong:
            self.stdout.write(f"  wrong: {suggestion} ({suggestion.article.slug})")
        for slug, kind, label in result.missed:
            self.stdout.write(f"  missed: {kind} {label} ({slug})")
