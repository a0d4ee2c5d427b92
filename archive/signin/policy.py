"""Who must prove a second factor before their session counts as signed in.

Anyone who has set up two-factor sign-in proves it at every sign-in; a superuser
must set it up first when REQUIRE_2FA_FOR_SUPERUSERS is on. Other staff may sign in
with a password alone.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django_otp import device_classes

VERIFY = "verify"
SET_UP = "set_up"


def has_second_factor(user):
    """Whether the user has a confirmed device of any kind: one query, asked once per request
    (django-otp's own `user_has_device` asks each kind of device in turn)."""
    if not hasattr(user, "_has_second_factor"):
        confirmed = [
            Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True))
            for model in device_classes()
        ]
        user._has_second_factor = (
            get_user_model()
            ._default_manager.filter(pk=user.pk)
            .filter(reduce(or_, confirmed))
            .exists()
        )
    return user._has_second_factor


def must_set_up(user):
    return (
        user.is_superuser and settings.REQUIRE_2FA_FOR_SUPERUSERS and not has_second_factor(user)
    )


def is_verified(user):
    """True once django-otp's middleware has seen this session pass a second factor."""
    return bool(getattr(user, "is_verified", lambda: False)())


def next_step(user):
    """What a signed-in user still has to do before the session counts: VERIFY (enter a
    code), SET_UP (set up two-factor first), or None (nothing)."""
    if not user.is_authenticated or is_verified(user):
        return None
    if has_second_factor(user):
        return VERIFY
    if must_set_up(user):
        return SET_UP
    return None
