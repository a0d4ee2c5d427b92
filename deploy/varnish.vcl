vcl 4.1;
# The front cache for the site (Varnish 7 with xkey from Debian's varnish-modules):
#   varnishd -a :80 -f /etc/varnish/varnish.vcl -s malloc,512m -p http_resp_hdr_len=16k
# TLS ends in front of it (nginx, a CDN); gunicorn listens behind it. Run the site with
# DJANGO_FRONT_CACHES=varnish:http://127.0.0.1:80 so every change purges its pages.
#
# What is cached is what Django marks `public, s-maxage=...` (anonymous public pages)
# and /static/; everything else is fetched every time. Pages are purged by surrogate key
# (`xkey` response header) with `PURGE /` and `xkey-purge: <keys>`, from the ACL only.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";  # EDIT: gunicorn
    .port = "8000";       # EDIT
    .host_header = "archive.example.org";  # EDIT: one of DJANGO_ALLOWED_HOSTS, for the probe
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # A sick backend lets pages be served stale for up to stale-if-error (below). Loose
    # enough that a busy backend (slow answers, not none) is not declared sick.
    .probe = {
        .url = "/robots.txt";
        .interval = 5s;
        .timeout = 5s;
        .window = 5;
        .threshold = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (and its sign-in steps), staff exports and the Markdown preview are
    # never cached, whoever asks.
    if (req.url ~ "^/(admin|accounts|exports|markdownx)(/|$|\?)" || req.url ~ "^/exports/") {
        return (pass);
    }
    # Signed in (a session) or a message waiting: the page is personal.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=" || req.http.Authorization) {
        return (pass);
    }
    # Every other cookie (CSRF, a visitor's analytics) is of no use to a public page.
    unset req.http.Cookie;

    # Keep only the query parameters a view reads (the site's `reads_query`
    # declarations and WordPress's old ?p= addresses; tests/archive/test_varnish.py checks
    # the list), in one order: ?utm_source=... or ?zz=1 is the stored page, not a new one.
    set req.url = regsuball(req.url, "#.*$", "");
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "([?&])(?!(?:attachment_id|cat|country|kind|outlet|p|page|page_id|q|site|sort|tag|theme|type|year)=)[^&]*", "\1");
        set req.url = regsuball(req.url, "&{2,}", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
    # While the backend is healthy a page past its s-maxage is served stale only briefly
    # (and refetched meanwhile); when it is sick, for as long as stale-if-error allows.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.url ~ "^/static/" && beresp.status == 200) {
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # stale-if-error: keep serving the page that long when the site is down.
    set beresp.grace = std.duration(
        regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 1d);
    return (deliver);
}

sub vcl_backend_error {
    # No stale copy to give (see vcl_recv's grace): a short plain page.
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    synthetic("The site is briefly unavailable. Please try again in a minute.");
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this cache and the purges, not for visitors.
    if (!req.http.X-Debug-Keys || client.ip !~ purgers) {
        unset resp.http.xkey;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
