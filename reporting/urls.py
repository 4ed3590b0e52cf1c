from __future__ import annotations

from .urls_evidence import urlpatterns as evidence_urls
from .urls_form import urlpatterns as form_urls
from .urls_periods import urlpatterns as period_urls
from .urls_queue import urlpatterns as queue_urls
from .urls_reports import urlpatterns as report_urls
from .urls_workflow import urlpatterns as workflow_urls

app_name = "reporting"
urlpatterns = [
    *report_urls,
    *form_urls,
    *period_urls,
    *workflow_urls,
    *queue_urls,
    *evidence_urls,
]
