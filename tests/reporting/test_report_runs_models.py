"""Report runs as rows: one per (kind, period, scope, slot), seen by the ministry
and by an authority for its own scope only; and the figures layer's snapshot
figures, equal to the rollup while the snapshot is what counts now and unmoved by
a later reopen and acceptance."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from initiatives.models import Indicator
from institutions.access import act_as
from institutions.models import Membership
from reporting.figures import indicator_figures
from reporting.models import ReportRun, ScopeKind
from reporting.rollup import counting_versions
from tests.factories import AuthorityFactory, PeriodFactory, UserFactory
from tests.reporting.figures_support import accept, country, edit, fresh, reopen
from tests.reporting.workflow_support import person

pytestmark = pytest.mark.django_db

Kind = ReportRun.Kind


def _run(period, **fields) -> ReportRun:
    fields.setdefault("kind", Kind.PROGRESS)
    fields.setdefault("slot", "2026-W49")
    fields.setdefault("schedule", "weekly")
    return ReportRun.objects.create(period=period, **fields)


def test_one_run_per_kind_period_scope_and_slot():
    period = PeriodFactory()
    authority = AuthorityFactory()
    _run(period)
    _run(period, kind=Kind.AUTHORITY, authority=authority)
    _run(period, slot="2026-W50")  # another slot is another run
    for fields in ({}, {"kind": Kind.AUTHORITY, "authority": authority}):
        with pytest.raises(IntegrityError), transaction.atomic():
            _run(period, **fields)
    assert ReportRun.objects.count() == 3


def test_a_run_is_asked_for_by_someone_or_a_schedule():
    with pytest.raises(IntegrityError), transaction.atomic():
        _run(PeriodFactory(), schedule="")


def test_the_ministry_sees_every_run_an_authority_its_own_a_university_none(
    university,
):
    period = PeriodFactory()
    nation = _run(period)
    own = _run(period, kind=Kind.AUTHORITY, authority=university.authority)
    _run(period, kind=Kind.AUTHORITY, authority=AuthorityFactory())
    seen = {}
    for role, scope in (
        (Membership.Role.OFFICIAL, {}),
        (Membership.Role.EXPERT, {}),
        (Membership.Role.REVIEWER, {"authority": university.authority}),
        (Membership.Role.REPORTER, {"university": university}),
        (Membership.Role.APPROVER, {"university": university}),
    ):
        user = person(role, **scope)
        seen[role] = set(ReportRun.objects.visible_to(user))
    assert seen[Membership.Role.OFFICIAL] == set(ReportRun.objects.all())
    assert seen[Membership.Role.EXPERT] == set(ReportRun.objects.all())
    assert seen[Membership.Role.REVIEWER] == {own}
    assert seen[Membership.Role.REPORTER] == seen[Membership.Role.APPROVER] == set()
    assert nation not in seen[Membership.Role.REVIEWER]
    assert not ReportRun.objects.visible_to(UserFactory()).exists()


def test_a_user_with_two_roles_sees_the_runs_of_the_role_acted_in(university):
    period = PeriodFactory()
    _run(period)
    user = person(Membership.Role.OFFICIAL)
    reviewer = Membership.objects.create(
        user=user, role=Membership.Role.REVIEWER, authority=university.authority
    )
    assert not ReportRun.objects.visible_to(user).exists()  # nothing chose
    act_as(user, reviewer)
    assert not ReportRun.objects.visible_to(user).exists()


def _table(figures) -> dict:
    return {(f.indicator.code, f.scope_key): (f.universities, f.cell) for f in figures}


def test_snapshot_figures_equal_the_rollup_while_the_snapshot_counts():
    reports, casts = country(4)
    for report in reports[:3]:
        accept(report, casts[report.pk])
    period = reports[0].period
    versions = counting_versions(period)
    assert versions.count() == 3
    for kind in (ScopeKind.NATION, ScopeKind.PROVINCE, ScopeKind.AUTHORITY):
        stored = indicator_figures(period=period, scope_kind=kind)
        snapshot = indicator_figures(period=period, scope_kind=kind, versions=versions)
        assert _table(snapshot) == _table(stored), kind


def test_snapshot_figures_stay_after_a_reopen_and_a_new_acceptance():
    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    period = reports[0].period
    run = _run(period)
    run.versions.set(counting_versions(period))
    indicator = Indicator.objects.get(code="IND-A1-01")

    def nation(**kw):
        (figure,) = indicator_figures(
            period=period, indicators=[indicator], scope_keys=[""], **kw
        )
        return figure.value

    assert nation() == nation(versions=run.versions.all()) == 15
    report = reports[0]
    assert reopen(report, casts[report.pk])
    assert edit(report, casts[report.pk], "IND-A1-01", "50")
    accept(report, casts[report.pk])
    assert fresh(report).counting_version_id not in set(
        run.versions.values_list("pk", flat=True)
    )
    assert nation() == 60
    assert nation(versions=run.versions.all()) == 15
