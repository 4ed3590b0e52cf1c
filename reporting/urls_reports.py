from __future__ import annotations

from django.urls import path

from .views import reports

urlpatterns: list = [
    path("", reports.report_list, name="report-list"),
    path("current/", reports.report_current, name="report-current"),
    path("<int:pk>/", reports.report_detail, name="report-detail"),
    path("<int:pk>/history/", reports.report_history, name="report-history"),
]
