"""factory_boy factories for appearances and their participants."""

from datetime import date, time

import factory

from appearances.models import Appearance, Participation, Role
from archive.models import Status
from tests.factories import OutletFactory, PersonFactory, country


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Appearance number {n}")
    slug = factory.Sequence(lambda n: f"appearance-{n}")
    kind = Appearance.Kind.WEBINAR
    outlet = factory.SubFactory(OutletFactory)
    start_date = date(2020, 4, 29)
    start_time = time(18, 0)
    timezone = "Asia/Kolkata"
    date_precision = Appearance.Precision.TIME
    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        month_only = factory.Trait(date_precision=Appearance.Precision.MONTH, start_time=None)
        day_only = factory.Trait(date_precision=Appearance.Precision.DAY, start_time=None)

    @factory.post_generation
    def countries(self, create, codes, **kwargs):
        if create and codes:
            self.countries.set([country(code) for code in codes])

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        if create and themes:
            self.themes.set(themes)

    @factory.post_generation
    def people(self, create, people, **kwargs):
        """people=[(person, role), ...] in billing order."""
        if create and people:
            for order, (person, role) in enumerate(people):
                Participation.objects.create(
                    appearance=self, person=person, role=role, order=order
                )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    appearance = factory.SubFactory(AppearanceFactory)
    person = factory.SubFactory(PersonFactory)
    role = Role.PANELLIST
