"""Writes on institutions: the import of the ministry's list of universities."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Authority, AuthorityAlias, Province, University

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_LIST_PATH = DATA_DIR / "moe_higher_education_list_2025.tsv"
DEFAULT_TAGS_PATH = DATA_DIR / "institution_tags.csv"

LIST_COLUMNS = ("code", "name", "province", "city", "level", "authority", "note")
# Tag column -> University field.
TAG_FLAGS = {
    "double_first_class_2022": "double_first_class",
    "project_985": "project_985",
    "project_211": "project_211",
    "ministry_province_co_built": "co_built",
}
FLAG_FIELDS = tuple(TAG_FLAGS.values())
COMPARED_FIELDS = (
    "name_zh",
    "province_id",
    "city",
    "authority_id",
    "level",
    "category",
    "note",
    *FLAG_FIELDS,
)
CODE_RE = re.compile(r"[0-9]{10}")
BATCH = 500


class RowError(NamedTuple):
    row: int  # as in the file, the header being row 1
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(message)s") % self._asdict()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _(
            "created %(created)s, updated %(updated)s, unchanged %(unchanged)s"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@cache
def vocabulary() -> dict[str, Any]:
    """The list's Chinese terms live in a data file, so that code stays ASCII."""
    with open(DATA_DIR / "list_vocabulary.json", encoding="utf-8") as f:
        return json.load(f)


def university_category(*, authority_kind: str, co_built: bool, note: str) -> str:
    """DESIGN §3: the first rule that matches decides the category."""
    words = vocabulary()
    if authority_kind == Authority.Kind.MOE:
        return University.Category.MOE
    if co_built:
        return University.Category.CO_BUILT
    if authority_kind == Authority.Kind.CENTRAL:
        return University.Category.CENTRAL
    if any(marker in note for marker in words["sino_foreign_note_markers"]):
        return University.Category.SINO_FOREIGN
    if any(marker in note for marker in words["private_note_markers"]):
        return University.Category.PRIVATE
    return University.Category.LOCAL


def _province_lookup() -> dict[str, int]:
    """Full Chinese names, unambiguous short forms (without the suffix) and English."""
    suffixes = vocabulary()["province_suffixes"]
    lookup: dict[str, int] = {}
    short: dict[str, set[int]] = {}
    for pk, name_zh, name_en in Province.objects.values_list(
        "pk", "name_zh", "name_en"
    ):
        lookup[name_zh] = pk
        if name_en:
            lookup[name_en.lower()] = pk
        for suffix in suffixes:
            if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
                short.setdefault(name_zh.removesuffix(suffix), set()).add(pk)
                break
    for name, pks in short.items():
        if len(pks) == 1:
            lookup.setdefault(name, next(iter(pks)))
    return lookup


def _read_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-empty line; TSV or CSV by name or sniffing."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        suffix = path.suffix.lower()
        if suffix in (".tsv", ".tab", ".txt") or (
            suffix != ".csv" and "\t" in f.readline()
        ):
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        else:
            reader = csv.reader(f)
        f.seek(0)
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, [cell.strip() for cell in cells]


def _read_table(
    path: Path, required: Collection[str], errors: list[RowError], label: str = ""
) -> list[tuple[int, dict[str, str]]]:
    records = _read_records(path)
    header_line, header = next(records, (1, []))
    header = [name.lower() for name in header]
    missing = [name for name in required if name not in header]
    for name in missing:
        errors.append(RowError(header_line, name + label, _("the column is missing")))
    if missing:
        return []
    width = len(header)
    return [
        (line, dict(zip(header, (cells + [""] * width)[:width], strict=True)))
        for line, cells in records
    ]


def _read_tags(path: Path | None, errors: list[RowError]) -> dict[str, dict]:
    if path is None:
        return {}
    label = f" ({path.name})"
    flags: dict[str, dict] = {}
    for line, row in _read_table(path, ["code", *TAG_FLAGS], errors, label):
        values = {}
        for column, field_name in TAG_FLAGS.items():
            raw = row[column]
            if raw not in ("", "0", "1"):
                errors.append(RowError(line, column + label, _("must be 0 or 1")))
            values[field_name] = raw == "1"
        flags[row["code"]] = values
    return flags


class _Planned(NamedTuple):
    values: dict[str, Any]
    others: frozenset[int]


