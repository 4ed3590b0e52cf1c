"""Load the indicator catalogue shipped as `initiatives/data/indicators_*.json`.

Data migrations call these functions with their historical `apps` registry, so nothing
here imports a model: every model comes from `apps.get_model`. The checks run before any
row is written, and one error lists every problem found, each naming file and code,
so whoever writes the catalogue can fix it all in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
INDICATOR_GLOB = "indicators_*.json"

CODE_RE = re.compile(r"^IND-(?P<action>[AO][0-9])-[0-9]{2}$")

CHOICES = {
    "value_type": ("integer", "decimal", "percentage", "boolean", "date"),
    "measure": ("stock", "flow"),
    "aggregation": ("sum", "mean", "max", "none"),
    "time_type": ("calendar", "school", "point"),
}
REQUIRED_TEXT = ("name_zh", "name_en", "definition_zh", "definition_en")
REQUIRED = ("code", "action", "order", "unit_zh", "unit_en", *REQUIRED_TEXT, *CHOICES)
# Optional keys and the value stored when a file leaves them out.
OPTIONAL: dict[str, Any] = {
    "task": None,
    "point_in_time_zh": "",
    "point_in_time_en": "",
    "min_value": None,
    "max_value": None,
    "decimal_places": 0,
    "change_threshold_pct": 50,
    "applies_bachelor": True,
    "applies_associate": True,
    "applies_adult": False,
    "includes_zh": "",
    "includes_en": "",
    "excludes_zh": "",
    "excludes_en": "",
    "credited_zh": "",
    "credited_en": "",
    "source_zh": "",
    "source_en": "",
    "counterpart_zh": "",
    "counterpart_en": "",
    "grounding": "",
    "derivation": "",
    "is_active": True,
}
TEXT_KEYS = (
    "unit_zh",
    "unit_en",
    *REQUIRED_TEXT,
    *(key for key, default in OPTIONAL.items() if default == ""),
)
BOOL_KEYS = tuple(k for k, v in OPTIONAL.items() if isinstance(v, bool))
# Lengths of the Indicator's CharFields: a longer value would fail on PostgreSQL only.
MAX_LENGTH = {
    "name_zh": 120,
    "name_en": 200,
    "unit_zh": 20,
    "unit_en": 40,
    "point_in_time_zh": 40,
    "point_in_time_en": 60,
    "derivation": 100,
}


class CatalogueError(ValueError):
    """A catalogue file does not describe valid indicators."""


def indicator_paths(directory: Path = DATA_DIR) -> list[Path]:
    """The indicator catalogue files, in sorted name order."""
    return sorted(directory.glob(INDICATOR_GLOB))


def validate_indicator(
    obj: Any, *, plan: Mapping[str, set[str]] | None = None
) -> dict[str, Any]:
    """Check one catalogue entry and return the field values to store.

    `plan` maps each action code to its task codes; without it only the shape is
    checked. Raises CatalogueError whose message starts with the indicator's code.
    """
    if not isinstance(obj, dict):
        raise CatalogueError(f"entry is not an object: {obj!r:.60}")
    code = obj.get("code")
    label = code if isinstance(code, str) and code else "(no code)"
    problems: list[str] = []

    unknown = sorted(set(obj) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        problems.append(f"unknown keys {', '.join(unknown)}")
    missing = [key for key in REQUIRED if key not in obj]
    if missing:
        problems.append(f"missing keys {', '.join(missing)}")

    values = {**OPTIONAL, **{k: v for k, v in obj.items() if k not in unknown}}
    match = CODE_RE.match(code) if isinstance(code, str) else None
    if not match:
        problems.append(f"bad code {code!r} (expected the form IND-A1-01)")
    action = values.get("action")
    if match and action != match["action"]:
        problems.append(f"code {code} does not belong to action {action!r}")
    if plan is not None and action is not None and action not in plan:
        problems.append(f"unknown action {action!r}")
    task = values.get("task")
    if task is not None:
        if not isinstance(task, str) or not task.startswith(f"{action}."):
            problems.append(f"task {task!r} is not a task of action {action!r}")
        elif plan is not None and action in plan and task not in plan[action]:
            problems.append(f"unknown task {task!r}")

    for key, allowed in CHOICES.items():
        if key in values and values[key] not in allowed:
            problems.append(
                f"bad {key} {values[key]!r} (expected one of {', '.join(allowed)})"
            )
    for key in TEXT_KEYS:
        value = values.get(key, "")
        if not isinstance(value, str):
            problems.append(f"{key} must be text")
        elif key in REQUIRED_TEXT and key in values and not value.strip():
            problems.append(f"{key} is empty")
        elif len(value) > MAX_LENGTH.get(key, len(value)):
            problems.append(f"{key} is longer than {MAX_LENGTH[key]} characters")
    for key in BOOL_KEYS:
        if not isinstance(values[key], bool):
            problems.append(f"{key} must be true or false")
    for key in ("order", "decimal_places", "change_threshold_pct"):
        value = values.get(key)
        if key in values and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            problems.append(f"{key} must be a whole number >= 0")
    if isinstance(values["decimal_places"], int) and values["decimal_places"] > 4:
        problems.append("decimal_places must be at most 4")
    # A count taken at a point in time means nothing without the date; a date value
    # (e.g. when a body was set up) is its own reference.
    if (
        values.get("time_type") == "point"
        and values.get("value_type") != "date"
        and not values["point_in_time_zh"]
    ):
        problems.append("time_type point needs point_in_time_zh (the reference date)")

    # Shares do not add up across universities, and dates neither add nor average.
    aggregation, value_type = values.get("aggregation"), values.get("value_type")
    if value_type == "percentage" and aggregation == "sum":
        problems.append("a percentage cannot be aggregated by sum")
    if value_type == "date" and aggregation in ("sum", "mean"):
        problems.append(f"a date cannot be aggregated by {aggregation}")
    if value_type == "integer" and not values.get("unit_zh"):
        problems.append("a count needs unit_zh")

    for key in ("min_value", "max_value"):
        values[key] = _decimal(values[key], key, problems)
    low, high = values["min_value"], values["max_value"]
    if low is not None and high is not None and low > high:
        problems.append("min_value is greater than max_value")

    if problems:
        raise CatalogueError(f"{label}: {'; '.join(problems)}")
    return values


def _decimal(value: Any, key: str, problems: list[str]) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{key} must be a number")
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        problems.append(f"{key} must be a number")
        return None


def read_indicators(
    paths: Iterable[Path], *, plan: Mapping[str, set[str]] | None = None
) -> list[dict[str, Any]]:
    """Read and check every file; raise one CatalogueError listing all problems."""
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: cannot be read as JSON: {exc}")
            continue
        if not isinstance(data, list):
            problems.append(f"{path.name}: must hold a JSON list of indicators")
            continue
        for obj in data:
            try:
                values = validate_indicator(obj, plan=plan)
            except CatalogueError as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            code = values["code"]
            if code in seen:
                problems.append(
                    f"{path.name}: {code}: duplicate code (also in {seen[code]})"
                )
                continue
            seen[code] = path.name
            entries.append(values)
    if problems:
        raise CatalogueError(
            "The indicator catalogue has errors:\n  " + "\n  ".join(problems)
        )
    return entries


def plan_codes(apps) -> dict[str, set[str]]:
    """Each action's code with the codes of its tasks, as the database holds them."""
    plan: dict[str, set[str]] = {
        code: set()
        for code in apps.get_model("initiatives", "Action").objects.values_list(
            "code", flat=True
        )
    }
    tasks = apps.get_model("initiatives", "Task").objects.values_list(
        "action__code", "code"
    )
    for action_code, task_code in tasks:
        plan[action_code].add(task_code)
    return plan


def load_indicators(apps, paths: Iterable[Path]) -> int:
    """Create or update the indicators of the catalogue files; return how many."""
    Action = apps.get_model("initiatives", "Action")
    Task = apps.get_model("initiatives", "Task")
    Indicator = apps.get_model("initiatives", "Indicator")
    entries = read_indicators(paths, plan=plan_codes(apps))
    actions = {a.code: a for a in Action.objects.all()}
    tasks = {t.code: t for t in Task.objects.all()}
    for values in entries:
        fields = dict(values)
        code = fields.pop("code")
        fields["action"] = actions[fields["action"]]
        fields["task"] = tasks[fields["task"]] if fields["task"] else None
        Indicator.objects.update_or_create(code=code, defaults=fields)
    return len(entries)


def unload_indicators(apps, paths: Iterable[Path]) -> int:
    """Delete the indicators the catalogue files name (the reverse of loading)."""
    Indicator = apps.get_model("initiatives", "Indicator")
    codes = set()
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        codes.update(obj.get("code") for obj in data if isinstance(obj, dict))
    deleted, _ = Indicator.objects.filter(code__in=codes).delete()
    return deleted
