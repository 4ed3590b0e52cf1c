"""Two offices saving at the same moment, on PostgreSQL with real row locks.

Each save waits a moment after reading the section, so that the other save arrives
while the first still holds it: without the row lock both would read version 0 and
both would commit.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from institutions.models import Membership
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.section_input import SectionInput
from reporting.services import sections as sections_service
from reporting.services.sections import section_save
from tests.factories import MembershipFactory, UniversityFactory, UserFactory
from tests.reporting.engine_data import open_report

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def slow_saves(monkeypatch):
    check = sections_service._check_may_edit

    def check_then_wait(report, user):
        check(report, user)
        time.sleep(0.3)

    monkeypatch.setattr(sections_service, "_check_may_edit", check_then_wait)


@pytest.fixture
def report():
    return open_report(UniversityFactory())


def _reporter(report):
    user = UserFactory()
    MembershipFactory(
        user=user, university=report.university, role=Membership.Role.REPORTER
    )
    return user


def _at_once(*calls):
    """Run the calls in threads released together; each closes its connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    failures: list = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures
    return results


def _saving(section, user, raw):
    data = {"values": {f"IND-{section.action.code}-01": {"raw": raw}}}
    section_input = SectionInput.from_data(
        data, action_code=section.action.code, base_version=0
    )
    return lambda: section_save(section=section, user=user, section_input=section_input)


def test_same_section_at_once_exactly_one_commits(report, slow_saves):
    section = ReportSection.objects.select_related("action").get(
        report=report, action__code="A1"
    )
    alice, bob = _reporter(report), _reporter(report)

    results = _at_once(_saving(section, alice, "11"), _saving(section, bob, "22"))

    assert sorted(result.saved for result in results) == [False, True]
    winner, loser = (alice, bob) if results[0].saved else (bob, alice)
    refused = results[1] if results[0].saved else results[0]
    stored = Value.objects.get(report=report, indicator__code="IND-A1-01")
    assert stored.raw == ("11" if winner == alice else "22")
    assert refused.conflict.current_version == 1
    assert refused.conflict.changed_by == winner
    assert Report.objects.get(pk=report.pk).revision == 1
    assert ReportSection.objects.get(pk=section.pk).version == 1
    # The loser's input survives navigating away: it is stored for them.
    pending = PendingInput.objects.get(section=section)
    assert pending.user == loser
    assert pending.data["values"]["IND-A1-01"]["raw"] == (
        "22" if loser == bob else "11"
    )


def test_different_sections_at_once_both_commit(report, slow_saves):
    first, second = (
        ReportSection.objects.select_related("action").get(
            report=report, action__code=code
        )
        for code in ("A1", "A2")
    )
    alice, bob = _reporter(report), _reporter(report)

    results = _at_once(_saving(first, alice, "11"), _saving(second, bob, "22"))

    assert [result.saved for result in results] == [True, True]
    assert Report.objects.get(pk=report.pk).revision == 2
    values = dict(
        Value.objects.filter(report=report).values_list("indicator__code", "raw")
    )
    assert values == {"IND-A1-01": "11", "IND-A2-01": "22"}
    assert sorted(
        Value.objects.filter(report=report).values_list("revision", flat=True)
    ) == [1, 2]
    assert not PendingInput.objects.exists()
