"""UN M49 geographic regions, used to group countries on the browse pages.

Sub-Saharan Africa and Latin America are split into their M49 intermediate
regions (Eastern Africa, Caribbean...), which is how readers look for them.
Taiwan and Kosovo are placed where the standard's neighbours are.
"""

from django.db import models


class Region(models.TextChoices):
    NORTHERN_AFRICA = "northern-africa", "Northern Africa"
    EASTERN_AFRICA = "eastern-africa", "Eastern Africa"
    MIDDLE_AFRICA = "middle-africa", "Middle Africa"
    SOUTHERN_AFRICA = "southern-africa", "Southern Africa"
    WESTERN_AFRICA = "western-africa", "Western Africa"
    CARIBBEAN = "caribbean", "Caribbean"
    CENTRAL_AMERICA = "central-america", "Central America"
    SOUTH_AMERICA = "south-america", "South America"
    NORTHERN_AMERICA = "northern-america", "Northern America"
    CENTRAL_ASIA = "central-asia", "Central Asia"
    EASTERN_ASIA = "eastern-asia", "Eastern Asia"
    SOUTH_EASTERN_ASIA = "south-eastern-asia", "South-eastern Asia"
    SOUTHERN_ASIA = "southern-asia", "Southern Asia"
    WESTERN_ASIA = "western-asia", "Western Asia"
    EASTERN_EUROPE = "eastern-europe", "Eastern Europe"
    NORTHERN_EUROPE = "northern-europe", "Northern Europe"
    SOUTHERN_EUROPE = "southern-europe", "Southern Europe"
    WESTERN_EUROPE = "western-europe", "Western Europe"
    AUSTRALIA_NZ = "australia-new-zealand", "Australia and New Zealand"
    MELANESIA = "melanesia", "Melanesia"
    MICRONESIA = "micronesia", "Micronesia"
    POLYNESIA = "polynesia", "Polynesia"
    ANTARCTICA = "antarctica", "Antarctica"


_MEMBERS = {
    Region.NORTHERN_AFRICA: "DZ EG LY MA SD TN EH",
    Region.EASTERN_AFRICA: "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW IO TF",
    Region.MIDDLE_AFRICA: "AO CM CF TD CG CD GQ GA ST",
    Region.SOUTHERN_AFRICA: "BW SZ LS NA ZA",
    Region.WESTERN_AFRICA: "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    Region.CARIBBEAN: (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI"
    ),
    Region.CENTRAL_AMERICA: "BZ CR SV GT HN MX NI PA",
    Region.SOUTH_AMERICA: "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    Region.NORTHERN_AMERICA: "BM CA GL PM US",
    Region.CENTRAL_ASIA: "KZ KG TJ TM UZ",
    Region.EASTERN_ASIA: "CN HK MO KP JP MN KR TW",
    Region.SOUTH_EASTERN_ASIA: "BN KH ID LA MY MM PH SG TH TL VN",
    Region.SOUTHERN_ASIA: "AF BD BT IN IR MV NP PK LK",
    Region.WESTERN_ASIA: "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    Region.EASTERN_EUROPE: "BY BG CZ HU PL MD RO RU SK UA",
    Region.NORTHERN_EUROPE: "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    Region.SOUTHERN_EUROPE: "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    Region.WESTERN_EUROPE: "AT BE FR DE LI LU MC NL CH",
    Region.AUSTRALIA_NZ: "AU CX CC HM NZ NF",
    Region.MELANESIA: "FJ NC PG SB VU",
    Region.MICRONESIA: "GU KI MH FM NR MP PW UM",
    Region.POLYNESIA: "AS CK PF NU PN WS TK TO TV WF",
    Region.ANTARCTICA: "AQ",
}

REGION_OF = {code: region for region, codes in _MEMBERS.items() for code in codes.split()}


def region_for(code):
    """The M49 region of an ISO 3166 alpha-2 code, or '' when the standard has none."""
    return REGION_OF.get(code.upper(), "")
