"""`manage.py loadtest --front varnish`, run briefly at the small scale: it builds its own
database, puts the shipped VCL in front of gunicorn, edits while it measures, and reports
an edit as visible through Varnish on the very next request.

Its figures belong in its own report (README, "The load test"), never in an assertion."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from archive import varnishd
from archive.management.commands._front import NGINX

pytestmark = pytest.mark.varnish


def test_front_loadtest_reports_an_edit_fresh_on_the_next_request(tmp_path):
    missing = [
        name
        for name, found in (("varnishd", varnishd.installed()), ("nginx", Path(NGINX).exists()))
        if not found
    ]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} not found: CI must run the front load test.")
        pytest.skip(f"needs {', '.join(missing)}")
    out = tmp_path / "loadtest.json"
    port = varnishd.free_port(3)  # gunicorn's, Varnish's and nginx's
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "loadtest", "--front", "varnish", "--scale", "small",
         "--redis-url", "redis://127.0.0.1:6379/7", "--seconds", "4", "--short-seconds", "1",
         "--clients", "4", "--edit-every", "1", "--port", str(port), "--json", str(out)],
        cwd=settings.BASE_DIR, env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    front = json.loads(out.read_text())["front"]
    assert front["edit"]["fresh_on_next_request"] is True
    assert front["edit"]["next_request_was"] == "miss"
    mix = front["mix through Varnish"]
    assert mix["errors"] == 0 and mix["requests"] > 0
    assert mix["edits"] >= 2  # the author kept editing while visitors read
    assert 0 <= mix["origin_requests_per_1000"] <= 1000
    assert front["varnish_vs_static"] > 0
