"""The lockout holds across server processes sharing one database and one Redis cache, as
production runs: failures sent to two gunicorn processes in turn add up to one lockout.

Needs Redis on 127.0.0.1:6379 (skipped without it, except under CI=true)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = "redis://127.0.0.1:6379/11"


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    if not redis_is_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is needed in CI for the multi-process lockout test")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SECRET_KEY": "s" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_PLAIN_STATIC": "1",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = [sys.executable, "manage.py"]
    root = settings.BASE_DIR
    for args in (
        ["migrate", "-v0"],
        ["shell", "-c", "from django.contrib.auth.models import User; "
         "User.objects.create_user('editor', password='right-password', is_staff=True)"],
    ):  # fmt: skip
        subprocess.run([*manage, *args], cwd=root, env=env, check=True, timeout=180)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own server
            [gunicorn, "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        for port in ports:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def test_failures_on_two_processes_add_up_to_one_lockout(two_servers):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = "/admin/login/"
    form = opener.open(two_servers[0] + login, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    def attempt(server, password):
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "editor", "password": password}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - our own http:// server
            server + login, data=body, headers={"Referer": server + login}
        )
        try:
            return opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code

    answers = [attempt(two_servers[i % 2], "wrong") for i in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [200, 200, 200, 200, 429]
    assert attempt(two_servers[0], "right-password") == 429
    assert attempt(two_servers[1], "right-password") == 429
