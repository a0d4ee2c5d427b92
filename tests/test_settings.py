"""Settings come from the environment and fail loudly where production would be unsafe."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_debug_off_refuses_to_start():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_deployment_checks_pass_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a" * 20 + "production-like-secret-for-the-check-0123456789",
        DJANGO_ALLOWED_HOSTS="example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",  # production shares one cache across processes
        SECURITY_CONTACT="security@example.net",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_tls_proxy_deployments_can_switch_the_redirect_off():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_malformed_boolean_is_a_clear_error():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert "DJANGO_DEBUG must be 1/0" in result.stderr


def _storage(**env):
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__module__, type(s).__name__, getattr(s, 'bucket_name', ''),"
        " getattr(s, 'custom_domain', ''), getattr(s, 'querystring_auth', ''))"
    )
    result = manage("shell", "--no-imports", "-c", code, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_uploads_stay_on_disk_unless_a_bucket_is_named():
    assert _storage()[1] == "FileSystemStorage"


def test_a_named_bucket_puts_uploads_on_s3_compatible_storage():
    found = _storage(
        DJANGO_MEDIA_BUCKET="archive-media",
        DJANGO_MEDIA_ENDPOINT_URL="http://127.0.0.1:9000",
        DJANGO_MEDIA_DOMAIN="media.example.org",
    )
    assert found == [
        "storages.backends.s3",
        "S3Storage",
        "archive-media",
        "media.example.org",
        "False",
    ]


def test_replica_addresses_add_databases_and_the_router():
    code = (
        "from django.conf import settings as s;"
        "print(s.REPLICA_DATABASES, s.DATABASE_ROUTERS, s.DATABASES['replica2']['NAME'])"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_DEBUG="1",
        DATABASE_URL="postgres://archive@db1/archive",
        DATABASE_REPLICA_URLS="postgres://archive@db2/archive,postgres://archive@db3/copy",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "['replica1', 'replica2'] ['archive.db_router.ReplicaRouter'] copy" in result.stdout
