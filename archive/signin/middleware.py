"""Half a sign-in is no sign-in.

A password alone, for an account that needs a second factor, leaves the session
authenticated as far as Django knows. Everywhere but the second step's own pages
it is treated as signed out: the admin (and its login page) send it on to that
step, and every other page sees an anonymous visitor, so no staff preview, export
or upload is reachable before the code is given.
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .policy import SET_UP, VERIFY, next_step

STEP_VIEWS = {VERIFY: "accounts:verify", SET_UP: "accounts:set_up"}


def step_url(step, next_url):
    url = reverse(STEP_VIEWS[step])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = next_step(request.user)
        if step is None:
            return self.get_response(request)
        path = request.path
        if path in (reverse(STEP_VIEWS[step]), reverse("admin:logout")):
            return self.get_response(request)
        if path == reverse("admin:login"):
            return redirect(step_url(step, request.GET.get("next", "")))
        if path.startswith(reverse("admin:index")):
            return redirect(step_url(step, request.get_full_path()))
        anonymous = AnonymousUser()
        request.user = anonymous

        async def auser():
            return anonymous

        request.auser = auser
        return self.get_response(request)
