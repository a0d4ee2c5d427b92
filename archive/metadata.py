"""What search engines and link previews read: canonical URL, OpenGraph and Twitter card tags,
and schema.org JSON-LD, for every page.

`{% page_meta %}` (in base.html) describes the page's main object through a describer
registered for its model; pages without one get the site's defaults. Another app registers
its own from its `metadata.py`, e.g. for a webinar:

    from archive import metadata

    @metadata.register(Appearance)
    def describe_appearance(appearance, request):
        return metadata.Description(
            title=appearance.title, description=appearance.summary,
            breadcrumbs=[("Appearances", reverse("appearances:appearance_list"))],
            json_ld=[{"@type": "Event", "eventAttendanceMode": ..., "location": {
                "@type": "VirtualLocation", "url": ...}, "startDate": aware.isoformat()}],
        )

Nothing is described for a record the public cannot see (a draft open in staff preview).
JSON-LD goes into a `<script type="application/ld+json">` data block, escaped like Django's
`json_script`, so no text can close the element; data blocks are not run, so the CSP's
script-src 'self' does not apply to them.
"""

import datetime
import html
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from . import social_cards
from .links import WEB_SCHEMES, public_url
from .models import Article, AuthorProfile, Country, Outlet, Person, Theme

_describers = {}
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def register(model):
    """Decorator: `fn(obj, request) -> Description` describes pages whose main object is a
    `model`."""

    def decorator(fn):
        _describers[model] = fn
        return fn

    return decorator


@dataclass
class Description:
    title: str
    description: str = ""
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    card_line: str = ""  # under the title on the page's social card (outlet and date)
    canonical: str = ""  # absolute; defaults to the page's own address
    published_time: object = None
    modified_time: object = None
    tags: list = field(default_factory=list)
    breadcrumbs: list = field(default_factory=list)  # [(name, path)] between Home and here
    json_ld: list = field(default_factory=list)


def describe(obj, request):
    """The description of `obj`, or None when it has no describer or is not public."""
    if obj is None or not getattr(obj, "is_public", True):
        return None
    for model in type(obj).__mro__:
        if model in _describers:
            return _describers[model](obj, request)
    return None


def json_ld_script(data):
    """`<script type="application/ld+json">`, with <, > and & escaped as json_script does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def local_iso(moment):
    """ISO 8601 with the site zone's offset: a piece dated 30 June (midnight in London) reads
    2020-06-30T00:00:00+01:00, not 29 June in UTC."""
    return timezone.localtime(moment).isoformat()


def local_day(moment):
    """A date, or an instant's day in the site's zone."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j F Y")


def plain(text, words=40):
    return Truncator(" ".join(strip_tags(text or "").split())).words(words)


def absolute(request, path):
    return request.build_absolute_uri(path) if path else ""


def web_url(url):
    """A stored outside address, if it may be linked (`archive.links`); else ""."""
    return public_url(url, WEB_SCHEMES)


def person_ld(person, request):
    data = {"@type": "Person", "name": person.name}
    if person.has_page:
        data["url"] = absolute(request, person.get_absolute_url())
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if web_url(person.url):
        data["sameAs"] = [person.url]
    return data


def outlet_ld(outlet):
    data = {"@type": "Organization", "name": outlet.name}
    if web_url(outlet.website):
        data["url"] = outlet.website
    return data


