"""Account provisioning: the bulk import of users and the mail that lets them in."""

from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from institutions.models import Authority, Membership, University

from .models import User

logger = logging.getLogger(__name__)

ROLE_ALIASES_CSV = Path(__file__).resolve().parent / "data" / "role_aliases.csv"
COLUMNS = ("name", "email", "role", "scope")
MINISTRY_SCOPE = "MOE"


@dataclass
class UsersImportResult:
    users_created: int = 0
    memberships_added: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        text = _(
            "Users created: %(created)d; memberships added: %(added)d; "
            "rows unchanged: %(unchanged)d."
        ) % {
            "created": self.users_created,
            "added": self.memberships_added,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text += " " + _("Dry run: nothing was saved and no mail was sent.")
        return text


@dataclass
class _Row:
    number: int
    name: str
    email: str
    role: str
    scope: str
    university: University | None = None
    authority: Authority | None = None


@functools.cache
def role_aliases() -> dict[str, str]:
    """Accepted spellings of each role: its key, and the labels in role_aliases.csv."""
    aliases = {role.value: role.value for role in Membership.Role}
    with open(ROLE_ALIASES_CSV, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            aliases[row["alias"].strip()] = row["role"].strip()
    return aliases


def password_set_url(user: User, *, base_url: str | None = None) -> str:
    """The absolute link at which the user chooses a password (a reset link).

    It stays valid for PASSWORD_RESET_TIMEOUT, or until the password changes.
    """
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return (base_url or settings.SITE_URL).rstrip("/") + path


def users_welcome_send(*, user_ids: list[int], base_url: str | None = None) -> int:
    """Mails each user a link to choose a first password; returns how many went out.

    One failed delivery is logged and does not stop the others: the user can still
    ask for a link on the password reset page.
    """
    base = (base_url or settings.SITE_URL).rstrip("/")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
            context = {
                "user": user,
                "set_password_url": password_set_url(user, base_url=base),
                "login_url": base + reverse("accounts:login"),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            }
            subject = render_to_string("accounts/mail/welcome_subject.txt", context)
            body = render_to_string("accounts/mail/welcome_body.txt", context)
            message = EmailMessage(
                " ".join(subject.split()),
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            try:
                message.send()
            except Exception:
                logger.exception(
                    "Could not mail the set-password link to user %s", user.pk
                )
                continue
            sent += 1
    return sent


# (row number, column, message); sorted by row, then in the file's column order.
_Error = tuple[int, str, str]


def _error(number: int, column: str, message: str) -> _Error:
    return (number, column, message)


def _format_errors(errors: list[_Error]) -> list[str]:
    errors = sorted(errors, key=lambda e: (e[0], COLUMNS.index(e[1])))
    return [
        _("row %(row)d, column %(column)s: %(message)s")
        % {"row": number, "column": column, "message": message}
        for number, column, message in errors
    ]


def _read_rows(path: str | Path) -> list[_Row]:
    """The file's data rows, numbered as a spreadsheet shows them (header = row 1)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            records = list(csv.reader(f))
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text.")) from exc
    except OSError as exc:
        raise ValidationError(
            _("The file cannot be read: %(reason)s") % {"reason": exc.strerror}
        ) from exc
    if not records:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in records[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            _(
                "row 1: the header lacks the column(s) %(missing)s; expected %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)}
        )
    index = {column: header.index(column) for column in COLUMNS}
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {
            column: record[i].strip() if i < len(record) else ""
            for column, i in index.items()
        }
        rows.append(_Row(number=number, **cells))
    if not rows:
        raise ValidationError(_("The file has a header but no rows."))
    return rows


def _check_person(row: _Row, first_row_of: dict[str, int]) -> list[_Error]:
    errors = []
    if not row.name:
        errors.append(_error(row.number, "name", _("A name is required.")))
    elif len(row.name) > User._meta.get_field("name").max_length:
        errors.append(_error(row.number, "name", _("The name is too long.")))
    row.email = row.email.lower()
    try:
        validate_email(row.email)
        User.username_validator(row.email)
    except ValidationError:
        errors.append(
            _error(
                row.number,
                "email",
                _("%(value)s is not a valid e-mail address.")
                % {"value": row.email or '""'},
            )
        )
    else:
        if row.email in first_row_of:
            errors.append(
                _error(
                    row.number,
                    "email",
                    _("This e-mail address already appears in row %(row)d.")
                    % {"row": first_row_of[row.email]},
                )
            )
        else:
            first_row_of[row.email] = row.number
    role = role_aliases().get(row.role) or role_aliases().get(row.role.lower())
    if role is None:
        errors.append(
            _error(
                row.number,
                "role",
                _("Unknown role %(value)s; use one of %(roles)s.")
                % {
                    "value": row.role or '""',
                    "roles": ", ".join(r.value for r in Membership.Role),
                },
            )
        )
    row.role = role or ""
    return errors


def _check_scope(
    row: _Row, universities: dict[str, University], authorities: dict[str, Authority]
) -> str | None:
    """Resolves the row's scope code; the error message when it cannot."""
    code = row.scope
    if row.role in Membership.UNIVERSITY_ROLES:
        university = universities.get(code)
        if university is None:
            return _("No university has the institution code %(code)s.") % {
                "code": code or '""'
            }
        if not university.is_active:
            return _("The university %(code)s is no longer active.") % {"code": code}
        row.university = university
    elif row.role in Membership.AUTHORITY_ROLES:
        authority = authorities.get(code.upper())
        if authority is None:
            if code in universities:
                return _(
                    "Reviewers belong to a competent authority: give its code "
                    "(such as EDU-11), not a university's."
                )
            return _("No competent authority has the code %(code)s.") % {
                "code": code or '""'
            }
        row.authority = authority
    elif row.role in Membership.MINISTRY_ROLES and code.upper() != MINISTRY_SCOPE:
        return _("Ministry officials and experts take the scope %(moe)s.") % {
            "moe": MINISTRY_SCOPE
        }
    return None


def _validate(rows: list[_Row]) -> dict[str, User]:
    """Checks every row before anything is written; the existing users by e-mail."""
    errors: list[_Error] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        errors.extend(_check_person(row, first_row_of))
    codes = {row.scope for row in rows}
    universities = {u.code: u for u in University.objects.filter(code__in=codes)}
    authorities = {
        a.code.upper(): a
        for a in Authority.objects.filter(code__in={c.upper() for c in codes})
    }
    emails = set(first_row_of)
    existing = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=emails
        )
    }
    taken_usernames = set(
        User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=emails - set(existing))
        .values_list("username_lower", flat=True)
    )
    for row in rows:
        if row.role:
            message = _check_scope(row, universities, authorities)
            if message:
                errors.append(_error(row.number, "scope", message))
        if row.email in taken_usernames:
            errors.append(
                _error(
                    row.number,
                    "email",
                    _("Another account already has the username %(value)s.")
                    % {"value": row.email},
                )
            )
    if errors:
        raise ValidationError(_format_errors(errors))
    return existing


