"""Load the indicator catalogue: every initiatives/data/indicators_*.json, sorted by name.

The checks live in initiatives.catalogue (which uses only the `apps` registry given
here); a bad file stops the migration with a message naming the file and the code.
"""

from django.db import migrations

from initiatives.catalogue import indicator_paths, load_indicators, unload_indicators


def load(apps, schema_editor):
    load_indicators(apps, indicator_paths())


def unload(apps, schema_editor):
    unload_indicators(apps, indicator_paths())


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_load_plan"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
