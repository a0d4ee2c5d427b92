"""Create a row for every ISO 3166 country, with its UN M49 region, so the author
can pick any country without creating it first."""

from django.db import migrations


def populate(apps, schema_editor):
    from django_countries import countries

    from archive.regions import region_for

    Country = apps.get_model("archive", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=c.code, name=c.name, region=region_for(c.code))
        for c in countries
        if c.code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
