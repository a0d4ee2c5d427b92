"""The appearances app: television, radio, podcast and webinar appearances."""

from django.apps import AppConfig


class AppearancesConfig(AppConfig):
    name = "appearances"
    verbose_name = "Appearances"
