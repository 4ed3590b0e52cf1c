"""An accepted version with its values, written directly (as the accept step's
service would leave it), for the tests that read accepted figures."""

from __future__ import annotations

from reporting.models import (
    AcceptedValue,
    AcceptedVersion,
    Report,
    Transition,
    Value,
)
from tests.factories import UserFactory


def accept_with_values(report: Report, indicators, raw: str = "7") -> list:
    step = Transition.objects.create(
        report=report,
        action=Transition.Action.ACCEPT,
        from_state=Report.State.PASSED,
        to_state=Report.State.ACCEPTED,
        actor=UserFactory(),
        actor_role="official",
        revision=report.revision,
    )
    version = AcceptedVersion.objects.create(
        report=report, revision=report.revision, transition=step
    )
    rows = AcceptedValue.objects.bulk_create(
        AcceptedValue(
            version=version,
            report=report,
            university_id=report.university_id,
            period_id=report.period_id,
            indicator=indicator,
            status=Value.Status.ENTERED,
            raw=raw,
            number=raw,
        )
        for indicator in indicators
    )
    Report.objects.filter(pk=report.pk).update(counting_version=version)
    return rows
