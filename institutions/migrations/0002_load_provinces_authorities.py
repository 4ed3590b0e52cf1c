"""Reference data: the 31 provinces, the competent authorities and their aliases.

Reads the committed CSV files in institutions/data/ (see institutions/data/README.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

PROVINCE_NAMES_EN = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Tibet",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    Province = apps.get_model("institutions", "Province")
    Authority = apps.get_model("institutions", "Authority")
    AuthorityAlias = apps.get_model("institutions", "AuthorityAlias")

    provinces = {}
    for row in _rows("provinces_gbt2260.csv"):
        provinces[row["code"]] = Province.objects.create(
            code=row["code"],
            name_zh=row["name"],
            name_en=PROVINCE_NAMES_EN[row["code"]],
        )
    authorities = {}
    for row in _rows("authorities.csv"):
        authorities[row["code"]] = Authority.objects.create(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            kind=row["kind"],
            province=provinces[row["province_code"]] if row["province_code"] else None,
            reports_direct=True,
        )
    AuthorityAlias.objects.bulk_create(
        AuthorityAlias(raw=row["raw"], authority=authorities[row["authority_code"]])
        for row in _rows("authority_aliases.csv")
    )


def unload(apps, schema_editor):
    Province = apps.get_model("institutions", "Province")
    Authority = apps.get_model("institutions", "Authority")
    AuthorityAlias = apps.get_model("institutions", "AuthorityAlias")
    codes = [row["code"] for row in _rows("authorities.csv")]
    AuthorityAlias.objects.filter(authority__code__in=codes).delete()
    Authority.objects.filter(code__in=codes).delete()
    Province.objects.filter(code__in=PROVINCE_NAMES_EN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
