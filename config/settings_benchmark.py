"""Settings for `manage.py benchmark` and the load test's server: the production settings,
plus the fixed page every figure is compared against, and plain static files (no
collectstatic needed)."""

import os

from .settings import *  # noqa: F403
from .settings import CACHES, STORAGES

ROOT_URLCONF = "config.urls_benchmark"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {
        **CACHES["default"],
        "KEY_PREFIX": os.environ.get("BENCHMARK_CACHE_PREFIX", "benchmark"),
    }
}
# The fixed page is measured as a bare view, without the page cache's lookups.
PAGE_CACHE_SKIP = ["/benchmark/"]
