"""examples/pull_values.py run as a data team would run it, against the live test
server: a period's accepted values for one province, page after page, into a CSV
that Excel and WPS open as UTF-8."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import ApiToken
from initiatives.models import Indicator
from institutions.models import Membership
from tests.api.accepted import accept_with_values
from tests.factories import (
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
    province,
)

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "pull_values.py"

# The live server needs committed rows; roll back as the other live-server tests do,
# so the provinces and the catalogue the migrations loaded are there for the next.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_pull_values_writes_the_provinces_accepted_values(live_server, tmp_path):
    beijing, shanghai = province("11"), province("31")
    here = [UniversityFactory(province=beijing, code=f"41{n:08d}") for n in (1, 2)]
    there = UniversityFactory(province=shanghai)
    period, earlier = PeriodFactory(year=2025), PeriodFactory(year=2024)
    indicators = list(Indicator.objects.order_by("order")[:3])
    for university in [*here, there]:
        report = ReportFactory(period=period, university=university)
        accept_with_values(report, indicators, raw="5")
    accept_with_values(ReportFactory(period=earlier, university=here[0]), indicators)
    official = MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    )
    _token, key = ApiToken.issue(
        user=official.user, membership=official, name="etl", read_only=True, days=1
    )
    out = tmp_path / "values.csv"
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--url",
            live_server.url,
            "--period",
            "2025",
            "--province",
            "11",
            "--out",
            str(out),
            "--page-size",
            "2",
        ],
        env={**os.environ, "CARBONPLAN_TOKEN": key},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"6 values written to {out}"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfperiod,university,indicator,")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert sorted((r["university"], r["indicator"]) for r in rows) == sorted(
        (u.code, i.code) for u in here for i in indicators
    )
    assert {(r["period"], r["raw"], r["number"], r["status"]) for r in rows} == {
        ("2025", "5", "5.0000", "entered")
    }


def test_pull_values_says_why_a_bad_token_is_refused(live_server, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--url",
            live_server.url,
            "--period",
            "2025",
            "--province",
            "11",
            "--out",
            str(tmp_path / "x.csv"),
        ],
        env={**os.environ, "CARBONPLAN_TOKEN": "not-a-token"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "401 authentication_failed" in result.stderr


PUSH = SCRIPT.with_name("push_values.py")


def _push(live_server, report, key, csv_path, *extra):
    return subprocess.run(
        [
            sys.executable,
            str(PUSH),
            "--url",
            live_server.url,
            "--report",
            str(report.pk),
            "--csv",
            str(csv_path),
            *extra,
        ],
        env={**os.environ, "CARBONPLAN_TOKEN": key},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_push_values_checks_then_writes_at_the_sections_versions(live_server, tmp_path):
    from reporting.models import Report, ReportSection, Value
    from reporting.validation import applicable_indicators
    from tests.reporting.engine_data import open_report

    report = open_report(UniversityFactory())
    first, second = applicable_indicators(report.university).filter(
        value_type="integer"
    )[:2]
    # Someone saved the first section before: the script sends its version, 3.
    ReportSection.objects.filter(report=report, action=first.action).update(version=3)
    reporter = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=report.university
    )
    _token, key = ApiToken.issue(
        user=reporter.user, membership=reporter, name="etl", read_only=False, days=1
    )
    good = tmp_path / "values.csv"
    good.write_text(
        f'indicator,raw,explanation\n{first.code},"1,234",\n{second.code},56,\n',
        encoding="utf-8-sig",
    )

    dry = _push(live_server, report, key, good)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip() == "dry run: 2 values pass, nothing written"
    assert not Value.objects.filter(report=report).exists()

    written = _push(live_server, report, key, good, "--write")
    assert written.returncode == 0, written.stderr
    stored = dict(
        Value.objects.filter(report=report).values_list("indicator__code", "number")
    )
    assert stored == {first.code: 1234, second.code: 56}
    versions = dict(
        ReportSection.objects.filter(report=report).values_list(
            "action__code", "version"
        )
    )
    assert versions[first.action.code] == 4
    assert f"{first.action.code}:4" in written.stdout
    assert Report.objects.get(pk=report.pk).revision == 1

    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"indicator,raw,explanation\n{first.code},7,\n{second.code},many,\n",
        encoding="utf-8",
    )
    refused = _push(live_server, report, key, bad, "--write")
    assert refused.returncode == 1
    assert "400 invalid" in refused.stderr
    assert "values.1.raw" in refused.stderr and second.code in refused.stderr
    assert Value.objects.get(report=report, indicator=first).number == 1234
