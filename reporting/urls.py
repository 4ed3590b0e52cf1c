from __future__ import annotations

from django.urls import include, path

from .dashboards import boundary, china, completeness
from .views import (
    evidence,
    form,
    periods,
    queue,
    reports,
    runs,
    signoff,
    workflow,
)

app_name = "reporting"

report_urls = [
    path("", reports.report_list, name="report-list"),
    path("current/", reports.report_current, name="report-current"),
    path("<int:pk>/", reports.report_detail, name="report-detail"),
    path("<int:pk>/history/", reports.report_history, name="report-history"),
    path("<int:pk>/print/", signoff.report_print, name="report-print"),
]

form_urls = [
    path("<int:pk>/form/", form.report_form, name="report-form"),
    path(
        "<int:pk>/sections/<str:action_code>/autosave/",
        form.section_autosave,
        name="section-autosave",
    ),
    path("keepalive/", form.keepalive, name="keepalive"),
]

period_urls = [
    path("periods/", periods.period_list, name="period-list"),
    path("periods/new/", periods.period_new, name="period-create"),
    path("periods/<int:pk>/", periods.period_detail, name="period-detail"),
]

run_urls = [
    path("runs/", runs.report_run_list, name="report-run-list"),
    path("runs/new/", runs.report_run_new, name="report-run-new"),
    path(
        "runs/<int:pk>/<str:fmt>/",
        runs.report_run_download,
        name="report-run-download",
    ),
]

workflow_urls = [
    path(
        "<int:pk>/transition/<str:action>/",
        workflow.report_transition,
        name="report-transition",
    ),
    path("queue/", queue.report_queue, name="report-queue"),
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

evidence_urls = [
    path(
        "<int:pk>/evidence/upload/",
        evidence.evidence_upload_view,
        name="evidence-upload",
    ),
    path(
        "<int:pk>/evidence/signoff/",
        evidence.evidence_signoff_upload,
        name="evidence-signoff-upload",
    ),
    path(
        "evidence/<int:pk>/download/",
        evidence.evidence_download,
        name="evidence-download",
    ),
    path(
        "evidence/<int:pk>/preview/",
        evidence.evidence_preview,
        name="evidence-preview",
    ),
    path(
        "evidence/<int:pk>/remove/",
        evidence.evidence_remove_view,
        name="evidence-remove",
    ),
]

dashboard_urls = [
    path(
        "completeness/",
        completeness.completeness_page,
        name="dashboard-completeness",
    ),
    path(
        "completeness/<slug:table>.<slug:fmt>",
        completeness.completeness_download,
        name="dashboard-completeness-download",
    ),
    path("map/", china.map_page, name="dashboard-map"),
    path("map/provinces.<slug:fmt>", china.map_download, name="dashboard-map-download"),
    path("map/boundary.json", boundary.map_file, name="dashboard-map-file"),
]

# Mounted at the root (carbonplan/urls.py): the reports under /reports/, the
# dashboards under /dashboard/, all named in this app's namespace.
urlpatterns = [
    path(
        "reports/",
        include(
            [
                *report_urls,
                *form_urls,
                *period_urls,
                *run_urls,
                *workflow_urls,
                *evidence_urls,
            ]
        ),
    ),
    path("dashboard/", include(dashboard_urls)),
]
