"""Numbers read from query strings (`?page=`, `?year=`), one way on every page.

A number in an address is ASCII digits, no sign, no leading zero. Python's int() also
takes "١٢", " 12" and "1_2", and str.isdigit() says yes to "²", which int() then refuses:
`/search/?q=china&page=²` answered 500 where that was the test. One spelling per number
also keeps the page cache to one entry per page.
"""

import re

from django import forms

PLAIN_NUMBER = re.compile(r"0|[1-9][0-9]{0,17}")


def plain_number(raw, low, high):
    """`raw`, a query-string value, as an int when it is written plainly (PLAIN_NUMBER) and
    lies between `low` and `high`; otherwise None."""
    if not isinstance(raw, str) or not PLAIN_NUMBER.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


class PlainIntegerField(forms.IntegerField):
    """A form's whole number, written plainly (PLAIN_NUMBER): `?year=١٩٩٠` or `?year=2_020`
    is the form's "Enter a whole number.", as `?year=abc` is."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not PLAIN_NUMBER.fullmatch(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)
