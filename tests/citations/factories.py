"""factory_boy factories for notes and sources."""

import factory

from citations.models import Citation, Footnote, Source
from tests.factories import ArticleFactory


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report number {n}")
    publisher = "example.org"


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"A note, number {n}.")

    @factory.post_generation
    def sources(self, create, sources, **kwargs):
        if create and sources:
            for i, source in enumerate(sources):
                Citation.objects.create(footnote=self, source=source, order=i)
