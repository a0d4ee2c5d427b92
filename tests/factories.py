"""factory_boy factories for the archive's models; other apps add theirs beside these."""

from datetime import timedelta

import factory
from django.utils import timezone

from archive.models import Article, ArticleAuthor, Country, Outlet, Person, Status, Theme


def country(code):
    """A country by code. A data migration creates every ISO country, but transactional
    (browser) tests flush the database between tests, so create it again if needed."""
    return Country.objects.get_or_create(code=code.upper())[0]


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = Outlet.Kind.NEWSPAPER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "A standfirst."
    outlet = factory.SubFactory(OutletFactory)
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    body = "Some *Markdown* body."
    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
        )

    @factory.post_generation
    def countries(self, create, codes, **kwargs):
        if create and codes:
            self.countries.set([country(code) for code in codes])

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        if create and themes:
            self.themes.set(themes)

    @factory.post_generation
    def authors(self, create, people, **kwargs):
        if create and people:
            for order, person in enumerate(people):
                ArticleAuthor.objects.create(article=self, person=person, order=order)
