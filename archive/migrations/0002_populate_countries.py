"""Create a row for every ISO 3166 country, with its UN M49 region, so the author
can pick any country without creating it first."""

from django.db import migrations

# The M49 table as it stood when this migration was written, frozen here so later
# edits to archive/regions.py cannot change what this migration did.
REGIONS = {
    "southern-europe": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA XK",
    "western-asia": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "southern-asia": "AF BD BT IN IR LK MV NP PK",
    "caribbean": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "middle-africa": "AO CD CF CG CM GA GQ ST TD",
    "antarctica": "AQ",
    "south-america": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "polynesia": "AS CK NU PF PN TK TO TV WF WS",
    "western-europe": "AT BE CH DE FR LI LU MC NL",
    "australia-new-zealand": "AU CC CX HM NF NZ",
    "northern-europe": "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    "western-africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "eastern-europe": "BG BY CZ HU MD PL RO RU SK UA",
    "eastern-africa": "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
    "northern-america": "BM CA GL PM US",
    "south-eastern-asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "southern-africa": "BW LS NA SZ ZA",
    "central-america": "BZ CR GT HN MX NI PA SV",
    "eastern-asia": "CN HK JP KP KR MN MO TW",
    "northern-africa": "DZ EG EH LY MA SD TN",
    "melanesia": "FJ NC PG SB VU",
    "micronesia": "FM GU KI MH MP NR PW UM",
    "central-asia": "KG KZ TJ TM UZ",
}
REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}


def populate(apps, schema_editor):
    from django_countries import countries

    Country = apps.get_model("archive", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(code=c.code, name=c.name, region=REGION_OF.get(c.code, ""))
        for c in countries
        if c.code not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
