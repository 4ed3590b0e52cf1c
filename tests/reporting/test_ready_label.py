"""The ready state is the university approver's sign-off step, not a review by the
authority: it reads 待签发 wherever it is shown (badge, queue, filter, lock reason)."""

from __future__ import annotations

import re

import pytest

from reporting.models import Report
from tests.reporting.workflow_views_support import client_for, report_url

pytestmark = pytest.mark.django_db

State = Report.State


def test_a_ready_report_reads_awaiting_sign_off_not_awaiting_review(cast, report):
    report.state = State.READY
    report.save()

    detail = client_for(cast.approver, "zh-hans").get(report_url(report))
    queue = client_for(cast.approver, "zh-hans").get("/reports/queue/")

    body = detail.content.decode()
    badge = re.search(r'data-testid="report-state">([^<]*)<', body).group(1)
    assert badge == "待签发"
    assert "报告待本校审核签发" in body
    assert "待审核" not in body
    queue_body = queue.content.decode()
    assert re.search(r'data-testid="report-state">待签发<', queue_body)
    assert "待审核" not in queue_body
    state_choices = dict(queue.context["filter"].form.fields["state"].choices)
    assert state_choices[State.READY] == "待签发"


def test_the_english_label_stays_awaiting_sign_off(cast, report):
    report.state = State.READY
    report.save()

    body = client_for(cast.reporter).get(report_url(report)).content.decode()

    assert re.search(r'data-testid="report-state">Awaiting sign-off<', body)
