"""Provinces, authorities and aliases as the data migration loads them."""

from __future__ import annotations

import csv

from institutions.models import Authority, AuthorityAlias, Province
from institutions.services import DATA_DIR, DEFAULT_LIST_PATH


def test_exactly_the_31_provinces_of_gbt2260(db):
    with open(DATA_DIR / "provinces_gbt2260.csv", encoding="utf-8") as f:
        expected = {row["code"]: row["name"] for row in csv.DictReader(f)}

    assert dict(Province.objects.values_list("code", "name_zh")) == expected
    assert len(expected) == 31
    english = dict(Province.objects.values_list("code", "name_en"))
    assert english["11"] == "Beijing"
    assert english["15"] == "Inner Mongolia"
    assert english["54"] == "Tibet"
    assert english["65"] == "Xinjiang"
    assert all(english.values())
    assert Province.objects.get(code="11").adcode == "110000"


def test_one_education_department_per_province(db):
    provincial = Authority.objects.filter(kind=Authority.Kind.PROVINCIAL)

    assert provincial.count() == 31
    assert set(provincial.values_list("province__code", flat=True)) == set(
        Province.objects.values_list("code", flat=True)
    )
    beijing = Authority.objects.get(code="EDU-11")
    assert beijing.name_zh == "北京市教育委员会"
    assert beijing.name_en == "Beijing Municipal Education Commission"
    henan = Authority.objects.get(code="EDU-41")
    assert henan.name_zh == "河南省教育厅"
    assert henan.name_en == "Department of Education of Henan Province"
    assert henan.reviews_reports


def test_ministry_xpcc_and_central_departments(db):
    moe = Authority.objects.get(code="MOE")
    assert (moe.name_zh, moe.kind, moe.reviews_reports) == ("教育部", "moe", False)
    xpcc = Authority.objects.get(code="XPCC")
    assert (xpcc.kind, xpcc.province.code) == ("xpcc", "65")
    central = Authority.objects.filter(kind=Authority.Kind.CENTRAL)
    assert central.filter(code__in=["C-MIIT", "C-NEAC", "C-CAS", "C-CAAC"]).count() == 4
    assert all(a.code.startswith("C-") and a.reports_direct for a in central)
    assert not central.filter(province__isnull=False).exists()


def test_every_authority_string_of_the_list_maps_to_one_authority(db):
    with open(DEFAULT_LIST_PATH, encoding="utf-8", newline="") as f:
        raw = {row["authority"] for row in csv.DictReader(f, delimiter="\t")}
    aliases = dict(AuthorityAlias.objects.values_list("raw", "authority__code"))

    assert len(raw) == 92
    tokens = {token for value in raw for token in value.split()}
    assert tokens - aliases.keys() == set()
    assert "上海市 中国科学院" not in aliases
    assert aliases["北京市"] == aliases["北京市教委"] == "EDU-11"
    assert aliases["河南省教育厅"] == "EDU-41"
    assert aliases["新疆生产建设兵团"] == aliases["新疆生产建设兵团教育局"] == "XPCC"
    assert aliases["交通运输部（中国民用航空局）"] == "C-CAAC"
    assert aliases["中央办公厅"] == aliases["中共中央办公厅"]


def test_the_alias_file_and_the_table_agree(db):
    with open(DATA_DIR / "authority_aliases.csv", encoding="utf-8") as f:
        rows = {row["raw"]: row["authority_code"] for row in csv.DictReader(f)}

    assert dict(AuthorityAlias.objects.values_list("raw", "authority__code")) == rows
