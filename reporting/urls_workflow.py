from __future__ import annotations

from django.urls import path

from .views import workflow

urlpatterns = [
    path(
        "<int:pk>/transition/<str:action>/",
        workflow.report_transition,
        name="report-transition",
    ),
    path("notifications/", workflow.notification_list, name="notification-list"),
    path(
        "notifications/<int:pk>/open/",
        workflow.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/read-all/",
        workflow.notification_read_all,
        name="notification-read-all",
    ),
]
