"""Settings for `manage.py benchmark` and the load test's server: the production settings,
plus the fixed page every figure is compared against, and plain static files (no
collectstatic needed)."""

from .settings import *  # noqa: F403
from .settings import STORAGES

ROOT_URLCONF = "config.urls_benchmark"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
