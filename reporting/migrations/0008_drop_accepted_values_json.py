"""The JSON snapshot of accepted versions is gone: their values are AcceptedValue
rows (0007 converted them). Reversed, the field comes back empty and 0007's reverse
rebuilds it from the rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_accepted_values_from_json"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="acceptedversion",
            name="values",
        ),
    ]
