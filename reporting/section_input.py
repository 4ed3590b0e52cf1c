"""What a user asks to change in one section of a report, typed.

The HTML form, the JSON autosave (and later the API and the Excel reader) each read
their request into a `SectionInput`; `section_save` and `sections_save` take only
that. A field that is None was not sent and keeps what is stored, so an autosave of
one field never blanks the others. `to_data`/`from_data` are the lossless JSON form
a refused save is kept in (`PendingInput.data`), which the form lays over the page.

Every producer gets the same checks here, once: no control characters (other than
tab and line breaks) and no lone surrogates, which the database cannot store; each
text within its limit (the form shows the limits); a base version that is a
plain, bounded integer. `from_post` and `from_json` raise `InputRefused` with each
refused field's message and the rest of the input, which the form shows again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reporting.display import number_text
from reporting.models import Value

SECTION_TEXT_FIELDS = (
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
)
TRUE_WORDS = ("1", "true", "on", "yes")
STATUSES = frozenset(Value.Status.values)

# The longest text a user may send, in characters; the form shows them.
NARRATIVE_MAX_LENGTH = 5000
EXPLANATION_MAX_LENGTH = 1000
ZERO_NOTE_MAX_LENGTH = 1000
RAW_MAX_LENGTH: int = Value._meta.get_field("raw").max_length
TEXT_LIMITS = {
    "zero_note": ZERO_NOTE_MAX_LENGTH,
    "narrative_done": NARRATIVE_MAX_LENGTH,
    "narrative_obstacles": NARRATIVE_MAX_LENGTH,
    "narrative_next": NARRATIVE_MAX_LENGTH,
    "explanation": EXPLANATION_MAX_LENGTH,
    "raw": RAW_MAX_LENGTH,
}
# ReportSection.version and PendingInput.base_version are PositiveIntegerFields.
BASE_VERSION_MAX = 2_147_483_647
# Control characters (category Cc) other than these, and lone surrogates, are refused.
ALLOWED_CONTROLS = frozenset("\t\n\r")


def _text(value: str) -> str:
    # Browsers submit textarea line breaks as CRLF but report-form.js reads LF.
    return value.replace("\r\n", "\n")


def _field_label(name: str) -> str:
    return {
        "zero_note": _("Why there is nothing to report"),
        "narrative_done": _("What was done"),
        "narrative_obstacles": _("Obstacles"),
        "narrative_next": _("Next steps"),
    }[name]


def text_refusal(label: str, value: str | None, limit: int) -> str | None:
    """Why `value` cannot be stored, in the user's language, or None if it can."""
    if value is None:
        return None
    if any(
        (unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS)
        or "\ud800" <= char <= "\udfff"
        for char in value
    ):
        return _(
            "%(field)s contains a control character that cannot be stored; "
            "remove it and save again."
        ) % {"field": label}
    if len(value) > limit:
        return _("%(field)s is too long: at most %(limit)s characters.") % {
            "field": label,
            "limit": number_text(Decimal(limit), grouped=True),
        }
    return None


def base_version_of(value: object) -> int:
    """The base version sent as a JSON number or a form's digits; raises ValueError
    for anything else (1e400, 1.5, true, -1, "x") or beyond the stored range."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value) if len(value) <= 10 else BASE_VERSION_MAX + 1
    if type(value) is not int or not 0 <= value <= BASE_VERSION_MAX:
        raise ValueError("base_version")
    return value


def _value_refusals(
    code: str, raw: str | None, explanation: str | None
) -> dict[str, str]:
    found = {
        f"raw-{code}": text_refusal(
            _("The value of %(code)s") % {"code": code}, raw, RAW_MAX_LENGTH
        ),
        f"explanation-{code}": text_refusal(
            _("The explanation of %(code)s") % {"code": code},
            explanation,
            EXPLANATION_MAX_LENGTH,
        ),
    }
    return {key: message for key, message in found.items() if message}


def _section_refusals(sent: dict) -> dict[str, str]:
    found = {
        name: text_refusal(_field_label(name), sent.get(name), TEXT_LIMITS[name])
        for name in SECTION_TEXT_FIELDS
    }
    return {key: message for key, message in found.items() if message}


class InputRefused(ValidationError):
    """Some fields of a section's input cannot be stored: `errors` maps each field's
    form name ("narrative_done", "raw-<code>", "explanation-<code>") to its message,
    and `kept` is the input without those fields, to show again."""

    def __init__(self, errors: dict[str, str], kept: SectionInput) -> None:
        super().__init__(errors)
        self.errors = errors
        self.kept = kept


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
        if errors := self.refusals():
            raise ValidationError(errors)

    def refusals(self) -> dict[str, str]:
        """The raw text and the explanation that cannot be stored, by form name."""
        return _value_refusals(self.indicator_code, self.raw, self.explanation)

    @classmethod
    def kept(
        cls,
        errors: dict[str, str],
        *,
        indicator_code: str,
        raw: str | None = None,
        status: str | None = None,
        explanation: str | None = None,
    ) -> ValueInput:
        """The input of one indicator without what cannot be stored, whose messages
        go into `errors`: a refused text is "not sent" and keeps the stored one."""
        refused = _value_refusals(indicator_code, raw, explanation)
        errors.update(refused)
        if f"raw-{indicator_code}" in refused:
            raw = None
            status = status if status == Value.Status.NOT_APPLICABLE else None
        if f"explanation-{indicator_code}" in refused:
            explanation = None
        return cls(
            indicator_code=indicator_code,
            raw=raw,
            status=status,
            explanation=explanation,
        )

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

    def __post_init__(self) -> None:
        base_version_of(self.base_version)
        if errors := _section_refusals(self.section_fields()):
            raise ValidationError(errors)

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
            base_version = base_version_of(post["base_version"])
        except KeyError:
            raise ValueError("base_version") from None
        changed = set(post["js_changed"].split(",")) if "js_changed" in post else None

        def wanted(key: str) -> bool:
            return changed is None or key in changed

        errors: dict[str, str] = {}
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
            values[code] = ValueInput.kept(
                errors,
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
        return cls._checked(
            errors,
            action_code=action_code,
            base_version=base_version,
            values=values,
            **sent,
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
        base_version = base_version_of(payload["base_version"])
        data = payload["data"]
        if not isinstance(data, Mapping):
            raise ValueError("data")
        entries = data.get("values", {})
        if not isinstance(entries, Mapping):
            raise ValueError("values")
        errors: dict[str, str] = {}
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
            values[code] = ValueInput.kept(errors, indicator_code=code, **sent)
        sent_fields: dict = {
            name: str(data[name])
            for name in SECTION_TEXT_FIELDS
            if data.get(name) is not None
        }
        if "is_zero_report" in data:
            sent_fields["is_zero_report"] = bool(data["is_zero_report"])
        return cls._checked(
            errors,
            action_code=action_code,
            base_version=base_version,
            values=values,
            **sent_fields,
        )

    @classmethod
    def _checked(cls, errors: dict[str, str], **sent) -> SectionInput:
        """The input; raises InputRefused with it, less the section's texts that
        cannot be stored, if any field was refused (`errors` holds the values')."""
        refused = _section_refusals(sent)
        errors.update(refused)
        kept = cls(
            **{name: value for name, value in sent.items() if name not in refused}
        )
        if errors:
            raise InputRefused(errors, kept)
        return kept
