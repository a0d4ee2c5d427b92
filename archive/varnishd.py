"""Runs the shipped deploy/varnish.vcl with a real varnishd on a loopback port, for the
tests and `manage.py loadtest --front varnish`: only the backend lines marked EDIT change."""

import contextlib
import json
import random
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


def _outgoing_ports_start():
    """The first port the kernel hands to outgoing connections (Linux; else the IANA
    dynamic range's start)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 49152


def free_port(count=1):
    """A loopback port free now, with the `count - 1` after it, for a server started next.
    Chosen below the range outgoing connections take their ports from: a load test opens
    tens of thousands of connections, and any of them could take a port from that range
    between this check and the server's start ("Address already in use")."""
    top = _outgoing_ports_start() - count
    for _ in range(200):
        port = random.randrange(10_000, top) if top > 10_000 else 0  # noqa: S311 - not secret
        try:
            with contextlib.ExitStack() as stack:
                for offset in range(count if port else 1):
                    sock = stack.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port + offset))
                    port = port or sock.getsockname()[1]
        except OSError:
            continue
        return port
    raise RuntimeError(f"no {count} free loopback ports in a row")


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
