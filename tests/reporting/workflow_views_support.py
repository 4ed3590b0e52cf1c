"""Helpers of the workflow page tests (test_workflow_views*.py): one logged-in client
per person, the step URLs, and what a page offers."""

from __future__ import annotations

import re

from django.test import Client

from reporting.models import Report


def client_for(user, language: str = "en") -> Client:
    """A separate browser per person (the role fixtures share one client)."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.user = user
    return client


def step_url(report: Report, action: str) -> str:
    return f"/reports/{report.pk}/transition/{action}/"


def report_url(report: Report) -> str:
    return f"/reports/{report.pk}/"


def form_url(report: Report, section: str = "A1") -> str:
    return f"/reports/{report.pk}/form/?section={section}"


def offered(html: str) -> set[str]:
    """The steps whose buttons the page shows."""
    return set(re.findall(r'data-testid="action-([a-z_]+)"', html))


def state(report: Report) -> str:
    return Report.objects.get(pk=report.pk).state


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
