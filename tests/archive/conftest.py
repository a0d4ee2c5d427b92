"""Fixtures for the archive's tests: a staff member allowed to edit articles (and one who
is not), the shipped nginx configuration running in front of the live server, and a
redis-server of the test's own for the site's cache."""

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# What the shipped file says, and what the test puts in its place: each must be there,
# so the test cannot drift away from the file it claims to run.
SHIPPED = {
    "listen 80;\n    listen [::]:80;": "listen 127.0.0.1:{http_port};",
    "listen 443 ssl http2;\n    listen [::]:443 ssl http2;": (
        "listen 127.0.0.1:{https_port} ssl http2;"
    ),
    "/etc/letsencrypt/live/archive.example.org/fullchain.pem": "{cert}",
    "/etc/letsencrypt/live/archive.example.org/privkey.pem": "{key}",
    "alias /srv/archive/media/;": "alias {media}/;",
    "server 127.0.0.1:8000;": "server {upstream};",
}


@pytest.fixture
def editor(django_user_model):
    """Staff who may change articles: what uploading asks for."""
    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    """Staff with no permissions at all."""
    user = django_user_model.objects.create_user(
        username="intern", password="a-long-test-password", is_staff=True
    )
    client.force_login(user)
    return client


def _free_port():
    from archive.varnishd import free_port  # below the outgoing connections' ports

    return free_port()


@pytest.fixture(scope="session")
def _certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    openssl = shutil.which("openssl") or "/usr/bin/openssl"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(site, folder):
    """The whole nginx.conf for a test run: a minimal main part around the shipped file."""
    user = pwd.getpwuid(os.getuid()).pw_name
    # As root, nginx's workers would run as nobody, who cannot read pytest's folders.
    user_line = f"user {user};" if os.getuid() == 0 else ""
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in kinds)
    return f"""{user_line}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
{site}
}}
"""


@pytest.fixture
def nginx(live_server, settings, tmp_path, _certificate):
    """deploy/nginx.conf, with only its EDIT values replaced, serving settings.MEDIA_ROOT
    and proxying to the live server. Yields (https base URL, http base URL)."""
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "nginx not found: CI must run the front proxy tests (apt-get install nginx)."
            )
        pytest.skip("nginx is not installed (apt-get install nginx)")
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    folder = tmp_path / "nginx"
    folder.mkdir()
    ports = {"http_port": _free_port(), "https_port": _free_port()}
    values = {
        **ports,
        "cert": _certificate[0],
        "key": _certificate[1],
        "media": media,
        "upstream": live_server.url.removeprefix("http://"),
    }
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for shipped, test_value in SHIPPED.items():
        assert shipped in site, f"deploy/nginx.conf no longer says {shipped!r}"
        site = site.replace(shipped, test_value.format(**values))
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(site, folder))
    process = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", ports["https_port"]), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stdout.read().decode()}")
                time.sleep(0.05)
        # "localhost": the host name the live server allows.
        yield (
            f"https://localhost:{ports['https_port']}",
            f"http://localhost:{ports['http_port']}",
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


class Redis:
    """A redis-server on a port of its own, which a test can stop and start."""

    def __init__(self, tmp_path):
        self.port, self.dir, self.process = _free_port(), tmp_path, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis(settings, tmp_path):
    """The site's cache on a redis-server of the test's own (`.stop()`, `.start()`)."""
    from archive import cache as page_cache
    from archive import cache_backend

    if not shutil.which("redis-server"):
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is needed in CI")
        pytest.skip("redis-server is not installed")
    server = Redis(tmp_path)
    server.start()
    settings.PAGE_CACHE_SECONDS = 3600
    settings.CACHES = {
        "default": {
            "BACKEND": "archive.cache_backend.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    cache_backend._paused_until.clear()
    yield server
    # Back to the tests' own cache before the server goes, which the next fixture clears.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if server.process.poll() is None:
        server.stop()
    cache_backend._paused_until.clear()
    page_cache._missed_bump.clear()  # owed to the server just gone, not to the next test