def breadcrumbs_ld(crumbs, request):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(request, path)}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def website_ld(request):
    return {
        "@type": "WebSite",
        "name": settings.SITE_TITLE,
        "description": settings.SITE_TAGLINE,
        "url": absolute(request, reverse("archive:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(request, reverse("archive:search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


@register(Article)
def describe_article(article, request):
    url = absolute(request, article.get_absolute_url())
    authors = article.ordered_authors
    image = next(iter(article.images.all()), None)
    data = {
        "@type": "ScholarlyArticle" if article.kind == Article.Kind.PAPER else "NewsArticle",
        "headline": Truncator(article.title).chars(110),
        "name": article.title,
        "description": plain(article.standfirst or article.introduction),
        "url": url,
        "mainEntityOfPage": url,
        # On the outlet's clock: 27 April 2020 05:00 in Singapore is 2020-04-27T05:00+08:00.
        "datePublished": article.local_published.isoformat(),
        "dateModified": local_iso(max(article.updated, article.published_at)),
        "author": [person_ld(person, request) for person in authors],
        "publisher": outlet_ld(article.outlet),
        "inLanguage": "en",
        "about": [
            {"@type": "Country", "name": c.name, "url": absolute(request, c.get_absolute_url())}
            for c in article.countries.all()
        ],
        "keywords": [t.name for t in article.themes.all()],
        "articleSection": article.get_kind_display(),
    }
    original = web_url(article.original_url)
    if original:
        data["isBasedOn" if article.full_text else "sameAs"] = original
    if image:
        data["image"] = absolute(request, image.image.url)
    return Description(
        title=article.title,
        description=plain(article.standfirst or article.introduction or article.body),
        og_type="article",
        image=data.get("image", ""),
        # The day as the outlet printed it (no clock time: a card has little room).
        card_line=f"{article.outlet.name} · "
        + (local_day(article.local_date) if article.is_timed else article.date_label),
        image_alt=image.alt_text if image else "",
        canonical=original if article.full_text else "",
        published_time=article.local_published,
        modified_time=max(article.updated, article.published_at),
        tags=data["keywords"],
        breadcrumbs=[("Writing", reverse("archive:article_list")), (article.title, "")],
        json_ld=[data],
    )


def _collection(subject, request, description, parent, about):
    url = absolute(request, subject.get_absolute_url())
    return Description(
        title=str(subject),
        description=description,
        breadcrumbs=[parent, (str(subject), "")] if parent else [(str(subject), "")],
        json_ld=[
            {
                "@type": "CollectionPage",
                "name": str(subject),
                "description": description,
                "url": url,
                "about": about,
            }
        ],
    )


@register(Country)
def describe_country(country, request):
    return _collection(
        country,
        request,
        f"Writing and appearances by {settings.SITE_TITLE} about {country.name}.",
        ("Countries", reverse("archive:country_list")),
        {"@type": "Country", "name": country.name},
    )


@register(Theme)
def describe_theme(theme, request):
    return _collection(
        theme,
        request,
        theme.description or f"Writing and appearances by {settings.SITE_TITLE} on {theme}.",
        ("Themes", reverse("archive:theme_list")),
        {"@type": "Thing", "name": theme.name},
    )


@register(Outlet)
def describe_outlet(outlet, request):
    return _collection(
        outlet,
        request,
        f"Pieces by {settings.SITE_TITLE} in {outlet.name}.",
        ("Outlets", reverse("archive:outlet_list")),
        outlet_ld(outlet),
    )


@register(Person)
def describe_person(person, request):
    description = f"Work shared by {person.name} and {settings.SITE_TITLE}."
    return Description(
        title=person.name,
        description=description,
        og_type="profile",
        breadcrumbs=[("People", reverse("archive:person_list")), (person.name, "")],
        json_ld=[
            {
                "@type": "ProfilePage",
                "url": absolute(request, person.get_absolute_url()),
                "mainEntity": person_ld(person, request),
            }
        ],
    )


def owner_ld(profile, request):
    data = person_ld(profile.person, request)
    data["url"] = absolute(request, reverse("archive:about"))
    if profile.job_title:
        data["jobTitle"] = profile.job_title
    if profile.short_bio:
        data["description"] = profile.short_bio
    if profile.affiliation_list:
        data["affiliation"] = [
            {"@type": "Organization", "name": organisation}
            for organisation, _ in profile.affiliation_list
        ]
    same_as = [*profile.same_as_list, *filter(None, [web_url(profile.person.url)])]
    if same_as:
        data["sameAs"] = same_as
    if profile.email:
        data["email"] = f"mailto:{profile.email}"
    if profile.photo:
        data["image"] = absolute(request, profile.photo.url)
    return data


@register(AuthorProfile)
def describe_profile(profile, request):
    return Description(
        title=f"About {profile.person.name}",
        description=profile.short_bio or plain(profile.biography),
        og_type="profile",
        image=absolute(request, profile.photo.url) if profile.photo else "",
        image_alt=profile.photo_alt,
        breadcrumbs=[("About", "")],
        json_ld=[
            {
                "@type": "ProfilePage",
                "url": absolute(request, reverse("archive:about")),
                "dateModified": local_iso(profile.updated),
                "mainEntity": owner_ld(profile, request),
            }
        ],
    )


def page_description(context, title, description):
    """The Description of the page being rendered, whatever it is."""
    request = context["request"]
    obj = context.get("meta_object") or context.get("object") or context.get("subject")
    described = describe(obj, request)
    if described is None:
        described = Description(title=title, description=description)
        if request.resolver_match and request.resolver_match.view_name == "archive:home":
            described.json_ld = [website_ld(request)]
        elif title != settings.SITE_TITLE:
            described.breadcrumbs = [(title, "")]
    return described


def render_page_meta(context, title, description):
    """The tags for the page's <head>: canonical, OpenGraph, Twitter card, JSON-LD."""
    request = context.get("request")
    if request is None:  # rendered outside a request (e.g. an email): nothing to say
        return ""
    # Both arrive rendered (escaped) from the page's title and description blocks.
    title, description = html.unescape(str(title)), html.unescape(str(description))
    title = title.removesuffix(f" · {settings.SITE_TITLE}").strip() or settings.SITE_TITLE
    obj = context.get("meta_object") or context.get("object") or context.get("subject")
    is_public = getattr(obj, "is_public", True) if obj is not None else True
    canonical = request.build_absolute_uri(request.path)
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:  # the page the view did show
        canonical += f"?page={page_obj.number}"
    if not is_public:  # a staff preview: say nothing a crawler or preview could keep
        return format_html('<link rel="canonical" href="{}">', canonical)
    described = page_description(context, title, " ".join(description.split()))
    canonical = described.canonical or canonical
    graph = list(described.json_ld)
    if described.breadcrumbs:
        crumbs = [("Home", reverse("archive:home")), *described.breadcrumbs]
        crumbs[-1] = (crumbs[-1][0], crumbs[-1][1] or request.path)
        graph.append(breadcrumbs_ld(crumbs, request))
    tags = [
        ("link", "canonical", canonical),
        ("property", "og:site_name", settings.SITE_TITLE),
        ("property", "og:type", described.og_type),
        ("property", "og:title", described.title),
        ("property", "og:description", described.description),
        ("property", "og:url", canonical),
        ("property", "og:locale", "en_GB"),
        ("name", "twitter:card", "summary_large_image" if described.image else "summary"),
        ("name", "twitter:title", described.title),
        ("name", "twitter:description", described.description),
    ]
    if not described.image:
        described.image = absolute(
            request,
            social_cards.card_url(described.title, described.card_line or settings.SITE_TAGLINE),
        )
        described.image_alt = f"{described.title}: {described.card_line or settings.SITE_TITLE}"
    if described.image:
        tags += [
            ("property", "og:image", described.image),
            ("property", "og:image:alt", described.image_alt),
            ("name", "twitter:image", described.image),
        ]
    if described.published_time:
        # Already on the clock it was published by (an article's zone), not the site's.
        tags.append(("property", "article:published_time", described.published_time.isoformat()))
    if described.modified_time:
        tags.append(("property", "article:modified_time", local_iso(described.modified_time)))
    tags += [("property", "article:tag", tag) for tag in described.tags]
    parts = []
    for kind, name, value in tags:
        if kind == "link":
            parts.append(format_html('<link rel="{}" href="{}">', name, value))
        else:
            parts.append(format_html('<meta {}="{}" content="{}">', kind, name, value))
    if graph:
        parts.append(json_ld_script({"@context": "https://schema.org", "@graph": graph}))
    return mark_safe("\n  ".join(parts))  # noqa: S308 - every part built with format_html
