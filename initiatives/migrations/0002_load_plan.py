"""Load the plan (horizons, actions, measures, tasks, technology fields) from plan.json.

The codes are frozen (PLAN-TASKS.md). Loading updates rows by code, so running it on a
database that already holds some of them is safe; the reverse deletes what it loaded.
"""

import json
from pathlib import Path

from django.db import migrations

PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "plan.json"


def read_plan():
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def load_plan(apps, schema_editor):
    Horizon = apps.get_model("initiatives", "Horizon")
    Action = apps.get_model("initiatives", "Action")
    Task = apps.get_model("initiatives", "Task")
    TechnologyField = apps.get_model("initiatives", "TechnologyField")
    plan = read_plan()

    for row in plan["horizons"]:
        fields = dict(row)
        Horizon.objects.update_or_create(code=fields.pop("code"), defaults=fields)
    for row in plan["actions"]:
        fields = dict(row)
        task_rows = fields.pop("tasks")
        action, _ = Action.objects.update_or_create(
            code=fields.pop("code"), defaults=fields
        )
        for task_row in task_rows:
            task_fields = dict(task_row)
            Task.objects.update_or_create(
                code=task_fields.pop("code"), defaults={**task_fields, "action": action}
            )
    for row in plan["technology_fields"]:
        fields = dict(row)
        TechnologyField.objects.update_or_create(
            code=fields.pop("code"), defaults=fields
        )


def unload_plan(apps, schema_editor):
    plan = read_plan()
    codes = {
        "TechnologyField": [row["code"] for row in plan["technology_fields"]],
        "Task": [task["code"] for row in plan["actions"] for task in row["tasks"]],
        "Action": [row["code"] for row in plan["actions"]],
        "Horizon": [row["code"] for row in plan["horizons"]],
    }
    for name, model_codes in codes.items():
        model = apps.get_model("initiatives", name)
        model.objects.filter(code__in=model_codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_plan, unload_plan),
    ]
