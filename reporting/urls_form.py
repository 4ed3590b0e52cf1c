from __future__ import annotations

from django.urls import path

from .views import form

urlpatterns = [
    path("<int:pk>/form/", form.report_form, name="report-form"),
    path(
        "<int:pk>/sections/<str:action_code>/autosave/",
        form.section_autosave,
        name="section-autosave",
    ),
    path("keepalive/", form.keepalive, name="keepalive"),
]
