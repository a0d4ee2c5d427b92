"""The time-zone box of outlets, articles and appearances: an IANA name, offered from the
list as the author types, and stored in its canonical spelling whatever case it was typed in.

`TimeZoneField` puts a name right on assignment checks (`full_clean()`, so every form) and
on save (scripts); its form field does the same before the form's own `clean()` reads it,
and draws the box with a `<datalist>` of every name `zoneinfo` knows.
"""

from django import forms
from django.db import models
from django.utils.html import format_html, format_html_join

from .times import canonical_zone, zone_names


class ZoneNameInput(forms.TextInput):
    """A text box with the IANA names as suggestions (the browser filters them as one types).
    Sized as the admin's text boxes are, without this module importing the admin."""

    def __init__(self, attrs=None):
        super().__init__({"class": "vTextField", **(attrs or {})})

    @staticmethod
    def list_id(name, attrs):
        return f"{(attrs or {}).get('id') or f'id_{name}'}_names"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = self.list_id(name, widget_attrs)
        widget_attrs.setdefault("autocomplete", "off")
        widget_attrs.setdefault("spellcheck", "false")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        list_id = self.list_id(name, attrs)
        options = format_html_join("", '<option value="{}">', ((zone,) for zone in zone_names()))
        return box + format_html('<datalist id="{}">{}</datalist>', list_id, options)


class ZoneNameFormField(forms.CharField):
    widget = ZoneNameInput

    def to_python(self, value):
        return canonical_zone(super().to_python(value))


class TimeZoneField(models.CharField):
    """A CharField holding an IANA zone name; give it `validate_timezone` as a validator."""

    def to_python(self, value):
        return canonical_zone(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = canonical_zone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin hands every CharField its plain text box; this one keeps its list.
        kwargs["widget"] = ZoneNameInput
        return super().formfield(**{"form_class": ZoneNameFormField, **kwargs})
