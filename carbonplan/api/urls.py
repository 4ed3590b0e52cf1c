"""/api/: the resources under /api/v1/ through one router; the OpenAPI schema at
/api/schema/ and its docs at /api/docs/ (Swagger UI) and /api/redoc/, from the
sidecar's static files (no CDN); any other path under /api/ is the API's 404."""

from __future__ import annotations

from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from accounts.api.views import ApiTokenViewSet
from carbonplan.api.schema import TITLE
from initiatives.api import views as plan
from institutions.api import views as institutions
from reporting.api import more as reporting_more
from reporting.api import runs as reporting_runs
from reporting.api import views as reporting
from reporting.api.export import ValueExportView
from reporting.api.writes import ReportValuesWrite

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("provinces", institutions.ProvinceViewSet, basename="province")
router.register("authorities", institutions.AuthorityViewSet, basename="authority")
router.register("universities", institutions.UniversityViewSet, basename="university")
router.register("horizons", plan.HorizonViewSet, basename="horizon")
router.register("actions", plan.ActionViewSet, basename="action")
router.register("tasks", plan.TaskViewSet, basename="task")
router.register(
    "technology-fields", plan.TechnologyFieldViewSet, basename="technology-field"
)
router.register("indicators", plan.IndicatorViewSet, basename="indicator")
router.register("targets", plan.TargetViewSet, basename="target")
router.register("periods", reporting.PeriodViewSet, basename="period")
router.register("reports", reporting.ReportViewSet, basename="report")
router.register("sections", reporting.SectionViewSet, basename="section")
router.register("values", reporting.ValueViewSet, basename="value")
router.register("transitions", reporting.TransitionViewSet, basename="transition")
router.register("narratives", reporting_more.NarrativeViewSet, basename="narrative")
router.register(
    "field-comments", reporting_more.FieldCommentViewSet, basename="field-comment"
)
router.register("evidence", reporting_more.EvidenceViewSet, basename="evidence")
router.register(
    "accepted-values", reporting_more.AcceptedValueViewSet, basename="accepted-value"
)
router.register("report-runs", reporting_runs.ReportRunViewSet, basename="report-run")
router.register("notifications", reporting.NotificationViewSet, basename="notification")
router.register("tokens", ApiTokenViewSet, basename="token")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
def not_found(request, rest: str = ""):
    """Any other path under /api/: the API's 404 in its JSON shape, not a page."""
    raise exceptions.NotFound(_("No such API resource."))


app_name = "api"
urlpatterns = [
    path(
        "v1/reports/<int:pk>/values/",
        ReportValuesWrite.as_view(),
        name="report-values",
    ),
    # Before the router, whose values/<pk>/ would take "export" for a pk.
    path("v1/values/export/", ValueExportView.as_view(), name="value-export"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", title=TITLE),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", title=TITLE),
        name="redoc",
    ),
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
