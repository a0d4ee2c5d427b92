"""Old WordPress addresses answer a permanent redirect to their new home.

`RedirectMiddleware` asks the `Redirect` table only when our own pages have no
answer (a 404), or for the home page with WordPress's `?p=`, `?page_id=`,
`?attachment_id=`, `?cat=` or `?tag=`: a public page that answers costs one
status comparison. It sits above the page cache, which stores only 200s, so a
redirect is never cached as anything but a redirect, and a 404 never at all.
A redirect to an unpublished article is not followed: the normal 404 (or home
page) answers, and the draft's address is not revealed.
"""

from django.http import HttpResponsePermanentRedirect

from .models import Redirect

QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag")


def _lookup(path):
    redirect = Redirect.objects.select_related(None).filter(old_path=path[:500]).first()
    return redirect.location() if redirect else None


def _candidates(request):
    path = request.path_info
    yield path
    if not path.endswith("/"):
        yield path + "/"
    elif len(path) > 1:
        yield path.rstrip("/")


class RedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and request.path_info == "/" and request.GET:
            key = next((k for k in QUERY_KEYS if k in request.GET), None)
            if key:
                location = _lookup(f"/?{key}={request.GET[key]}")
                if location:
                    return HttpResponsePermanentRedirect(location)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        for path in _candidates(request):
            location = _lookup(path)
            if location:
                return HttpResponsePermanentRedirect(location)
        return response
