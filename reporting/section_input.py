"""What a user asks to change in one section of a report, typed.

The HTML form, the JSON autosave (and later the API and the Excel reader) each read
their request into a `SectionInput`; `section_save` and `sections_save` take only
that. A field that is None was not sent and keeps what is stored, so an autosave of
one field never blanks the others. `to_data`/`from_data` are the lossless JSON form
a refused save is kept in (`PendingInput.data`), which the form lays over the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reporting.models import Value

SECTION_TEXT_FIELDS = (
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
)
TRUE_WORDS = ("1", "true", "on", "yes")
STATUSES = frozenset(Value.Status.values)


def _text(value: str) -> str:
    # Browsers submit textarea line breaks as CRLF but report-form.js reads LF.
    return value.replace("\r\n", "\n")


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in TRUE_WORDS
    return bool(value)


@dataclass(frozen=True)
class ValueInput:
    """One indicator's input. `status` is a Value.Status value; None in any field
    means "not sent": the stored raw text or explanation stays, and without raw
    and status the stored status stays too."""

    indicator_code: str
    raw: str | None = None
    status: str | None = None
    explanation: str | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValidationError(_("The input could not be read."))

    def to_data(self) -> dict:
        return {
            name: getattr(self, name)
            for name in ("raw", "status", "explanation")
            if getattr(self, name) is not None
        }

    @classmethod
    def from_data(cls, code: str, entry: object) -> ValueInput:
        """From the stored form; a bare value is the raw text, a present None an
        empty text."""
        if not isinstance(entry, Mapping):
            entry = {"raw": entry}
        sent = {
            name: "" if entry[name] is None else str(entry[name])
            for name in ("raw", "explanation")
            if name in entry
        }
        status = entry.get("status")
        return cls(
            indicator_code=code,
            status=None if status is None else str(status),
            **sent,
        )


@dataclass(frozen=True)
class SectionInput:
    """The changes to one section (by its action's code), based on the section's
    `base_version` as the user saw it. `values` holds only the indicators sent."""

    action_code: str
    base_version: int
    values: Mapping[str, ValueInput] = field(default_factory=dict)
    is_zero_report: bool | None = None
    zero_note: str | None = None
    narrative_done: str | None = None
    narrative_obstacles: str | None = None
    narrative_next: str | None = None

    def section_fields(self) -> dict:
        """The section's own fields that were sent."""
        names = ("is_zero_report", *SECTION_TEXT_FIELDS)
        return {
            name: getattr(self, name)
            for name in names
            if getattr(self, name) is not None
        }

    # --- The stored form (PendingInput.data) ---------------------------------------

    def to_data(self) -> dict:
        """{"values": {code: {"raw", "status", "explanation"}}, "is_zero_report",
        "zero_note", "narrative_*"}, with only what was sent."""
        return {
            "values": {code: entry.to_data() for code, entry in self.values.items()},
            **self.section_fields(),
        }

    @classmethod
    def from_data(
        cls, data: object, *, action_code: str, base_version: int
    ) -> SectionInput:
        """Read `to_data`'s form back; raises ValidationError for another shape."""
        if not isinstance(data, Mapping) or not isinstance(
            data.get("values", {}), Mapping
        ):
            raise ValidationError(_("The input could not be read."))
        values = {
            str(code): ValueInput.from_data(str(code), entry)
            for code, entry in (data.get("values") or {}).items()
        }
        sent: dict = {
            name: str(data[name] or "") for name in SECTION_TEXT_FIELDS if name in data
        }
        if "is_zero_report" in data:
            sent["is_zero_report"] = _as_bool(data["is_zero_report"])
        return cls(
            action_code=action_code,
            base_version=int(base_version),
            values=values,
            **sent,
        )

    # --- Requests ------------------------------------------------------------------

    @classmethod
    def from_post(cls, post, indicators: Iterable, *, action_code: str) -> SectionInput:
        """From the section's HTML form. Raises ValueError without a base version.

        report-form.js adds `js_changed` (the fields changed since the last save) so
        that a refused save keeps only what the user changed; without JavaScript every
        field of the section is sent.
        """
        try:
            base_version = int(post["base_version"])
        except KeyError:
            raise ValueError("base_version") from None
        changed = set(post["js_changed"].split(",")) if "js_changed" in post else None

        def wanted(key: str) -> bool:
            return changed is None or key in changed

        values = {}
        for indicator in indicators:
            code = indicator.code
            if not wanted(f"v:{code}") or f"raw-{code}" not in post:
                continue
            raw = post.get(f"raw-{code}", "")
            raw = raw if raw.strip() else ""
            if post.get(f"na-{code}"):
                status = Value.Status.NOT_APPLICABLE
            else:
                status = Value.Status.ENTERED if raw else Value.Status.BLANK
            explanation = post.get(f"explanation-{code}")
            values[code] = ValueInput(
                indicator_code=code,
                raw=raw,
                status=str(status),
                explanation=None if explanation is None else _text(explanation),
            )
        sent: dict = {
            name: _text(post[name])
            for name in SECTION_TEXT_FIELDS
            if wanted(name) and name in post
        }
        if wanted("is_zero_report"):
            sent["is_zero_report"] = bool(post.get("is_zero_report"))
        return cls(
            action_code=action_code, base_version=base_version, values=values, **sent
        )

    @classmethod
    def from_json(
        cls, payload: object, codes: set[str], *, action_code: str
    ) -> SectionInput:
        """From the autosave's {"base_version": n, "data": {...}}: only the
        indicators in `codes` are kept, and a null is "not sent". Raises ValueError
        (or KeyError, TypeError) for anything else."""
        if not isinstance(payload, Mapping):
            raise ValueError("payload")
        base_version = int(payload["base_version"])
        data = payload["data"]
        if not isinstance(data, Mapping):
            raise ValueError("data")
        entries = data.get("values", {})
        if not isinstance(entries, Mapping):
            raise ValueError("values")
        values = {}
        for code, entry in entries.items():
            if code not in codes or not isinstance(entry, Mapping):
                continue
            sent = {
                name: str(entry[name])
                for name in ("raw", "status", "explanation")
                if entry.get(name) is not None
            }
            if sent.get("status", Value.Status.ENTERED) not in STATUSES:
                raise ValueError("status")
            values[code] = ValueInput(indicator_code=code, **sent)
        sent_fields: dict = {
            name: str(data[name])
            for name in SECTION_TEXT_FIELDS
            if data.get(name) is not None
        }
        if "is_zero_report" in data:
            sent_fields["is_zero_report"] = bool(data["is_zero_report"])
        return cls(
            action_code=action_code,
            base_version=base_version,
            values=values,
            **sent_fields,
        )
