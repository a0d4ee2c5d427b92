"""The article form of the admin: the publication date typed as the outlet printed it, in
the publication zone, with a line naming that zone."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from markdownx.widgets import AdminMarkdownxWidget

from .admin_dates import PublicationField, zone_line
from .models import Article, Outlet
from .times import resolve_local_time, zone_or_default


class NotesPreviewWidget(AdminMarkdownxWidget):
    """The article's editor, whose live preview asks for the article's saved notes too
    (`?article=<pk>`, read by archive.admin_views.MarkdownPreviewView): its calls show as
    numbered links, as on the public page, not as the raw `[^58]`."""

    article_pk = None

    def get_context(self, name, value, attrs=None):
        context = super().get_context(name, value, attrs)
        if self.article_pk:
            widget_attrs = context["widget"]["attrs"]
            path = widget_attrs["data-markdownx-urls-path"]
            widget_attrs["data-markdownx-urls-path"] = f"{path}?article={int(self.article_pk)}"
        return context


class ArticleAdminForm(forms.ModelForm):
    """The article form; other apps extend it (citations checks footnote calls).

    The publication date and time are typed as the outlet printed them, and read in the
    publication zone (the article's, else its outlet's): “27 April 2020, 05:00” in
    Asia/Singapore. An empty time is a date alone, stored as the start of that day there.
    """

    published_at = PublicationField(
        label="Publication date",
        help_text="As the outlet printed it, in the publication time zone below. "
        "Leave the time empty if only the date is known. A date in the future keeps a "
        "published piece hidden until then.",
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {"body": NotesPreviewWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "date_precision" in self.fields:
            # Left out, it follows the time: typed, "Date and time"; empty, "Day only".
            self.fields["date_precision"].required = False
        article = self.instance
        if article.pk and article.published_at:
            local = article.local_published
            self.initial["published_at"] = [
                local.date(),
                local.time().replace(tzinfo=None) if article.is_timed else None,
            ]
        self._name_the_zone()
        body = self.fields.get("body")
        if article.pk and body is not None and isinstance(body.widget, NotesPreviewWidget):
            body.widget.article_pk = article.pk

    def _name_the_zone(self):
        """Tell the date widget the zone its time is read in, as the form stands."""
        if not {"published_at", "timezone", "outlet"} <= self.fields.keys():
            return
        outlet_zone = ""
        chosen = str(self["outlet"].value() or "")
        if chosen and chosen == str(self.instance.outlet_id):
            outlet_zone = self.instance.outlet.timezone
        elif chosen.isdigit():  # sent back with an error: the outlet it was changed to
            zones = Outlet.objects.filter(pk=chosen).values_list("timezone", flat=True)
            outlet_zone = zones.first() or ""
        case, zone = zone_line(self["timezone"].value() or "", outlet_zone)
        fallback_case, fallback = zone_line("", outlet_zone)
        self.fields["published_at"].widget.line = {
            "case": case,
            "zone": zone,
            "fallback_case": fallback_case,
            "fallback": fallback,
            "zone_field": self["timezone"].id_for_label,
            "outlet_field": self["outlet"].id_for_label,
            # Asked when the author picks another outlet: its zone, not every outlet's.
            "outlet_zone_url": reverse("admin:archive_outlet_zone"),
        }

    def clean(self):
        cleaned = super().clean()
        typed = cleaned.get("published_at")
        if not isinstance(typed, tuple):
            return cleaned
        day, at = typed
        outlet = cleaned.get("outlet")
        name = cleaned.get("timezone") or (outlet.timezone if outlet else "")
        if "timezone" in self.errors:
            return cleaned
        zone = zone_or_default(name)
        precision = cleaned.get("date_precision") or Article.Precision.DAY
        if at == datetime.time(0) and precision != Article.Precision.EXACT:
            at = None  # 00:00 is how a date alone used to be typed; midnight needs "exact"
        if at is None:
            if precision == Article.Precision.EXACT:
                precision = Article.Precision.DAY  # no time typed: the date alone is known
            cleaned["published_at"] = datetime.datetime.combine(day, datetime.time(0), zone)
        else:
            if precision in (Article.Precision.MONTH, Article.Precision.APPROXIMATE):
                self.add_error(
                    "published_at",
                    "A time of day only makes sense when the date is exact: empty the time, "
                    "or set the precision to “Date and time”.",
                )
                return cleaned
            precision = Article.Precision.EXACT
            try:
                cleaned["published_at"] = resolve_local_time(
                    datetime.datetime.combine(day, at.replace(tzinfo=None)), zone, fold=0
                )
            except ValidationError as error:
                self.add_error("published_at", error)
                return cleaned
        cleaned["date_precision"] = precision
        cleaned["timezone"] = name if name else ""
        return cleaned
