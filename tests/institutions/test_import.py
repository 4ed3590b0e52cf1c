"""The importer on the real 2025 list (the repository copy), imported once per module."""

from __future__ import annotations

import csv

import pytest
from django.db import transaction
from django.db.models import Count

from institutions.models import Authority, University
from institutions.services import (
    DEFAULT_LIST_PATH,
    DEFAULT_TAGS_PATH,
    universities_import,
)


@pytest.fixture(scope="module")
def real_import(django_db_setup, django_db_blocker):
    """The whole list imported once; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield universities_import(
            rows_path=DEFAULT_LIST_PATH, tags_path=DEFAULT_TAGS_PATH
        )
        transaction.set_rollback(True)


@pytest.fixture
def imported(real_import, db):
    return real_import


def _list_rows() -> list[dict[str, str]]:
    with open(DEFAULT_LIST_PATH, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_row_of_the_list_becomes_a_university(imported):
    assert imported.errors == []
    assert (imported.created, imported.updated, imported.unchanged) == (3167, 0, 0)
    assert University.objects.count() == 3167
    assert not University.objects.filter(province=None).exists()
    assert not University.objects.filter(authority=None).exists()
    levels = dict(
        University.objects.values_list("level").annotate(n=Count("pk")).order_by()
    )
    assert levels == {"bachelor": 1365, "associate": 1554, "adult": 248}


def test_codes_are_text_with_every_digit(imported):
    codes = set(University.objects.values_list("code", flat=True))

    assert codes == {row["code"] for row in _list_rows()}
    peking = University.objects.get(code="4111010001")
    assert peking.name_zh == "北京大学"
    # Digits 3-4 do not always give the province: kept as they are.
    geely = University.objects.get(code="4111012802")
    assert geely.province.name_zh == "四川省"
    customs = University.objects.get(code="4231051332")
    assert customs.province.name_zh == "河北省"


def test_hebei_university_of_technology_stays_in_hebei_with_city_tianjin(imported):
    university = University.objects.get(name_zh="河北工业大学")

    assert university.province.name_zh == "河北省"
    assert university.city == "天津市"
    assert university.authority.code == "EDU-13"


def test_a_row_with_two_authorities_keeps_both(imported):
    shanghaitech = University.objects.get(code="4131014423")

    assert shanghaitech.authority.code == "EDU-31"
    assert [a.code for a in shanghaitech.other_authorities.all()] == ["C-CAS"]
    assert shanghaitech.category == University.Category.LOCAL


def test_xpcc_universities_sit_in_xinjiang(imported):
    xpcc = University.objects.filter(authority__code="XPCC")

    assert xpcc.count() == 18
    assert set(xpcc.values_list("province__code", flat=True)) == {"65"}
    shihezi = xpcc.get(name_zh="石河子大学")
    assert shihezi.category == University.Category.CO_BUILT
    assert shihezi.co_built


def test_moe_universities_and_flags(imported):
    moe = University.objects.filter(authority__code="MOE")

    assert moe.count() == 77
    assert set(moe.values_list("category", flat=True)) == {University.Category.MOE}
    tsinghua = University.objects.get(code="4111010003")
    assert (
        tsinghua.double_first_class,
        tsinghua.project_985,
        tsinghua.project_211,
        tsinghua.co_built,
    ) == (True, True, True, False)
    assert University.objects.filter(co_built=True).count() == 14
    assert University.objects.filter(double_first_class=True).count() == 144


def test_categories_follow_the_rule_in_order(imported):
    counts = dict(
        University.objects.values_list("category").annotate(n=Count("pk")).order_by()
    )
    assert counts == {
        "moe": 77,
        "co_built": 14,
        "central": 55,
        "sino_foreign": 16,
        "private": 831,
        "local": 2174,
    }
    central = University.objects.filter(category="central")
    assert set(central.values_list("authority__kind", flat=True)) == {"central"}
    private = University.objects.filter(category="private")
    assert all("民办" in note for note in private.values_list("note", flat=True))
    assert not private.filter(authority__kind__in=["moe", "central"]).exists()
    # The two Hainan free-trade-port rows have no word for "co-operative" but are.
    hainan = University.objects.filter(note__contains="海南自由贸易港")
    assert hainan.count() == 2
    assert set(hainan.values_list("category", flat=True)) == {"sino_foreign"}
    # A 民办 school of the Corps is private, not local.
    assert University.objects.get(code="4165014946").category == "private"


def test_a_second_run_changes_nothing(imported):
    before = list(University.objects.order_by("pk").values())

    again = universities_import(
        rows_path=DEFAULT_LIST_PATH, tags_path=DEFAULT_TAGS_PATH
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3167)
    assert list(University.objects.order_by("pk").values()) == before


def test_a_changed_row_is_updated_and_the_rest_unchanged(imported, tmp_path):
    rows = _list_rows()
    for row in rows:
        if row["code"] == "4131014423":  # drop the second authority
            row["authority"] = "上海市"
        if row["code"] == "4111010005":
            row["city"] = "北京市"
    path = tmp_path / "list.tsv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)

    result = universities_import(rows_path=path, tags_path=DEFAULT_TAGS_PATH)

    assert (result.created, result.updated, result.unchanged) == (0, 2, 3165)
    assert not University.objects.get(code="4131014423").other_authorities.exists()
    assert University.objects.get(code="4111010005").city == "北京市"


def test_an_unknown_authority_string_creates_no_authority(imported, tmp_path):
    path = tmp_path / "list.tsv"
    path.write_text(
        "code\tname\tprovince\tcity\tlevel\tauthority\tnote\n"
        "4111010005\t北京工业大学\t北京市\t\t本科\t北京市 火星教育厅\t\n",
        encoding="utf-8",
    )
    authorities = Authority.objects.count()

    result = universities_import(rows_path=path, tags_path=None)

    assert [(e.row, e.column) for e in result.errors] == [(2, "authority")]
    assert Authority.objects.count() == authorities
    assert University.objects.get(code="4111010005").authority.code == "EDU-11"
