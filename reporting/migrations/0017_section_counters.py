"""Each section's counters, stored by the saves that check it; the report's are
their sums. Database defaults, so that rows written without them (the national
seed's COPY) are "not counted yet" (counted_rules ""), counted by their next save."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0016_report_period_latest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportsection",
            name="applicable_count",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                editable=False,
                verbose_name="indicators that apply",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="counted_rules",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=16,
                verbose_name="counted under the rules",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="draft_error_count",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                editable=False,
                verbose_name="errors shown in a draft",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="error_count",
            field=models.PositiveIntegerField(
                db_default=0, default=0, editable=False, verbose_name="errors"
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="filled_count",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                editable=False,
                verbose_name="indicators filled in",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="unexplained_warning_count",
            field=models.PositiveIntegerField(
                db_default=0,
                default=0,
                editable=False,
                verbose_name="unexplained warnings",
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="warning_count",
            field=models.PositiveIntegerField(
                db_default=0, default=0, editable=False, verbose_name="warnings"
            ),
        ),
    ]
