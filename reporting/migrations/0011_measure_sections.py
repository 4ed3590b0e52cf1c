"""Every organisational measure gets a section in the reports still being written.

Sections used to be made only for measures with indicators, so O2 (no indicators)
had none and no place for its narrative. New reports now get one per action and
measure (reports_sections_ensure); this adds the missing ones to draft reports,
each with its history row as the service writes it. Reports already on their way
keep the sections they were submitted with. Reversed, the added sections go again
while nothing has been written in them.
"""

from django.db import migrations
from django.utils import timezone

FIELDS = (
    "version",
    "is_zero_report",
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
    "revision",
    "updated_at",
)


def add_missing_sections(apps, schema_editor):
    Action = apps.get_model("initiatives", "Action")
    Report = apps.get_model("reporting", "Report")
    ReportSection = apps.get_model("reporting", "ReportSection")
    HistoricalReportSection = apps.get_model("reporting", "HistoricalReportSection")
    action_ids = list(Action.objects.order_by("order").values_list("pk", flat=True))
    report_ids = list(Report.objects.filter(state="draft").values_list("pk", flat=True))
    existing = set(
        ReportSection.objects.filter(report_id__in=report_ids).values_list(
            "report_id", "action_id"
        )
    )
    missing = [
        ReportSection(report_id=report_id, action_id=action_id)
        for report_id in report_ids
        for action_id in action_ids
        if (report_id, action_id) not in existing
    ]
    created = ReportSection.objects.bulk_create(missing, batch_size=500)
    # bulk_create gives back primary keys on PostgreSQL and SQLite alike.
    now = timezone.now()
    HistoricalReportSection.objects.bulk_create(
        [
            HistoricalReportSection(
                id=section.pk,
                report_id=section.report_id,
                action_id=section.action_id,
                updated_by_id=None,
                history_date=now,
                history_type="+",
                history_change_reason="measure sections",
                **{name: getattr(section, name) for name in FIELDS},
            )
            for section in created
        ],
        batch_size=500,
    )


def remove_untouched_measure_sections(apps, schema_editor):
    Indicator = apps.get_model("initiatives", "Indicator")
    ReportSection = apps.get_model("reporting", "ReportSection")
    with_indicators = Indicator.objects.values("action_id")
    ReportSection.objects.filter(
        report__state="draft",
        action__kind="measure",
        version=0,
        is_zero_report=False,
        zero_note="",
        narrative_done="",
        narrative_obstacles="",
        narrative_next="",
    ).exclude(action_id__in=with_indicators).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_load_indicators"),
        ("reporting", "0010_submission_count"),
    ]

    operations = [
        migrations.RunPython(add_missing_sections, remove_untouched_measure_sections),
    ]
