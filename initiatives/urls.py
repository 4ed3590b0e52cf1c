from __future__ import annotations

from django.urls import path, register_converter

from . import views


class IndicatorCodeConverter:
    """An indicator's code as Indicator.code can hold it (at most 12 characters, no
    control character), so a NUL byte or a long text is a 404 before any query:
    PostgreSQL refuses a NUL in a query, which answered 500."""

    regex = r"[^/\x00-\x1f\x7f]{1,12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IndicatorCodeConverter, "indicator_code")

app_name = "initiatives"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path(
        "plan/indicators/<indicator_code:code>/",
        views.indicator_detail,
        name="indicator-detail",
    ),
    path("targets/", views.target_list, name="target-list"),
    path(
        "targets/<indicator_code:code>/",
        views.target_indicator,
        name="target-indicator",
    ),
    path(
        "targets/university/<int:pk>/",
        views.university_targets,
        name="university-targets",
    ),
    path(
        "targets/university/<int:pk>/<indicator_code:code>/",
        views.university_target_indicator,
        name="university-target-indicator",
    ),
]
