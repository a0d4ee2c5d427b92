"""The sign-in pages around the admin's login form: the second step (a code), setting up
two-factor sign-in, recovery codes, and the lockout page django-axes answers with."""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout, user_login_failed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import devices
from .forms import AppCodeForm, CodeForm
from .lockout import clear_failures
from .policy import SET_UP, VERIFY, has_second_factor, is_verified, next_step

SHOWN_CODES_KEY = "accounts:recovery-codes"
FEW_CODES_LEFT = 3


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else reverse("admin:index")


def admin_page(request, template, context, status=200):
    """An admin-styled page; its navigation is hidden until the sign-in is complete."""
    context = {**admin.site.each_context(request), **context, "next": next_url(request)}
    if next_step(request.user) is not None:
        context.update(has_permission=False, is_nav_sidebar_enabled=False)
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the site's own page, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "accounts/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    add_never_cache_headers(response)
    return response


def _signed_in(request, device):
    """The second factor is proven: mark the session, renew its key, forget failures."""
    django_otp.login(request, device)
    request.session.cycle_key()
    clear_failures(request, request.user)


@never_cache
def verify(request):
    """Step two of signing in, for an account with two-factor sign-in."""
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('admin:login')}?next={next_url(request)}")
    if next_step(user) != VERIFY:
        return redirect(next_url(request))
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return locked_out(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = devices.device_for_code(user, code)
            allowed = device is not None and device.verify_is_allowed()[0]
            if allowed and device.verify_token(code):
                _signed_in(request, device)
                left = devices.recovery_codes_left(user)
                if not code.isdigit() and left <= FEW_CODES_LEFT:
                    messages.warning(
                        request,
                        f"You have {left} recovery codes left. Make new ones from "
                        "“Two-factor sign-in” at the top of the page.",
                    )
                return redirect(next_url(request))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return locked_out(request)
            if device is not None and not allowed:
                form.add_error(
                    "code", "Too many wrong codes in a row: wait a few seconds, then try again."
                )
            else:
                form.add_error(
                    "code",
                    "That code is not right. Type the six digits your app shows now, "
                    "or one of your recovery codes.",
                )
    return admin_page(
        request, "accounts/verify.html", {"form": form, "title": "Two-factor sign-in"}
    )


@staff_member_required
@never_cache
def manage(request):
    """What the signed-in staff member has set up, and what they can change."""
    user = request.user
    return admin_page(
        request,
        "accounts/manage.html",
        {
            "title": "Two-factor sign-in",
            "app": devices.app_device(user),
            "codes_left": devices.recovery_codes_left(user),
            "required": user.is_superuser and settings.REQUIRE_2FA_FOR_SUPERUSERS,
        },
    )


@staff_member_required
@never_cache
def set_up(request):
    """Add an authenticator app: scan the QR code (or type the secret), confirm a code."""
    user = request.user
    if has_second_factor(user) and devices.app_device(user):
        return redirect("accounts:manage")
    device = devices.pending_app_device(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[SHOWN_CODES_KEY] = devices.new_recovery_codes(user)
            _signed_in(request, device)
            return redirect(f"{reverse('accounts:recovery_codes')}?next={next_url(request)}")
        form.add_error(
            "code",
            "That code is not right. Check that the phone's clock is set automatically, "
            "then type the code the app shows now.",
        )
    return admin_page(
        request,
        "accounts/set_up.html",
        {
            "title": "Set up two-factor sign-in",
            "form": form,
            "qr_code": devices.qr_data_uri(device),
            "secret": devices.secret_text(device),
            "required": next_step(user) == SET_UP,
        },
    )


@staff_member_required
@never_cache
def recovery_codes(request):
    """Recovery codes are shown once, right after they are made; POST makes a new set."""
    if request.method == "POST":
        if not is_verified(request.user):
            return redirect("accounts:manage")
        request.session[SHOWN_CODES_KEY] = devices.new_recovery_codes(request.user)
        return redirect("accounts:recovery_codes")
    return admin_page(
        request,
        "accounts/recovery_codes.html",
        {
            "title": "Recovery codes",
            "codes": request.session.pop(SHOWN_CODES_KEY, None),
            "codes_left": devices.recovery_codes_left(request.user),
            "verified": is_verified(request.user),
        },
    )


@staff_member_required
@require_POST
def turn_off(request):
    user = request.user
    if not is_verified(user):
        return redirect("accounts:manage")
    if user.is_superuser and settings.REQUIRE_2FA_FOR_SUPERUSERS:
        messages.error(request, "Superusers must keep two-factor sign-in on.")
        return redirect("accounts:manage")
    devices.turn_off(user)
    messages.success(request, "Two-factor sign-in is off: you now sign in with your password.")
    return redirect("accounts:manage")
