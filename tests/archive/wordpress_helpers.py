"""Helpers for the WordPress import tests: the fixture export, row counts of every table,
and a local HTTP server that records every request it gets."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.apps import apps

FILES = Path(__file__).resolve().parent / "wordpress_files"
BLOG = FILES / "blog.xml"


def every_table_count():
    """Rows in every table of every installed model (the import must add none on error)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


class RecordingServer:
    """A server on 127.0.0.1 that answers every GET with `body` and counts the requests."""

    def __init__(self, body=b"", content_type="text/plain", routes=None):
        self.hits = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                owner.hits.append(self.path)
                status, kind, data = (routes or {}).get(self.path, (200, content_type, body))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def channel(items="", version="1.2"):
    """A minimal export around `items`."""
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
<title>Test blog</title><link>https://blog.example</link>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>https://blog.example</wp:base_site_url>
<wp:base_blog_url>https://blog.example</wp:base_blog_url>
{items}
</channel>
</rss>
"""


def item(
    post_id, title="A post", content="Text.", status="publish", slug=None, guid=None,
    post_type="post", date="2020-07-26 07:30:00", gmt="2020-07-26 06:30:00", extra="",
):  # fmt: skip
    slug = slug if slug is not None else f"post-{post_id}"
    guid = guid or f"https://blog.example/?p={post_id}"
    return f"""<item><title>{title}</title>
<link>https://blog.example/2020/07/26/{slug}/</link>
<dc:creator><![CDATA[admin]]></dc:creator>
<guid isPermaLink="false">{guid}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date><![CDATA[{date}]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[{status}]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
{extra}
</item>"""
