"""The runs' XLSX: its figures are the figures layer's for the run's snapshot, a
past run made again after a reopen and a new acceptance gives the same bytes, the
weekly status lists who has not submitted, who is late and who waits for review,
and a university named like a formula arrives as text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from initiatives.models import Indicator
from reporting.dashboards.paths import headline
from reporting.figures import indicator_figures
from reporting.models import Report, ReportRun, ScopeKind
from reporting.runs.render import run_files
from reporting.runs.xlsx import formula_risky
from reporting.services import runs as services
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory
from tests.reporting.figures_support import accept, advance, country, edit, reopen
from tests.reporting.xlsx_read import Book

pytestmark = pytest.mark.django_db

Kind = ReportRun.Kind


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return gettext(text)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _made(period, user, kind=Kind.PROGRESS, slot="req-1") -> ReportRun:
    run = services.report_run_request(
        kind=kind, period=period, scope=None, slot=slot, user=user
    )
    assert services.report_run_execute(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


def _book(run) -> Book:
    return Book(run.files.get(format="xlsx").file.read())


def _figure_column(book, sheet, code_col, figure_col) -> dict[str, float]:
    rows = book.rows(sheet)
    return {
        row[code_col]: row[figure_col]
        for row in rows[3:]
        if row[code_col] and row[figure_col] is not None
    }


def test_progress_figures_are_the_figures_layers():
    reports, casts = country(4)
    for report in reports[:3]:
        accept(report, casts[report.pk])
    period = reports[0].period
    run = _made(period, casts[reports[0].pk].official)
    book = _book(run)

    national = {
        f.indicator.code: headline(f)
        for f in indicator_figures(period=period, scope_keys=[""])
    }
    sheet = zh("Indicators against targets")
    assert book.frozen(sheet) == "A4"  # title, note, header
    header = book.rows(sheet)[2]
    assert header[1] == zh("Indicator code") and header[5] == zh("Figure")
    written = _figure_column(book, sheet, 1, 5)
    expected = {
        code: float(value) for code, value in national.items() if value is not None
    }
    assert written == expected
    assert written["IND-A1-01"] == 15.0 and written["IND-O1-01"] == 3.0

    by_province = {}
    for f in indicator_figures(period=period, scope_kind=ScopeKind.PROVINCE):
        if headline(f) is not None:
            by_province[f.scope_key, f.indicator.code] = float(headline(f))
    rows = book.rows(zh("By province"))[3:]
    assert {(r[0], r[3]): r[7] for r in rows if r[7] is not None} == by_province

    summary = book.rows(zh("National summary"))
    assert [zh("Universities taking part"), 4.0] in summary
    assert [zh("Universities with an accepted report"), 3.0] in summary


def test_a_past_run_made_again_gives_the_same_bytes_after_a_reopen():
    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    period = reports[0].period
    run = _made(period, casts[reports[0].pk].official)
    stored = run.files.get(format="xlsx").file.read()
    assert run_files(run)["xlsx"] == stored

    report, cast = reports[0], casts[reports[0].pk]
    assert reopen(report, cast) and edit(report, cast, "IND-A1-01", "50")
    accept(report, cast)
    (now,) = indicator_figures(
        period=period, indicators=[Indicator.objects.get(code="IND-A1-01")]
    )
    assert now.value == 60  # the live figure moved

    run.refresh_from_db()
    assert run_files(run)["xlsx"] == stored
    written = _figure_column(Book(stored), zh("Indicators against targets"), 1, 5)
    assert written["IND-A1-01"] == 15.0

    later = _made(period, cast.official, slot="req-2")
    assert (
        _figure_column(_book(later), zh("Indicators against targets"), 1, 5)[
            "IND-A1-01"
        ]
        == 60.0
    )


def test_the_weekly_status_lists_the_missing_the_late_and_the_waiting():
    reports, casts = country(4)
    period = reports[0].period
    accept(reports[0], casts[reports[0].pk])
    for _step in range(2):  # draft → ready → submitted
        advance(reports[1], casts[reports[1].pk])
    Report.objects.filter(pk=reports[1].pk).update(
        state_changed_at=timezone.now() - dt.timedelta(days=9)
    )
    Report.objects.filter(pk=reports[2].pk).update(is_late=True)
    run = _made(period, casts[reports[0].pk].official, kind=Kind.WEEKLY_STATUS)
    assert run.versions.count() == 0  # the status reads no figures
    book = _book(run)

    missing = {row[2] for row in book.rows(zh("Not submitted"))[4:]}
    assert missing == {reports[2].university.code, reports[3].university.code}
    late = [row[2] for row in book.rows(zh("Late"))[3:]]
    assert late == [reports[2].university.code]
    (waiting,) = book.rows(zh("Waiting for review"))[3:]
    assert waiting[2] == reports[1].university.code
    assert waiting[4] == zh("Under authority review") and waiting[6] == 9.0

    total = book.rows(zh("By province"))[-1]
    assert total[1] == zh("Total") and total[2] == 4.0


@pytest.mark.parametrize("name", ["=1+1", "\uff1d1+1", "+SUM(A1)", "@cmd", "-2"])
def test_a_university_named_like_a_formula_arrives_as_text(name):
    university = UniversityFactory(name_zh=name)
    period = PeriodFactory(current=True, participants=[university])
    ReportFactory(period=period, university=university)
    from institutions.models import Membership
    from tests.reporting.workflow_support import person

    official = person(Membership.Role.OFFICIAL)
    book = _book(_made(period, official, kind=Kind.WEEKLY_STATUS))
    cells = book.cells(zh("Not submitted"))
    found = [cell for cell in cells.values() if cell[1] == name]
    assert found, cells
    for kind, _value, style in found:
        assert kind == "text" and style in book.quoted_styles
    assert not any(kind == "formula" for kind, _v, _s in cells.values())


def test_which_texts_count_as_formula_starts():
    for risky in ("=A1", "+1", "-1", "@x", "\uff1dA1", "\uff0b1", "\uff0d1", "\uff20x"):
        assert formula_risky(risky)
    for plain in ("北京大学", "1+1", "A=1", ""):
        assert not formula_risky(plain)


@pytest.mark.parametrize("kind", [Kind.PROGRESS, Kind.WEEKLY_STATUS])
def test_a_run_reads_the_same_queries_for_2_and_4_universities(kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import ReportingPeriod
    from tests.reporting.figures_support import typed_draft
    from tests.reporting.workflow_support import Cast, university_under

    reports, casts = country(2)
    period = reports[0].period
    for report in reports:
        accept(report, casts[report.pk])
    counts = []
    for size in (2, 4):
        if size == 4:
            for _n in range(2):
                university = university_under("EDU-11")
                period.participants.add(university)
                report = typed_draft(period, university)
                accept(report, Cast(university))
        run = services.report_run_request(
            kind=kind,
            period=period,
            scope=None,
            slot=f"s{size}",
            user=casts[reports[0].pk].official,
        )
        services._claim(run.pk, "m")
        run.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            run_files(run)
        counts.append(len(queries))
    assert ReportingPeriod.objects.count() == 1
    assert Report.objects.filter(state=Report.State.ACCEPTED).count() == 4
    assert counts[0] == counts[1], counts


def test_an_authoritys_report_holds_its_own_universities_only():
    reports, casts = country(3)  # two under EDU-11, one under the ministry
    for report in reports:
        accept(report, casts[report.pk])
    cast = casts[reports[0].pk]
    authority = cast.university.authority
    run = services.report_run_request(
        kind=Kind.AUTHORITY,
        period=reports[0].period,
        scope=authority,
        slot="s1",
        user=cast.reviewer,
    )
    assert services.report_run_execute(run_id=run.pk) == "done"
    run.refresh_from_db()
    book = _book(run)
    codes = {row[0] for row in book.rows(zh("By university"))[3:] if row[0]}
    assert codes == {reports[0].university.code, reports[1].university.code}
    own = _figure_column(book, zh("Indicators"), 3, 7)
    assert own["IND-A1-01"] == 10.0  # two universities typing 5
