"""Reading a bulk write's rows into the typed input the form's save takes
(`SectionInput`, one per section), each row checked as the form checks it, and
every row that cannot be stored named in one 400 (`values.3.raw`, with a code and
a message in the caller's language)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from initiatives.models import Indicator
from reporting.models import Value
from reporting.numbers import error_message, parse_value
from reporting.report_read import ReportData
from reporting.section_input import BASE_VERSION_MAX, SectionInput, ValueInput

# An entity tag of a section: "3" on its own resource, "A1:3" in a bulk write.
ETAG = re.compile(r'(?:W/)?"([^"]*)"')


class RowErrors:
    """Field errors by dotted path, raised as one 400 in the one error shape."""

    def __init__(self) -> None:
        self.tree: dict = {}

    def add(self, path: tuple, code: str, message: str) -> None:
        node = self.tree
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node.setdefault(path[-1], []).append(ErrorDetail(message, code=code))

    def raise_any(self) -> None:
        if self.tree:
            raise exceptions.ValidationError(self.tree)


def if_match_versions(request) -> dict[str, int]:
    """The If-Match header's entity tags as {"A1": 3} ("A1:3"), or {"": 3} ("3")."""
    versions = {}
    for tag in ETAG.findall(request.headers.get("If-Match", "")):
        code, _sep, number = tag.rpartition(":")
        if number.isascii() and number.isdigit() and len(number) <= 10:
            if int(number) <= BASE_VERSION_MAX:
                versions[code] = int(number)
    return versions


def refusals(refused: ValidationError) -> list[tuple[str, str]]:
    """(field, message) of the typed input's refusal; field "" for the whole."""
    if hasattr(refused, "error_dict"):
        return [(k, m) for k, found in refused.message_dict.items() for m in found]
    return [("", message) for message in refused.messages]


@dataclass
class Rows:
    """The request read into one `SectionInput` per section, with the row of each
    value (for naming it in warnings)."""

    inputs: list[SectionInput]
    rows: dict[str, int]


def _value_row(errors, index, row, indicator) -> ValueInput | None:
    sent = {name: row[name] for name in ("raw", "status", "explanation") if name in row}
    try:
        entry = ValueInput(indicator_code=indicator.code, **sent)
    except ValidationError as refused:
        for key, message in refusals(refused):
            field = key.split("-", 1)[0] or "raw"
            errors.add(("values", index, field), "invalid_text", message)
        return None
    raw = entry.raw
    if entry.status != Value.Status.NOT_APPLICABLE and raw is not None and raw.strip():
        code = parse_value(indicator, raw).error_code
        if code:
            message = _("%(code)s: %(message)s") % {
                "code": indicator.code,
                "message": error_message(code, indicator),
            }
            errors.add(("values", index, "raw"), code, message)
            return None
    return entry


def rows_read(read: ReportData, data: dict, versions: dict[str, int]) -> Rows:
    """Every row checked as the form checks it, against the report as the save
    read it; raises 400 naming each bad one."""
    errors = RowErrors()
    value_rows = data.get("values", [])
    indicators = {indicator.code: indicator for indicator in read.indicators}
    sections = {section.action.code for section in read.sections}
    by_section: dict[str, dict] = {}
    rows: dict[str, int] = {}
    for index, row in enumerate(value_rows):
        code = row["indicator"]
        indicator: Indicator | None = indicators.get(code)
        if indicator is None or indicator.action.code not in sections:
            message = _("%(code)s is not an indicator of this report.")
            errors.add(
                ("values", index, "indicator"), "unknown", message % {"code": code}
            )
            continue
        if code in rows:
            message = _("%(code)s is given more than once (row %(row)s).")
            errors.add(
                ("values", index, "indicator"),
                "duplicate",
                message % {"code": code, "row": rows[code]},
            )
            continue
        rows[code] = index
        entry = _value_row(errors, index, row, indicator)
        if entry is not None:
            by_section.setdefault(indicator.action.code, {"values": {}})
            by_section[indicator.action.code]["values"][code] = entry
    for index, row in enumerate(data.get("sections", [])):
        action = row["action"]
        if action not in sections:
            message = _("This report has no section %(code)s.")
            errors.add(
                ("sections", index, "action"), "unknown", message % {"code": action}
            )
        elif "fields" in by_section.get(action, {}):
            message = _("Section %(code)s is given more than once.")
            errors.add(
                ("sections", index, "action"), "duplicate", message % {"code": action}
            )
        else:
            fields = {k: v for k, v in row.items() if k != "action"}
            by_section.setdefault(action, {"values": {}})["fields"] = (index, fields)
    for action in by_section:
        if action not in versions:
            message = _(
                "Give the version of section %(code)s the changes are based on "
                "(If-Match or versions)."
            )
            errors.add(("versions", action), "required", message % {"code": action})
    errors.raise_any()
    inputs = []
    for action, parts in by_section.items():
        index, fields = parts.get("fields", (None, {}))
        try:
            inputs.append(
                SectionInput(
                    action_code=action,
                    base_version=versions[action],
                    values=parts["values"],
                    **fields,
                )
            )
        except ValidationError as refused:  # a text of the section over its limit
            for key, message in refusals(refused):
                errors.add(("sections", index, key or "action"), "invalid", message)
    errors.raise_any()
    return Rows(inputs=inputs, rows=rows)
