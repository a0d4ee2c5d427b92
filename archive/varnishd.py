"""Runs the shipped deploy/varnish.vcl with a real varnishd on a loopback port, for the
tests and `manage.py loadtest --front varnish`: only the backend lines marked EDIT change."""

import contextlib
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"
SHIPPED_BACKEND = (
    '.host = "127.0.0.1";  # EDIT: gunicorn',
    '.port = "8000";       # EDIT',
    '.host_header = "archive.example.org";  # EDIT: one of DJANGO_ALLOWED_HOSTS, for the probe',
)


def installed():
    return Path(VARNISHD).exists()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def vcl_for(backend_host, backend_port, host_header="localhost"):
    text = (settings.BASE_DIR / "deploy" / "varnish.vcl").read_text()
    for line in SHIPPED_BACKEND:
        if line not in text:
            raise RuntimeError(f"deploy/varnish.vcl no longer says {line!r}")
    text = text.replace(SHIPPED_BACKEND[0], f'.host = "{backend_host}";')
    text = text.replace(SHIPPED_BACKEND[1], f'.port = "{backend_port}";')
    return text.replace(SHIPPED_BACKEND[2], f'.host_header = "{host_header}";')


@contextlib.contextmanager
def running(folder, backend_host, backend_port, port=None, memory="64m", host_header="localhost"):
    """varnishd in the foreground on 127.0.0.1:`port`; yields (base URL, working folder)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vcl = folder / "site.vcl"
    vcl.write_text(vcl_for(backend_host, backend_port, host_header))
    port = port or free_port()
    workdir = folder / "varnish"
    # -j none: run as the invoking user, who owns the (private) test folders.
    command = [
        VARNISHD, "-F", "-j", "none", "-n", str(workdir), "-a", f"127.0.0.1:{port}",
        "-T", "none", "-f", str(vcl), "-s", f"malloc,{memory}",
        "-p", "http_resp_hdr_len=16k", "-p", "thread_pool_min=50",
    ]  # fmt: skip
    log = (folder / "varnishd.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "varnishd did not start: " + (folder / "varnishd.log").read_text()
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", workdir
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def counters(workdir, *names):
    """varnishstat's counters (e.g. MAIN.backend_req), as a dict."""
    out = subprocess.run(  # noqa: S603
        [VARNISHSTAT, "-n", str(workdir), "-1", "-j", *(a for n in names for a in ("-f", n))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    found = data.get("counters", data)
    return {name: found[name]["value"] for name in names if name in found}
