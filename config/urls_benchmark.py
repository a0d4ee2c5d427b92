"""The site's addresses plus the benchmark's fixed page (only under settings_benchmark)."""

from django.urls import path

from archive.benchmark import fixed_page

from .urls import handler404
from .urls import urlpatterns as site_urlpatterns

urlpatterns = [path("benchmark/fixed/", fixed_page, name="benchmark_fixed"), *site_urlpatterns]
__all__ = ["handler404", "urlpatterns"]