@transaction.atomic
def users_import(
    *,
    path: str | Path,
    dry_run: bool = False,
    request_base_url: str | None = None,
) -> UsersImportResult:
    """Creates accounts and memberships from a CSV file of name,email,role,scope.

    Every row is checked first and one bad row stops the whole import, so a file can
    be fixed and run again. An e-mail address that already has an account gets the
    new membership on that account: every account is one person. New users get an
    unusable password and, once the transaction commits, a mail with a link to
    choose one. Running the same file twice changes nothing the second time.
    """
    rows = _read_rows(path)
    existing = _validate(rows)
    result = UsersImportResult(dry_run=dry_run)
    created: list[int] = []
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            user = User(username=row.email, email=row.email, name=row.name)
            user.set_unusable_password()
            user.save()
            existing[row.email] = user
            created.append(user.pk)
            result.users_created += 1
        elif not user.name:
            user.name = row.name
            user.save(update_fields=["name"])
        membership, is_new = Membership.objects.get_or_create(
            user=user,
            role=row.role,
            university=row.university,
            authority=row.authority,
        )
        if is_new:
            result.memberships_added += 1
        elif not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
            result.memberships_added += 1
        else:
            result.unchanged += 1
    if dry_run:
        transaction.set_rollback(True)
    elif created:
        transaction.on_commit(
            functools.partial(
                users_welcome_send, user_ids=created, base_url=request_base_url
            )
        )
    return result
