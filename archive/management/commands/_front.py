"""`manage.py loadtest --front varnish`: the front cache measured against a static server.

In one run, on 127.0.0.1 only: nginx serving a 30 KB file (the ceiling of any server
here), the home page from Django's page cache (gunicorn), and the same page from the
shipped deploy/varnish.vcl in front of gunicorn; then the realistic mix through Varnish,
once each of its pages has been asked for (as on a site in service) and while an author
edits an article every `--edit-every` seconds, counting the requests that reached gunicorn
(varnishstat's backend_req per client_req); then the time from saving an edit to it
being served through Varnish, by a separate process that saves as the admin would and
asks Varnish at once. Throughput is measured with wrk when it is installed (`apt-get
install wrk`), else with the Python clients.
"""

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings

from archive import varnishd

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk")
STATIC_NAME = "static-30k.html"

SAVE_AND_LOOK = """
import json, time, http.client
from archive.models import Article
article = Article.objects.published().order_by("-published_at").first()
path = article.get_absolute_url()
def look():
    conn = http.client.HTTPConnection("127.0.0.1", {port}, timeout=10)
    conn.request("GET", path, headers={{"Host": "127.0.0.1"}})
    answer = conn.getresponse()
    return answer.read().decode(), answer.getheader("X-Cache")
look(); look()  # cached in Varnish
article.title = "Edited for the load test " + str(time.time_ns())
started = time.perf_counter()
article.save()  # commits, then purges
saved = time.perf_counter()
body, cache = look()
seen = time.perf_counter()
print(json.dumps({{
    "save_ms": round((saved - started) * 1000, 1),
    "save_to_visible_ms": round((seen - started) * 1000, 1),
    "fresh_on_next_request": article.title in body,
    "next_request_was": cache,
}}))
"""

# An author at work through the measured mix: an edit every `--edit-every` seconds, each
# purging its article's keys and every list page's, as a save in the admin does.
EDITOR = """
import random, sys, time
from archive.models import Article
ids = list(Article.objects.published().values_list("pk", flat=True))
deadline, edits = time.monotonic() + {seconds}, 0
while time.monotonic() < deadline:
    time.sleep({every})
    article = Article.objects.get(pk=random.choice(ids))
    article.title = article.title.split(" (edited")[0] + " (edited " + str(edits) + ")"
    article.save()
    edits += 1
print(edits)
"""


@contextmanager
def static_server(folder, port):
    """nginx on 127.0.0.1:`port` serving one 30 KB HTML file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STATIC_NAME).write_text("<!doctype html><p>" + "x" * (30 * 1024 - 18))
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    temp = "".join(
        f"{kind}_temp_path {folder / kind}; "
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user} worker_processes 2; pid {folder / 'nginx.pid'}; "
        f"error_log {folder / 'error.log'} warn; events {{ worker_connections 1024; }} "
        f"http {{ access_log off; {temp} server {{ listen 127.0.0.1:{port}; "
        f"root {folder}; }} }}"
    )
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"]
    )
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(f"nginx did not start; see {folder / 'error.log'}")
        yield f"/{STATIC_NAME}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(port, path, seconds, clients):
    """Requests/s from wrk (2 threads), or None when wrk is missing."""
    if not WRK:
        return None
    out = subprocess.run(  # noqa: S603
        [WRK, "-t2", f"-c{clients}", f"-d{seconds}s", "--latency",
         f"http://127.0.0.1:{port}{path}"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = re.search(r"50%\s+([0-9.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "tool": "wrk",
        "requests_per_second": round(rate, 1),
        "errors": int(errors.group(1)) if errors else 0,
        "median_ms": round(float(latency.group(1)) * scale[latency.group(2)], 2),
    }


def run(command, options, pages, articles, phase_class):
    """The front phases; returns their part of the report."""
    port, front_port, static_port = options["port"], options["port"] + 1, options["port"] + 2
    short, clients = options["short_seconds"], options["clients"]
    report = {}
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loadtest-")))
        static_path = stack.enter_context(static_server(folder / "nginx", static_port))
        url, workdir = stack.enter_context(
            # The memory deploy/varnish.vcl's comment gives: the corpus's pages all fit.
            varnishd.running(
                folder, "127.0.0.1", port, port=front_port, host_header="127.0.0.1",
                memory="512m",
            )
        )  # fmt: skip
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_benchmark",
            "DJANGO_FRONT_CACHES": f"varnish:{url}",
            **command.server_env,
        }

        def django_shell(script):
            return subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "shell", "-c", script],
                env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip

        def measure(name, target_port, path):
            phase_class(target_port, clients, 2, options["max_requests"]).run(lambda rng: path)
            result = wrk(target_port, path, short, clients) or phase_class(
                target_port, clients, short, options["max_requests"]
            ).run(lambda rng: path)
            report[name] = result
            command.out(
                f"{name}: {result['requests_per_second']:,} /s ({result.get('tool', 'python')})"
            )
            return result["requests_per_second"]

        static = measure("static 30 KB file (nginx)", static_port, static_path)
        django = measure("home page, Django page cache", port, "/")
        front = measure("home page, Varnish", front_port, "/")
        report["varnish_vs_static"] = round(front / static, 2)
        report["varnish_vs_django_cache"] = round(front / django, 2)

        command.out(f"Mix through Varnish, {options['seconds']} s")
        from .loadtest import mix_picker

        pick = mix_picker(pages, articles)
        # A site in service has been asked for each of these pages before: the cold misses
        # of a new cache are not what the mix measures. Then the mix itself, as the plain
        # mix warms up.
        warm = phase_class(front_port, clients, short, options["max_requests"])
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(warm.request, [*pages, *articles]))
        warm.run(pick)
        names = ("MAIN.client_req", "MAIN.backend_req", "MAIN.n_lru_nuked")
        before = varnishd.counters(workdir, *names)
        every = options["edit_every"]
        editor = every and django_shell(EDITOR.format(seconds=options["seconds"], every=every))
        mix = phase_class(front_port, clients, options["seconds"], options["max_requests"]).run(
            pick
        )
        edits = int(editor.communicate(timeout=120)[0].split()[-1]) if editor else 0
        after = varnishd.counters(workdir, *names)
        served = after["MAIN.client_req"] - before["MAIN.client_req"]
        origin = after["MAIN.backend_req"] - before["MAIN.backend_req"]
        mix["origin_requests_per_1000"] = round(1000 * origin / max(served, 1), 1)
        mix["edits"] = edits
        mix["evicted"] = after["MAIN.n_lru_nuked"] - before["MAIN.n_lru_nuked"]
        report["mix through Varnish"] = mix
        command.show(mix)
        command.out(
            f"  origin requests per 1,000: {mix['origin_requests_per_1000']} "
            f"({origin:,} of {served:,}; {edits} edits, each purging its keys and the "
            f"lists; {mix['evicted']} pages evicted for want of memory)"
        )

        looker = django_shell(SAVE_AND_LOOK.format(port=front_port))
        out = looker.communicate(timeout=120)[0]
        if looker.returncode:
            raise RuntimeError("The save-and-look process failed; see its messages above.")
        report["edit"] = json.loads(out.strip().splitlines()[-1])
        command.out(f"Save to visible through Varnish: {report['edit']}")
    return report
