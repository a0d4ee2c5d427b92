"""Articles get the zone and precision of their publication, and the local day derived.

Existing rows: an outlet's zone comes from its country when the country keeps one time;
an article takes its outlet's zone (else the site's). A piece whose time was known keeps
its instant and is filed under the day it was on the outlet's clock; a date-only piece
(stored as midnight in the site's zone) keeps its calendar day, now midnight where the
outlet is.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models

import archive.times


def fill(apps, schema_editor):
    Outlet = apps.get_model("archive", "Outlet")
    Article = apps.get_model("archive", "Article")
    Country = apps.get_model("archive", "Country")
    codes = dict(Country.objects.values_list("pk", "code"))
    for outlet in Outlet.objects.filter(timezone="", country__isnull=False):
        outlet.timezone = archive.times.zone_for_country(codes[outlet.country_id])
        if outlet.timezone:
            outlet.save(update_fields=["timezone"])
    site = ZoneInfo(settings.TIME_ZONE)
    zones = dict(Outlet.objects.values_list("pk", "timezone"))
    changed = []
    for article in Article.objects.only("pk", "outlet_id", "published_at", "time_known"):
        article.timezone = zones.get(article.outlet_id) or settings.TIME_ZONE
        zone = ZoneInfo(article.timezone)
        if article.time_known:
            article.date_precision = "exact"
            article.published_on = article.published_at.astimezone(zone).date()
        else:
            article.date_precision = "day"
            day = article.published_at.astimezone(site).date()
            article.published_at = datetime.combine(day, time(0), zone)
            article.published_on = day
        changed.append(article)
    Article.objects.bulk_update(
        changed, ["timezone", "date_precision", "published_at", "published_on"], batch_size=500
    )


def unfill(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    Article.objects.filter(date_precision="exact").update(time_known=True)


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_person_own_page")]

    operations = [
        migrations.AddField(
            model_name="outlet",
            name="timezone",
            field=models.CharField(
                blank=True,
                help_text="Where the outlet dates its pieces, as an IANA name: Asia/Singapore, "
                "America/New_York. Left empty, it is filled in from the country when the "
                "country keeps one time; otherwise the site's zone is used. New articles start "
                "from it.",
                max_length=64,
                validators=[archive.times.validate_timezone],
                verbose_name="time zone",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="timezone",
            field=models.CharField(
                blank=True,
                help_text="The zone the outlet dated the piece in (IANA name: Asia/Singapore, "
                "Europe/London). Leave empty to use the outlet's zone.",
                max_length=64,
                validators=[archive.times.validate_timezone],
                verbose_name="publication time zone",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="date_precision",
            field=models.CharField(
                choices=[
                    ("exact", "Date and time"),
                    ("day", "Day only"),
                    ("month", "Month only"),
                    ("approximate", "Approximately (around that day)"),
                ],
                default="day",
                help_text="How much of the date is known. A typed time makes it “Date and "
                "time”; an empty time, “Day only”. A month-only piece shows as “April 2020”.",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="published_on",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(fill, unfill),
        migrations.AlterField(
            model_name="article",
            name="published_on",
            field=models.DateField(
                db_index=True,
                editable=False,
                help_text="The calendar day in the publication time zone; derived. Archives, "
                "feeds and citations use it.",
                verbose_name="local publication date",
            ),
        ),
        migrations.RemoveField(model_name="article", name="time_known"),
        migrations.AlterField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                db_index=True,
                help_text="The date and time as the outlet printed them, in the publication "
                "time zone below. Leave the time empty if you only know the date. A date in "
                "the future keeps a published piece hidden until then.",
                verbose_name="publication date",
            ),
        ),
    ]
