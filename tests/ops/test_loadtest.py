"""`make loadtest` run for real but small: seed_national (20 universities, two
periods), gunicorn with gunicorn.conf.py on a free loopback port, locust from
.venv-load with two short stages, then the printed table and the lost-input check.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from initiatives.models import Indicator
from reporting.models import ReportSection, Value
from scripts.loadtest import KINDS, _lost_input
from tests.factories import UniversityFactory, make_open_period_with_report

ROOT = Path(__file__).resolve().parents[2]
STAGES = (3, 6)


@pytest.mark.postgres
@pytest.mark.load_venv
def test_a_small_load_test_prints_every_stage_and_kind_and_loses_nothing(
    django_db_setup,
):
    # test_<name>[_gwN], set up by now: a prefix of this worker's own, never used
    database = settings.DATABASES["default"]["NAME"]
    run = subprocess.run(
        [
            sys.executable,
            "scripts/loadtest.py",
            "--universities=20",
            "--periods=2",
            f"--stages={','.join(map(str, STAGES))}",
            "--stage-seconds=10",
            "--wait=0.5,1.5",
            "--spawn-rate=3",
            "--workers=2",
            f"--name={database}_loadtest",
            "--drop-seed",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _server_url(f"{database}_loadtest")},
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = run.stdout
    print(out, run.stderr[-3000:])  # shown when it fails

    assert run.returncode == 0
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+(\S+(?: \S+)?)\s+(\d+)\s", out, re.M)
    stages = {(int(stage), int(users)) for stage, users, _, _ in rows}
    assert stages == {(1, 3), (2, 6)}
    kinds = {kind for _, _, kind, _ in rows}
    assert kinds == {*KINDS, "all"}
    assert all(int(requests) > 0 for *_, requests in rows)
    cpu = re.search(r"an autosave: about (\d+) ms of a core", out)
    assert cpu and int(cpu.group(1)) > 0  # each kind's CPU, from gunicorn's workers
    saves = re.search(r"lost-input check: (\d+) acknowledged autosaves", out)
    assert saves and int(saves.group(1)) > 0
    assert "lost-input check: passed" in out


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def test_a_value_stored_otherwise_than_acknowledged_fails_the_check(
    db, tmp_path, capsys
):
    """The check reads what the server stored: an acknowledged value that is not
    there (or a section version behind the one answered) is reported as lost."""
    report = make_open_period_with_report(UniversityFactory())
    section = report.sections.select_related("action").order_by("action__order")[0]
    code = Indicator.objects.filter(action=section.action).order_by("order")[0].code
    acks = [
        {
            "report": report.pk,
            "section": section.action.code,
            "indicator": code,
            "raw": "42",
            "version": 1,
            "sent_at": 1.0,
        },
    ]
    (tmp_path / "acks.jsonl").write_text("\n".join(map(json.dumps, acks)))

    assert _lost_input(tmp_path) is True

    printed = capsys.readouterr().out
    assert f"LOST report {report.pk} {code}: acknowledged '42'" in printed
    assert f"LOST report {report.pk} section {section.action.code}" in printed
    assert "FAILED, 1 values and 1 sections lost" in printed


def test_nothing_acknowledged_fails_the_check(db, tmp_path, capsys):
    (tmp_path / "acks.jsonl").write_text("")

    assert _lost_input(tmp_path) is True
    assert "no autosave was acknowledged" in capsys.readouterr().out


def test_a_save_sent_after_the_last_acknowledged_one_may_be_what_is_stored(
    db, tmp_path, capsys
):
    """A save still in flight when the run stops is stored but never answered: its
    value in place of the last acknowledged one is no loss."""
    report = make_open_period_with_report(UniversityFactory())
    section = report.sections.select_related("action").order_by("action__order")[0]
    indicator = Indicator.objects.filter(action=section.action).order_by("order")[0]
    code = indicator.code
    Value.objects.create(report=report, section=section, indicator=indicator, raw="43")
    ReportSection.objects.filter(pk=section.pk).update(version=2)
    where = {"report": report.pk, "section": section.action.code, "indicator": code}
    (tmp_path / "acks.jsonl").write_text(
        json.dumps({**where, "raw": "42", "version": 1, "sent_at": 1.0})
    )
    (tmp_path / "sent.jsonl").write_text(
        "\n".join(
            json.dumps({**where, "raw": raw, "sent_at": at})
            for raw, at in (("42", 1.0), ("43", 2.0))
        )
    )

    assert _lost_input(tmp_path) is False
    assert "lost-input check: passed" in capsys.readouterr().out
