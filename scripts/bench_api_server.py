"""The portal with one more route for `make bench` (scripts/bench_api.py): a plain
Django view that answers the rows of the values list's page with `values()` and a
JsonResponse, the yardstick the API's list is measured against, in process and
under gunicorn (`gunicorn scripts.bench_api_server:application`). Never served by
the portal itself."""

from __future__ import annotations

import os

from django.db.models import F
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import include, path

PLAIN_URL = "/bench/plain-values/"
SERVING = bool(os.environ.get("BENCH_API_WSGI"))  # under gunicorn

if SERVING:  # Django is set up before the portal's URLs are included below
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()


def plain_values(request):
    """The same rows and columns as `/api/v1/values/?page_size=N[&period=Y]`'s
    first page, in the same scope, with no serializer, filter set or paginator."""
    from reporting.filters import DataYearFilter
    from reporting.models import Value

    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    rows = Value.objects.visible_to(request.user)
    if year := request.GET.get("period"):  # the same SQL as the API's filter
        rows = DataYearFilter(field_name="report__period__year").filter(rows, int(year))
    size = int(request.GET.get("page_size", 100))
    rows = rows.order_by("pk").values(
        "id",
        "report",
        "status",
        "raw",
        "number",
        "date_value",
        "bool_value",
        "error_code",
        "explanation",
        "revision",
        "updated_at",
        university=F("report__university__code"),
        period=F("report__period__year"),
        indicator_code=F("indicator__code"),
    )[:size]
    return JsonResponse({"results": list(rows)})


urlpatterns = [
    path(PLAIN_URL.strip("/") + "/", plain_values),
    path("", include("carbonplan.urls")),
]

if SERVING:
    from django.conf import settings

    settings.ROOT_URLCONF = __name__
