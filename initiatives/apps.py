from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "initiatives"
    verbose_name = _("The plan")  # the admin's heading for the app

    def ready(self) -> None:
        # The processes' copies of the catalogue follow its edits (initiatives/rules.py).
        from initiatives import rules

        post_save.connect(rules.model_saved, dispatch_uid="catalogue-saved")
        post_delete.connect(rules.model_saved, dispatch_uid="catalogue-deleted")
        post_migrate.connect(
            rules.catalogue_changed, sender=self, dispatch_uid="catalogue-migrated"
        )
