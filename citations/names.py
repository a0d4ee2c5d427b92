"""Authors as notes write them, kept the way reference managers store them.

A person is stored family name first, "Pantucci, Raffaello" (nameparser splits names
written in their usual order, particles and suffixes included: "de Waal, Thomas"); an
organisation, or any name that must not be split, is stored as written ("International
Crisis Group"). Each reader returns None when the text does not look like names, so the
note is reported rather than a sentence filed as an author.
"""

import re

from nameparser import HumanName

# Words that make an author an organisation rather than a person.
ORGANISATION_WORDS = {
    "Agency", "Association", "Bank", "Bureau", "Center", "Centre", "Commission", "Committee",
    "Company", "Council", "Department", "Embassy", "Forum", "Foundation", "Government",
    "Group", "Institute", "Institution", "International", "League", "Ministry", "Office",
    "Organisation", "Organization", "Press", "Programme", "Program", "Secretariat", "Service",
    "Society", "Union", "University", "Watch", "Network", "Project", "Fund", "Trust",
    "News", "Parliament", "Senate", "Congress", "Party",
}  # fmt: skip
PARTICLES = {
    "al", "bin", "ibn", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos",
    "du", "el", "la", "le", "ter", "van", "von", "y",
}  # fmt: skip
HANDLE_RE = re.compile(r"\s*[(\[]@\w+[)\]]")
# The note names only the first authors; the others are not known from it.
ET_AL_RE = re.compile(r",?\s+et\s+al\.?$")
NATURAL_SPLIT_RE = re.compile(r",\s*and\s+|\s+and\s+|\s*&\s*|,\s*")
INVERTED_SPLIT_RE = re.compile(r",?\s+(?:&|and)\s+")


def without_handles(text):
    """'Zhao Lijian (@zlj517)' -> 'Zhao Lijian'; 'Jane Doe et al.' -> 'Jane Doe'."""
    return ET_AL_RE.sub("", HANDLE_RE.sub("", text).strip())


def is_organisation(text):
    return any(word.strip(",.") in ORGANISATION_WORDS for word in text.split())


def _name_word(word):
    if word.lower() in PARTICLES:
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.)+(?:-[^\W\d_]\.)?", word):  # initials: R. or J.R. or J.-F.
        return True
    if word.lower().startswith(("al-", "el-")):
        word = word[3:]
    return bool(word) and word[0].isupper() and all(c.isalpha() or c in "-’'." for c in word)


def _person(words, least=2):
    words = words.split()
    return (
        least <= len(words) <= 5
        and all(_name_word(w) for w in words)
        and (words[-1].lower() not in PARTICLES)
    )


def family_first(name):
    """'Raffaello Pantucci' -> 'Pantucci, Raffaello'."""
    parsed = HumanName(name)
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    stored = f"{parsed.last}, {given}" if given else parsed.last
    return f"{stored}, {parsed.suffix}" if parsed.suffix else stored


def natural_order(text):
    """Names written given name first, as Chicago notes write them: 'A B', 'A B and C D',
    'A B, C D, and E F'. Returns the stored names, or None."""
    text = without_handles(text).strip(" ,")
    if not text:
        return None
    if is_organisation(text):
        return [text] if "," not in text else None
    parts = [part for part in NATURAL_SPLIT_RE.split(text) if part]
    if not all(_person(part) for part in parts):
        return None
    return [family_first(part) for part in parts]


def _inverted_pair(family, given):
    if not (_person(family, least=1) and _person(given, least=1)):
        return None
    return f"{family}, {given}"


def inverted_order(text):
    """Names written family name first, as reference lists write them: 'Cooley, A., &
    Heathershaw, J.', 'Laruelle, M. and Peyrouse, S.', 'Cooley, Alexander, and John
    Heathershaw' (MLA: only the first is turned). Returns the stored names, or None."""
    text = without_handles(text).strip(" ,")
    if text.endswith(".") and not re.search(r"\b[^\W\d_]\.$", text):
        text = text[:-1]  # the full stop after MLA's "Pantucci, Raffaello."
    if not text:
        return None
    if is_organisation(text):
        return [text] if "," not in text else None
    names = []
    for i, part in enumerate(INVERTED_SPLIT_RE.split(text)):
        tokens = [token.strip() for token in part.split(",") if token.strip()]
        if i > 0 and len(tokens) == 1:
            if not _person(tokens[0]):
                return None
            names.append(family_first(tokens[0]))  # MLA's "and John Heathershaw"
            continue
        if len(tokens) % 2:
            return None
        for family, given in zip(tokens[::2], tokens[1::2], strict=True):
            pair = _inverted_pair(family, given)
            if pair is None:
                return None
            names.append(pair)
    return names or None


def family_name(stored):
    """The family name of a stored name (an organisation's whole name)."""
    return stored.split(",")[0].strip()
