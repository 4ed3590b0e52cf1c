from __future__ import annotations

from django.urls import path

from .views import queue, signoff

urlpatterns = [
    path("queue/", queue.report_queue, name="report-queue"),
    path("<int:pk>/print/", signoff.report_print, name="report-print"),
]
