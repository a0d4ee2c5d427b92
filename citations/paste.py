"""The admin's "paste a whole endnote block" page: read, show, and save only when confirmed.

The first submit reads the paste and shows, before anything is saved, what was read from
each note (and what could not be), the checks the article would then fail (duplicates,
dates after it, calls without notes), and the bare numbers in the article's text that look
like calls a PDF lost ("protests.11"), each offered as a change to `[^11]` with a preview.
The second saves the notes and only the changes still ticked.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archive import history
from archive.models import Article

from . import checks
from .calls import bare_calls, body_digest, with_calls
from .importing import save_notes
from .models import Source, written_date
from .parsing import split_endnotes


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Endnotes",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the whole endnote block from Word or a PDF. Numbers run into the "
        "text (“12“Title,” site, date.”) are found; without numbers, each paragraph is a note.",
    )
    replace = forms.BooleanField(
        required=False,
        label="Replace the article's existing notes",
        help_text="Otherwise the pasted notes are added after them.",
    )


def reading_rows(notes):
    """What the preview shows of each source read: label and value pairs, filled ones only."""
    kinds = dict(Source.Kind.choices)
    for note in notes:
        note.readings = []
        for source in note.sources:
            number = " ".join(
                part
                for part in (
                    source.series,
                    f"vol. {source.volume}" if source.volume else "",
                    f"no. {source.issue}" if source.issue else "",
                    f"pp. {source.pages}" if source.pages else "",
                )
                if part
            )
            rows = [
                ("kind", kinds.get(source.kind, source.kind)),
                ("authors", "; ".join(source.authors)),
                ("in / by", source.publisher),
                ("place", source.place),
                ("series, volume, issue", number),
                ("date", written_date(source.published_on, source.date_precision)),
                ("address", source.url),
                ("DOI", source.doi),
                ("accessed", source.accessed_on and f"{source.accessed_on:%d %B %Y}"),
                ("archived copy", source.archive_url),
                ("page cited", source.locator),
                ("same source as note", source.refers_to),
            ]
            note.readings.append((source, [(label, value) for label, value in rows if value]))
    return notes


def paste_notes(model_admin, request, article):
    """The page itself, for `CitedArticleAdmin`."""
    body = article.body or ""
    form = PasteForm(request.POST or None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": article,
        "title": f"Paste endnotes for “{article}”",
        "form": form,
        "existing": article.footnotes.count(),
    }
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "citations/admin/paste_notes.html", context)
    result = split_endnotes(form.cleaned_data["text"])
    offered = bare_calls(body, [note.number for note in result.notes if note.number])
    previewed = request.POST.get("digest", "")
    # Only numbers the author saw and left ticked are changed.
    ticked = set(request.POST.getlist("calls")) if previewed else {c.key for c in offered}
    if "confirm" in request.POST:
        if previewed and previewed != body_digest(body):
            model_admin.message_user(
                request,
                "The article's text changed since the preview: check the calls offered again.",
                messages.WARNING,
            )
            ticked = {call.key for call in offered}
        else:
            turned = [call for call in offered if previewed and call.key in ticked]
            with transaction.atomic():
                history.record_first_versions(Article, [article.pk])
                if turned:
                    article.body = with_calls(body, turned)
                    article.save(update_fields=["body"])
                saved = save_notes(article, result.notes, replace=form.cleaned_data["replace"])
                history.record([article], f"Pasted {len(saved)} notes.", user=request.user)
            done = f"{len(saved)} notes saved"
            if turned:
                done += f", and {len(turned)} numbers in the text turned into note calls"
            model_admin.message_user(request, f"{done}. Check them below.", messages.SUCCESS)
            return redirect(reverse("admin:archive_article_change", args=[article.pk]))
    existing = [] if form.cleaned_data["replace"] else list(article.footnotes.with_sources())
    chosen = [call for call in offered if call.key in ticked]
    context.update(
        result=result,
        notes=reading_rows(result.notes),
        source_count=len({checks.identity(s) for n in result.notes for s in n.sources}),
        partial=[n for n in result.notes if n.problems],
        offered=[(call, call.key in ticked) for call in offered],
        digest=body_digest(body),
        checks=checks.paste_checks(article, result.notes, with_calls(body, chosen), existing),
    )
    return TemplateResponse(request, "citations/admin/paste_notes.html", context)
