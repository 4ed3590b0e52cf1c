"""Reports count their submissions, `submission_count`: the version officials see
("submission 2", "draft after submission 1"), while `revision` stays the internal
change counter. Each transition keeps the count as the step left it.

Existing reports and transitions take it from their SUBMIT transitions, counted in
order; a report submitted (or accepted) without a recorded SUBMIT counts one.
Reversed, the columns go and nothing else is lost. The internal counters get labels
that say what they are: the report's change counter, the section's lock counter.
"""

from django.db import migrations, models

SENT_STATES = ("submitted", "passed", "accepted")


def fill_submission_count(apps, schema_editor):
    Report = apps.get_model("reporting", "Report")
    Transition = apps.get_model("reporting", "Transition")
    counts: dict[int, int] = {}
    changed = []
    for transition in Transition.objects.order_by("report_id", "at", "id").only(
        "id", "report_id", "action"
    ):
        count = counts.get(transition.report_id, 0)
        if transition.action == "submit":
            count += 1
        counts[transition.report_id] = count
        if count:
            transition.submission_count = count
            changed.append(transition)
    Transition.objects.bulk_update(changed, ["submission_count"], batch_size=500)
    reports = []
    for report in Report.objects.only("id", "state", "submitted_at"):
        count = counts.get(report.pk, 0)
        if not count and (report.submitted_at or report.state in SENT_STATES):
            count = 1
        if count:
            report.submission_count = count
            reports.append(report)
    Report.objects.bulk_update(reports, ["submission_count"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_report_last_submitted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreport",
            name="submission_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="How many times the university has sent the report upward.",
                verbose_name="times submitted",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="submission_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="How many times the university has sent the report upward.",
                verbose_name="times submitted",
            ),
        ),
        migrations.AddField(
            model_name="transition",
            name="submission_count",
            field=models.PositiveIntegerField(
                default=0,
                help_text="The report's count of submissions after this step.",
                verbose_name="times submitted",
            ),
        ),
        migrations.RunPython(fill_submission_count, migrations.RunPython.noop),
        # The internal counters say what they are (labels only, no schema change).
        *(
            migrations.AlterField(
                model_name=model,
                name="revision",
                field=models.PositiveIntegerField(
                    default=0, verbose_name="change counter"
                ),
            )
            for model in ("historicalreport", "report")
        ),
        *(
            migrations.AlterField(
                model_name=model,
                name="version",
                field=models.PositiveIntegerField(
                    default=0,
                    help_text="Raised by every save; a save based on an older one "
                    "is refused.",
                    verbose_name="lock counter",
                ),
            )
            for model in ("historicalreportsection", "reportsection")
        ),
    ]
