"""Reports carry their period's data year, so that the lists sort and page on the
report's own index (`report_list_order`) instead of joining the period and the
university: added empty, filled from the period, then required."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_year(apps, schema_editor):
    Period = apps.get_model("reporting", "ReportingPeriod")
    year = Subquery(Period.objects.filter(pk=OuterRef("period_id")).values("year")[:1])
    for name in ("Report", "HistoricalReport"):
        apps.get_model("reporting", name).objects.update(year=year)


def year_field(null: bool) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        editable=False, null=null, verbose_name="data year"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0002_load_provinces_authorities"),
        ("reporting", "0011_measure_sections"),
    ]

    operations = [
        migrations.AddField("report", "year", year_field(null=True)),
        migrations.AddField("historicalreport", "year", year_field(null=True)),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AlterField("report", "year", year_field(null=False)),
        migrations.AlterField("historicalreport", "year", year_field(null=False)),
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["-year", "university_id"],
                "verbose_name": "progress report",
                "verbose_name_plural": "progress reports",
            },
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["-year", "university"], name="report_list_order"
            ),
        ),
    ]
