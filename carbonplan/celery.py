"""The Celery app: settings from Django's (CELERY_ prefix), tasks from each app."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")

app = Celery("carbonplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
