"""Random sequences of edits, submissions, returns, accepts and reopens, through the
services: after each step every rollup cell equals the live computation, and the
figures read through the layer equal it too, the universities' ranking (a top-N
query) included."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from initiatives.models import Indicator
from reporting.dashboards.paths import headline
from reporting.figures import indicator_figures, top_university_figures
from reporting.models import ScopeKind
from reporting.rollup import accepted_source, figures_live
from tests.reporting.figures_support import (
    advance,
    country,
    edit,
    fresh,
    live_cells,
    reopen,
    send_back,
    stored_cells,
)

pytestmark = pytest.mark.django_db

RAW = {
    "IND-A1-01": st.integers(0, 40).map(str),
    "IND-O1-01": st.sampled_from(["1", "0"]),
    "IND-O3-01": st.decimals(0, 500, places=1).map(str),
    "IND-O3-07": st.integers(0, 100).map(str),
}
STEPS = st.one_of(
    st.tuples(
        st.just("edit"),
        st.integers(0, 2),
        st.sampled_from(sorted(RAW)).flatmap(
            lambda code: st.tuples(st.just(code), RAW[code])
        ),
    ),
    # up to the whole route at once, so that accepts and reopens come often
    st.tuples(st.just("advance"), st.integers(0, 2), st.integers(1, 4)),
    st.tuples(st.sampled_from(["return", "reopen"]), st.integers(0, 2)),
)


def ranked(period, indicator) -> list[tuple[str, object]]:
    """The universities' ranking as the dashboards read it (a top-N query)."""
    figures = top_university_figures(period=period, indicator=indicator, limit=2)
    return [(figure.scope_key, headline(figure)) for figure in figures]


def ranked_live(period, indicator) -> list[tuple[str, object]]:
    """The same ranking from every university's figure of the layer, sorted here."""
    figures = indicator_figures(
        period=period, scope_kind=ScopeKind.UNIVERSITY, indicators=[indicator]
    )
    answered = [f for f in figures if headline(f) is not None]
    answered.sort(key=lambda f: (-headline(f), f.scope_key))
    return [(figure.scope_key, headline(figure)) for figure in answered[:2]]


@pytest.fixture
def world(db):
    return country(3)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(STEPS, min_size=4, max_size=14))
def test_every_rollup_cell_equals_the_live_computation_after_each_step(world, steps):
    reports, casts = world
    period = reports[0].period
    states = []
    with transaction.atomic():
        for step in steps:
            report = reports[step[1]]
            cast = casts[report.pk]
            if step[0] == "edit":
                edit(report, cast, *step[2])
            elif step[0] == "advance":
                for _ in range(step[2]):
                    advance(report, cast)
            elif step[0] == "return":
                send_back(report, cast)
            else:
                reopen(report, cast)
            assert stored_cells(period) == live_cells(period), step
            states.append(fresh(report).state)
        live = figures_live(accepted_source(period), ScopeKind.AUTHORITY)
        for figure in indicator_figures(
            period=period,
            scope_kind=ScopeKind.AUTHORITY,
            indicators=Indicator.objects.filter(code__in=RAW),
        ):
            cell = live.get((figure.indicator.pk, figure.scope_key))
            assert figure.cell.answered == (cell.answered if cell else 0)
            assert figure.cell.total == (cell.total if cell else None)
        for indicator in Indicator.objects.filter(code__in=RAW):
            assert ranked(period, indicator) == ranked_live(period, indicator)
        transaction.set_rollback(True)
    event(f"accepted: {'accepted' in states}")
