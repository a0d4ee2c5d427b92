"""Sign-in: the lockout after failed attempts (django-axes) and two-factor sign-in for staff
(django-otp), with the pages that go with them."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import lockout

        user_logged_in.connect(lockout.clear_after_password_sign_in)
