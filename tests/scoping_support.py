"""The scoping matrix's pieces: the row type, URL builders and the answer check
(tests/test_scoping_matrix.py holds the matrix itself)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

LOGIN = "login"  # a redirect to the portal's login page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's login page


@dataclass(frozen=True)
class Row:
    url: Callable[[dict], str]
    anonymous: int | str
    outsider: int | str
    insider: int | str
    reviewer: int | str
    submitted: int | str
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    # The reviewer once they returned the report: as `submitted` unless given (they
    # read it, read-only, as they did while it was with them).
    returned: int | str | None = None

    @property
    def returned_answer(self) -> int | str:
        return self.submitted if self.returned is None else self.returned


def named(name: str, **kwargs: Callable[[dict], object]) -> Callable[[dict], str]:
    def build(ctx: dict) -> str:
        return reverse(name, kwargs={key: fn(ctx) for key, fn in kwargs.items()})

    return build


def insider_token_key(ctx: dict) -> str:
    from accounts.models import ApiToken

    membership = ctx["insider_membership"]
    token, _key = ApiToken.issue(
        user=membership.user, membership=membership, name="t", read_only=True, days=1
    )
    return token.token_key


def insider_notification(ctx: dict):
    from reporting.models import Notification

    return Notification.objects.create(
        user=ctx["insider_membership"].user, report=ctx["report"], kind="return"
    )


def insider_evidence(ctx: dict):
    """A PDF attached to the in-scope report by its reporter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.services.evidence import evidence_attach

    return evidence_attach(
        report=ctx["report"],
        user=ctx["insider_membership"].user,
        uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        name="a.pdf",
        confirm_unclassified=True,
    )


def authority_run(ctx: dict):
    """A finished run of the in-scope university's authority, with its XLSX (the
    file written directly: the matrix is about who reaches it); the same run each
    time it is asked for."""
    from django.core.files.base import ContentFile

    from reporting.models import ReportRun, ReportRunFile

    run, created = ReportRun.objects.get_or_create(
        kind=ReportRun.Kind.AUTHORITY,
        period=ctx["period"],
        authority=ctx["university"].authority,
        slot="req-matrix",
        defaults={
            "requested_by": ctx["reviewer_membership"].user,
            "state": ReportRun.State.DONE,
        },
    )
    if not created:  # the builder runs once per method
        return run
    stored = ReportRunFile(run=run, format="xlsx", size=4, sha256="0" * 64)
    stored.file.save("a.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return run


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def resolver_names() -> dict[str, str]:
    return dict(walk(get_resolver().url_patterns))


def check(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected, response.content[:300]


def submit(report) -> None:
    """The report as its authority's reviewer finds it once the university submitted
    it (set directly: the URL builders attach files to the draft first)."""
    from django.utils import timezone

    from reporting.models import Report

    Report.objects.filter(pk=report.pk).update(
        state=Report.State.SUBMITTED, submitted_at=timezone.now()
    )


def submit_and_return(report, reviewer) -> None:
    """The report as its authority's reviewer finds it after returning it: a
    submission and the reviewer's return recorded, the report a draft again (set
    directly, as `submit`)."""
    from reporting.models import Transition
    from tests.factories import UserFactory

    Action, State = Transition.Action, report.State
    steps = [
        (Action.SUBMIT, "approver", State.READY, State.SUBMITTED),
        (Action.RETURN, "reviewer", State.SUBMITTED, State.DRAFT),
    ]
    for action, role, from_state, to_state in steps:
        Transition.objects.create(
            report=report,
            action=action,
            from_state=from_state,
            to_state=to_state,
            actor=reviewer if role == "reviewer" else UserFactory(),
            actor_role=role,
            revision=report.revision,
        )


def admin_url(pattern: str) -> str:
    """Fill every converter with a dummy value: admin_view refuses before any lookup."""
    filled = re.sub(r"<(?:int:)?[a-z_]+>", "1", pattern)
    filled = re.sub(r"<path:[a-z_]+>", "1", filled)
    filled = re.sub(r"<str:[a-z_]+>", "x", filled)
    filled = filled.replace("^", "").replace("$", "")
    return "/" + filled
