"""Two reviewers acting on the same report at the same moment, on PostgreSQL with
real row locks: exactly one step is taken, the other is refused on the new state."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from institutions.models import Membership
from reporting.models import Report, Transition
from reporting.services import workflow
from reporting.services import workflow as workflow_module
from reporting.services.workflow_guards import TransitionRefused
from tests.reporting.workflow_support import (
    Cast,
    person,
    ready_to_mark,
    university_under,
    walk,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def slow_steps(monkeypatch):
    """Each service waits a moment after its checks, while it holds the row lock."""
    resolve = workflow_module.step_resolve

    def resolve_then_wait(*args, **kwargs):
        step = resolve(*args, **kwargs)
        time.sleep(0.3)
        return step

    monkeypatch.setattr(workflow_module, "step_resolve", resolve_then_wait)


def _at_once(*calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except TransitionRefused as refusal:
            results[index] = refusal
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_pass_and_a_return_at_once_take_one_step(slow_steps):
    cast = Cast(university_under("EDU-11"))
    report = ready_to_mark(cast.university)
    walk(report, cast, Report.State.SUBMITTED)
    colleague = person(Membership.Role.REVIEWER, authority=cast.university.authority)

    results = _at_once(
        lambda: workflow.report_pass(
            report=Report.objects.get(pk=report.pk), user=cast.reviewer
        ),
        lambda: workflow.report_return(
            report=Report.objects.get(pk=report.pk),
            user=colleague,
            comment="No.",
            field_comments=[],
        ),
    )

    refused = [r for r in results if isinstance(r, TransitionRefused)]
    taken = [r for r in results if isinstance(r, Transition)]
    assert len(taken) == 1 and len(refused) == 1
    assert refused[0].code == "wrong_state"
    steps = Transition.objects.filter(report=report, action__in=["pass", "return"])
    assert list(steps) == taken
    assert Report.objects.get(pk=report.pk).state == taken[0].to_state
