from __future__ import annotations

from django.urls import path

from .views import evidence

urlpatterns = [
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
