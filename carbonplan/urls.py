from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from carbonplan import views as ops_views
from institutions import views as institution_views

# The admin under the portal's name, in the user's language.
admin.site.site_header = _("Carbon-neutrality plan portal: administration")
admin.site.site_title = _("Carbon-neutrality plan portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", institution_views.home, name="home"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("", include("initiatives.urls")),  # plan/ and targets/
    path("universities/", include("institutions.urls")),
    path("", include("reporting.urls")),  # /reports/ and /dashboard/
    path("dashboard/", include("reporting.dashboards.urls")),
    path("api/", include("carbonplan.api.urls")),
    path("admin/", admin.site.urls),
]
