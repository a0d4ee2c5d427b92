"""The second step of signing in and its settings, under /admin/two-factor/."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("verify/", views.verify, name="verify"),
    path("set-up/", views.set_up, name="set_up"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("turn-off/", views.turn_off, name="turn_off"),
]
