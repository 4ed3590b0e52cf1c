"""Accepted versions' JSON snapshots become AcceptedValue rows, and each report points
at its latest accepted version (`counting_version`).

Where the report's revision is still the version's, nothing changed since the
acceptance and the live Value rows are copied whole (dates, yes/no, explanations).
Otherwise the snapshot is used: status, raw and number from the JSON, the date or
yes/no re-parsed from `raw` by the indicator's value type (the JSON dropped them), no
explanation (the JSON had none). Reversed, the JSON is rebuilt from the rows.
"""

from decimal import Decimal

from django.db import migrations
from django.db.models import OuterRef, Subquery

ROW_FIELDS = (
    "status",
    "raw",
    "number",
    "date_value",
    "bool_value",
    "error_code",
    "explanation",
)


def snapshot_rows(snapshot: dict, indicators: dict) -> list[dict]:
    """The AcceptedValue fields for one JSON snapshot ({code: {status, raw,
    number}}), indicator ids included; codes no longer known are skipped."""
    from reporting.numbers import parse_value

    rows = []
    for code, item in (snapshot or {}).items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        status = item.get("status") or "blank"
        raw = item.get("raw") or ""
        number = item.get("number")
        number = None if number in (None, "") else Decimal(number)
        parsed = parse_value(indicator, raw) if status == "entered" else None
        date_value = parsed.date_value if parsed else None
        bool_value = parsed.bool_value if parsed else None
        valid = number is not None or date_value is not None or bool_value is not None
        rows.append(
            {
                "indicator_id": indicator.pk,
                "status": status,
                "raw": raw,
                "number": number,
                "date_value": date_value,
                "bool_value": bool_value,
                "error_code": "" if valid or parsed is None else parsed.error_code,
                "explanation": "",
            }
        )
    return rows


def snapshots_to_rows(apps, schema_editor):
    AcceptedValue = apps.get_model("reporting", "AcceptedValue")
    AcceptedVersion = apps.get_model("reporting", "AcceptedVersion")
    Indicator = apps.get_model("initiatives", "Indicator")
    Report = apps.get_model("reporting", "Report")
    Value = apps.get_model("reporting", "Value")
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    versions = AcceptedVersion.objects.select_related("report").order_by("pk")
    for version in versions.iterator(chunk_size=200):
        report = version.report
        if version.revision == report.revision:
            rows = Value.objects.filter(report_id=report.pk).values(
                "indicator_id", *ROW_FIELDS
            )
        else:
            rows = snapshot_rows(version.values, indicators)
        AcceptedValue.objects.bulk_create(
            [
                AcceptedValue(
                    version_id=version.pk,
                    report_id=report.pk,
                    university_id=report.university_id,
                    period_id=report.period_id,
                    **row,
                )
                for row in rows
            ],
            batch_size=1000,
        )
    latest = AcceptedVersion.objects.filter(report=OuterRef("pk")).order_by(
        "-accepted_at", "-id"
    )
    Report.objects.update(counting_version=Subquery(latest.values("pk")[:1]))


def rows_to_snapshots(apps, schema_editor):
    AcceptedValue = apps.get_model("reporting", "AcceptedValue")
    AcceptedVersion = apps.get_model("reporting", "AcceptedVersion")
    Report = apps.get_model("reporting", "Report")
    for version in AcceptedVersion.objects.order_by("pk").iterator(chunk_size=200):
        rows = AcceptedValue.objects.filter(version_id=version.pk).select_related(
            "indicator"
        )
        version.values = {
            row.indicator.code: {
                "status": row.status,
                "raw": row.raw,
                "number": None if row.number is None else str(row.number),
            }
            for row in rows
        }
        version.save(update_fields=["values"])
    AcceptedValue.objects.all().delete()
    Report.objects.update(counting_version=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_accepted_values"),
    ]

    operations = [
        migrations.RunPython(snapshots_to_rows, rows_to_snapshots),
    ]
