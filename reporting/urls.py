from __future__ import annotations

from .urls_form import urlpatterns as form_urls
from .urls_periods import urlpatterns as period_urls
from .urls_reports import urlpatterns as report_urls

app_name = "reporting"
urlpatterns = [*report_urls, *form_urls, *period_urls]
