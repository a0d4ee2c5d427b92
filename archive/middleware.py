"""Which HTTP methods public addresses answer.

Public pages, feeds, calendars, sitemaps and exports are read, never written: they answer
GET and HEAD, and OPTIONS with the list; anything else (TRACE, POST, PUT, DELETE...) is a
405 naming what is allowed, before CSRF or the view runs. A middleware rather than each
view's `http_method_names`, because function views and `Feed` instances have none and
answered every method (TRACE on a feed was a 200): a new view is safe without a word.

Two kinds of view decide for themselves: the admin's and the staff sign-in steps' under
it (`STAFF_NAMESPACES`: their forms and actions POST), and class-based views, whose
`dispatch()` already answers 405 for a method they have no handler for. A public view
that takes a form is therefore written as a class.
"""

from django.http import HttpResponse, HttpResponseNotAllowed

READ_METHODS = ("GET", "HEAD", "OPTIONS")
STAFF_NAMESPACES = {"admin", "accounts"}  # accounts: the two-factor steps (archive/signin)


class ReadOnlyMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        staff = match and STAFF_NAMESPACES.intersection(match.namespaces)
        if hasattr(view_func, "view_class") or staff:
            return None
        if request.method == "OPTIONS":
            response = HttpResponse(headers={"Allow": ", ".join(READ_METHODS)})
            response["Content-Length"] = "0"
            return response
        return HttpResponseNotAllowed(READ_METHODS)
