"""The third-party apps' sections of the admin, named for the author: Django would show
their labels ("Axes", "Otp_Totp", "Otp_Static")."""

from axes.apps import AppConfig as AxesConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class SignInLockouts(AxesConfig):
    verbose_name = "Sign-in attempts and lockouts"


class AuthenticatorApps(TOTPConfig):
    verbose_name = "Authenticator apps"


class RecoveryCodes(StaticConfig):
    verbose_name = "Recovery codes"
