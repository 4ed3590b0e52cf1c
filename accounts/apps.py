from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")  # the admin's heading for the app

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import activity_at_login

        user_logged_in.connect(activity_at_login, dispatch_uid="activity_at_login")