def _validate(
    rows: list[tuple[int, dict[str, str]]],
    tags: dict[str, dict],
    errors: list[RowError],
) -> dict[str, _Planned]:
    """Check every row (all errors, not the first) and plan the stored values."""
    levels = vocabulary()["levels"]
    provinces = _province_lookup()
    aliases = {
        alias.raw: alias.authority
        for alias in AuthorityAlias.objects.select_related("authority")
    }
    planned: dict[str, _Planned] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        before = len(errors)

        def error(column: str, message: str, line: int = line) -> None:
            errors.append(RowError(line, column, message))

        code = row["code"]
        if not CODE_RE.fullmatch(code):
            error("code", _("%(code)r is not a 10-digit code") % {"code": code})
        elif code in seen:
            error("code", _("duplicate of row %(row)s") % {"row": seen[code]})
        else:
            seen[code] = line
        name = row["name"]
        if not name:
            error("name", _("the name is empty"))
        elif len(name) > 100:
            error("name", _("longer than %(max)s characters") % {"max": 100})
        province = provinces.get(row["province"]) or provinces.get(
            row["province"].lower()
        )
        if province is None:
            error(
                "province",
                _("unknown province %(value)r") % {"value": row["province"]},
            )
        if len(row["city"]) > 40:
            error("city", _("longer than %(max)s characters") % {"max": 40})
        level = levels.get(row["level"])
        if level is None:
            error("level", _("unknown level %(value)r") % {"value": row["level"]})
        authorities = []
        tokens = row["authority"].split()
        if not tokens:
            error("authority", _("the authority is empty"))
        for token in tokens:
            if token in aliases:
                authorities.append(aliases[token])
            else:
                error(
                    "authority",
                    _("unknown authority %(value)r (not in the alias table)")
                    % {"value": token},
                )
        if len(row["note"]) > 500:
            error("note", _("longer than %(max)s characters") % {"max": 500})
        if len(errors) > before:
            continue
        flags = tags.get(code) or dict.fromkeys(FLAG_FIELDS, False)
        reviewing = authorities[0]
        planned[code] = _Planned(
            values={
                "name_zh": name,
                "province_id": province,
                "city": row["city"],
                "authority_id": reviewing.pk,
                "level": level,
                "category": university_category(
                    authority_kind=reviewing.kind,
                    co_built=flags["co_built"],
                    note=row["note"],
                ),
                "note": row["note"],
                **flags,
            },
            others=frozenset(a.pk for a in authorities[1:] if a.pk != reviewing.pk),
        )
    return planned


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def universities_import(
    *,
    rows_path: Path,
    tags_path: Path | None,
    dry_run: bool = False,
    codes: Collection[str] | None = None,
) -> ImportResult:
    """Upsert universities from the ministry's list, all rows or none.

    Every row is validated first and every error reported with its line and column;
    with any error nothing is written. Upserts by code, in bulk. `codes` restricts the
    import to those codes (the demo data uses it). Without a tags file every flag is
    off, which also takes away the co-built category.
    """
    result = ImportResult(dry_run=dry_run)
    rows = _read_table(Path(rows_path), LIST_COLUMNS, result.errors)
    tags = _read_tags(Path(tags_path) if tags_path else None, result.errors)
    if codes is not None:
        wanted = set(codes)
        rows = [(line, row) for line, row in rows if row["code"] in wanted]
    planned = _validate(rows, tags, result.errors)
    if result.errors:
        return result

    existing_qs = University.objects.all()
    through = University.other_authorities.through.objects.all()
    if codes is not None:
        existing_qs = existing_qs.filter(code__in=list(planned))
        through = through.filter(university__code__in=list(planned))
    existing = {
        row["code"]: row for row in existing_qs.values("pk", "code", *COMPARED_FIELDS)
    }
    stored_others: dict[int, set[int]] = {}
    for university_id, authority_id in through.values_list(
        "university_id", "authority_id"
    ):
        stored_others.setdefault(university_id, set()).add(authority_id)

    to_create: list[University] = []
    to_update: list[University] = []
    others_of: dict[str, frozenset[int]] = {}
    for code, plan in planned.items():
        current = existing.get(code)
        if current is None:
            to_create.append(University(code=code, **plan.values))
            if plan.others:
                others_of[code] = plan.others
            continue
        same_fields = all(current[f] == v for f, v in plan.values.items())
        same_others = stored_others.get(current["pk"], set()) == plan.others
        if same_fields and same_others:
            result.unchanged += 1
            continue
        if not same_fields:
            to_update.append(University(pk=current["pk"], code=code, **plan.values))
        if not same_others:
            others_of[code] = plan.others
        result.updated += 1
    result.created = len(to_create)
    if dry_run:
        return result

    University.objects.bulk_create(to_create, batch_size=BATCH)
    University.objects.bulk_update(to_update, COMPARED_FIELDS, batch_size=BATCH)
    _store_other_authorities(others_of)
    return result


def _store_other_authorities(others_of: dict[str, frozenset[int]]) -> None:
    if not others_of:
        return
    through = University.other_authorities.through
    ids: dict[str, int] = {}
    for chunk in _chunks(list(others_of)):
        ids.update(University.objects.filter(code__in=chunk).values_list("code", "pk"))
    university_ids = [ids[code] for code in others_of]
    for chunk in _chunks(university_ids):
        through.objects.filter(university_id__in=chunk).delete()
    through.objects.bulk_create(
        [
            through(university_id=ids[code], authority_id=authority_id)
            for code, authority_ids in others_of.items()
            for authority_id in sorted(authority_ids)
        ],
        batch_size=BATCH,
    )
