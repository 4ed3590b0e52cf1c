"""Sections record the report revision of their last change, as values do."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_period_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreportsection",
            name="revision",
            field=models.PositiveIntegerField(
                default=0, verbose_name="report revision"
            ),
        ),
        migrations.AddField(
            model_name="reportsection",
            name="revision",
            field=models.PositiveIntegerField(
                default=0, verbose_name="report revision"
            ),
        ),
    ]
