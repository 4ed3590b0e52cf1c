"""Reports keep their latest submission, `last_submitted_at`, beside the first one
(`submitted_at`, kept as it was).

Existing reports take it from their last SUBMIT transition, or from `submitted_at`
where no transition was recorded. Reversed, the column goes and nothing is lost.
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_last_submitted_at(apps, schema_editor):
    Report = apps.get_model("reporting", "Report")
    Transition = apps.get_model("reporting", "Transition")
    last_submit = (
        Transition.objects.filter(report=OuterRef("pk"), action="submit")
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    Report.objects.filter(submitted_at__isnull=False).update(
        last_submitted_at=Coalesce(Subquery(last_submit), F("submitted_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_drop_accepted_values_json"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreport",
            name="last_submitted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last submitted"
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="last_submitted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last submitted"
            ),
        ),
        migrations.RunPython(fill_last_submitted_at, migrations.RunPython.noop),
    ]
