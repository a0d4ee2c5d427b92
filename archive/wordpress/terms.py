"""What a WordPress tag or category should become: a country, a theme, or nothing.

The author decides in the import report; this module makes the first
suggestion. Countries are recognised by their ISO names (django-countries), the
demonyms and aliases below ("Chinese", "UK", "Britain"), case and accents
aside; themes by an existing theme's name or slug. A choice is written as a
string: "country:GB", "theme:<slug>", "new-theme" or "nothing".
"""

import functools
import re
import unicodedata

from django.utils.text import slugify
from django.utils.translation import get_language
from django_countries import countries

from ..models import Theme
from .models import TermMapping

# Names people write for countries that are not the ISO short name.
ALIASES = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "united kingdom": "GB",
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states": "US", "russian federation": "RU", "prc": "CN", "mainland china": "CN",
    "north korea": "KP", "dprk": "KP", "south korea": "KR", "korea": "KR", "burma": "MM",
    "persia": "IR", "turkey": "TR", "ivory coast": "CI", "czech republic": "CZ",
    "holland": "NL", "the netherlands": "NL", "uae": "AE", "emirates": "AE",
    "drc": "CD", "congo": "CG", "east timor": "TL", "vatican": "VA", "palestine": "PS",
    "macedonia": "MK", "swaziland": "SZ", "cape verde": "CV", "ksa": "SA",
}  # fmt: skip
DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "argentine": "AR",
    "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "azeri": "AZ", "bahraini": "BH", "bangladeshi": "BD",
    "belarusian": "BY", "belgian": "BE", "bhutanese": "BT", "bosnian": "BA",
    "brazilian": "BR", "british": "GB", "bulgarian": "BG", "burmese": "MM", "cambodian": "KH",
    "canadian": "CA", "chilean": "CL", "chinese": "CN", "colombian": "CO", "croatian": "HR",
    "cuban": "CU", "cypriot": "CY", "czech": "CZ", "danish": "DK", "dutch": "NL",
    "egyptian": "EG", "emirati": "AE", "english": "GB", "eritrean": "ER", "estonian": "EE",
    "ethiopian": "ET", "filipino": "PH", "finnish": "FI", "french": "FR", "georgian": "GE",
    "german": "DE", "ghanaian": "GH", "greek": "GR", "hungarian": "HU", "icelandic": "IS",
    "indian": "IN", "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE",
    "israeli": "IL", "italian": "IT", "japanese": "JP", "jordanian": "JO", "kazakh": "KZ",
    "kazakhstani": "KZ", "kenyan": "KE", "korean": "KR", "kuwaiti": "KW", "kyrgyz": "KG",
    "lao": "LA", "laotian": "LA", "latvian": "LV", "lebanese": "LB", "libyan": "LY",
    "lithuanian": "LT", "malaysian": "MY", "malian": "ML", "maldivian": "MV", "mexican": "MX",
    "moldovan": "MD", "mongolian": "MN", "moroccan": "MA", "nepali": "NP", "nepalese": "NP",
    "new zealander": "NZ", "nigerian": "NG", "nigerien": "NE", "north korean": "KP",
    "norwegian": "NO", "omani": "OM", "pakistani": "PK", "palestinian": "PS",
    "peruvian": "PE", "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO",
    "russian": "RU", "rwandan": "RW", "saudi": "SA", "scottish": "GB", "serbian": "RS",
    "singaporean": "SG", "slovak": "SK", "slovenian": "SI", "somali": "SO",
    "south african": "ZA", "south korean": "KR", "spanish": "ES", "sri lankan": "LK",
    "sudanese": "SD", "swedish": "SE", "swiss": "CH", "syrian": "SY", "taiwanese": "TW",
    "tajik": "TJ", "tajikistani": "TJ", "thai": "TH", "tunisian": "TN", "turkish": "TR",
    "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "uyghur": "CN", "uzbek": "UZ",
    "venezuelan": "VE", "vietnamese": "VN", "welsh": "GB", "yemeni": "YE",
    "zambian": "ZM", "zimbabwean": "ZW",
}  # fmt: skip
# Every other name a country goes by, for the admin's country search too.
COUNTRY_ALIASES = {**DEMONYMS, **ALIASES}
IGNORED = {"uncategorized", "uncategorised", "general", "misc", "miscellaneous"}


def fold_name(text):
    """Lower case, accents and runs of spaces, - and _ folded: how names are compared."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def country_code(name):
    """The ISO code `name` stands for (a country's name, alias or demonym), or ""."""
    return _country_code(name, get_language())


@functools.lru_cache(maxsize=4096)
def _country_code(name, language):
    """country_code, remembered: an export names the same few hundred terms over and
    over, and django-countries' names are translated on every read."""
    folded = fold_name(name)
    if not folded:
        return ""
    if folded in ALIASES:
        return ALIASES[folded]
    if folded in DEMONYMS:
        return DEMONYMS[folded]
    code = _iso_names(language).get(folded)
    if code:
        return code
    return countries.by_name(name) or ""


@functools.lru_cache(maxsize=8)
def _iso_names(language):
    """{folded ISO short name: code} in the active language."""
    return {fold_name(country_name): code for code, country_name in reversed(list(countries))}


def suggest(domain, slug, name):
    """(choice, why) for a term nobody has chosen for yet."""
    if domain not in {"category", "post_tag"}:
        return "nothing", f"{domain} terms are not browsed here"
    if fold_name(name) in IGNORED or fold_name(slug) in IGNORED:
        return "nothing", "WordPress's default category"
    code = country_code(name) or country_code(slug)
    if code:
        return f"country:{code}", f"“{name}” names {countries.name(code)}"
    theme = (
        Theme.objects.filter(name__iexact=name).first()
        or Theme.objects.filter(slug=slugify(name)).first()
    )
    if theme:
        return f"theme:{theme.slug}", "a theme of that name exists"
    return "new-theme", "no country or theme of that name yet"


def remembered():
    """{"domain:slug": choice} from the author's earlier imports."""
    choices = {}
    for mapping in TermMapping.objects.select_related("country", "theme"):
        if mapping.choice == TermMapping.Choice.COUNTRY and mapping.country:
            value = f"country:{mapping.country.code}"
        elif mapping.choice == TermMapping.Choice.THEME and mapping.theme:
            value = f"theme:{mapping.theme.slug}"
        else:
            value = "nothing"
        choices[f"{mapping.domain}:{mapping.slug}"] = value
    return choices


def describe(choice):
    """The choice in words, for the report."""
    kind, _, value = choice.partition(":")
    if kind == "country":
        return f"country: {countries.name(value) or value}"
    if kind == "theme":
        theme = Theme.objects.filter(slug=value).first()
        return f"theme: {theme.name if theme else value}"
    if kind == "new-theme":
        return "a new theme"
    return "nothing"


def valid_choice(choice):
    kind, _, value = (choice or "").partition(":")
    if kind == "country":
        return bool(countries.name(value.upper())) and value.upper() == value
    if kind == "theme":
        return Theme.objects.filter(slug=value).exists()
    return choice in {"new-theme", "nothing"}
