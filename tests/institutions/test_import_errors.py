"""Bad files change nothing and every error names its row and column; the command."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from institutions.models import University
from institutions.services import DEFAULT_TAGS_PATH, universities_import
from tests.factories import province

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD = FIXTURES / "universities_bad.tsv"
SMALL = FIXTURES / "universities_small.csv"


@pytest.fixture
def small_list(db):
    universities_import(rows_path=SMALL, tags_path=DEFAULT_TAGS_PATH)


def test_a_csv_with_short_province_names_imports(small_list):
    assert University.objects.count() == 5
    tsinghua = University.objects.get(code="4111010003")
    assert tsinghua.province == province("11")
    assert tsinghua.category == University.Category.MOE
    shihezi = University.objects.get(code="4165010759")
    assert (shihezi.province.code, shihezi.authority.code) == ("65", "XPCC")
    categories = dict(University.objects.values_list("code", "category"))
    assert categories["4141011834"] == "private"
    assert categories["4146014948"] == "sino_foreign"
    assert categories["4131014423"] == "local"


def test_bad_rows_are_all_reported_and_nothing_changes(small_list):
    before = list(University.objects.order_by("pk").values())

    result = universities_import(rows_path=BAD, tags_path=DEFAULT_TAGS_PATH)

    assert [(e.row, e.column) for e in result.errors] == [
        (3, "code"),
        (4, "province"),
        (5, "authority"),
        (6, "level"),
        (7, "code"),
    ]
    messages = [e.message for e in result.errors]
    assert "12345" in messages[0]
    assert "火星省" in messages[1]
    assert "火星教育厅" in messages[2]
    assert "博士" in messages[3]
    assert "2" in messages[4]  # the duplicate names the first row
    assert (result.created, result.updated) == (0, 0)
    assert list(University.objects.order_by("pk").values()) == before
    assert University.objects.get(code="4111010003").name_zh == "清华大学"


def test_dry_run_counts_and_writes_nothing(db):
    result = universities_import(
        rows_path=SMALL, tags_path=DEFAULT_TAGS_PATH, dry_run=True
    )

    assert (result.created, result.errors) == (5, [])
    assert not University.objects.exists()


def test_a_missing_column_is_reported_on_the_header_row(db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("code,name,province,city,level,note\n", encoding="utf-8")

    result = universities_import(rows_path=path, tags_path=None)

    assert [(e.row, e.column) for e in result.errors] == [(1, "authority")]


def test_bad_tag_values_are_reported(db, tmp_path):
    tags = tmp_path / "tags.csv"
    tags.write_text(
        "code,double_first_class_2022,project_985,project_211,"
        "ministry_province_co_built\n4111010003,1,yes,1,0\n",
        encoding="utf-8",
    )

    result = universities_import(rows_path=SMALL, tags_path=tags)

    assert [(e.row, e.column) for e in result.errors] == [(2, "project_985 (tags.csv)")]
    assert not University.objects.exists()


def test_the_command_prints_the_summary(db):
    out = StringIO()
    with translation.override("en"):
        call_command("import_universities", str(SMALL), stdout=out)

    assert "created 5, updated 0, unchanged 0" in out.getvalue()
    assert University.objects.count() == 5


def test_the_command_prints_each_error_and_fails(small_list):
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_universities", str(BAD), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("row 3, column code: ")
    assert lines[2] == "row 5, column authority: unknown authority '火星教育厅' " + (
        "(not in the alias table)"
    )
    assert "5 errors; nothing was changed" in str(raised.value)
    assert University.objects.get(code="4111010003").name_zh == "清华大学"


def test_the_command_dry_run(db):
    out = StringIO()
    with translation.override("en"):
        call_command("import_universities", str(SMALL), "--dry-run", stdout=out)

    assert "Dry run, nothing written: created 5," in out.getvalue()
    assert not University.objects.exists()
