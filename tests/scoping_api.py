"""The scoping matrix's API rows (tests/test_scoping_matrix.py walks them): every
/api/v1/ route × method × role, with the answer due.

An API answers 401 to the anonymous caller (never a redirect) and 405 to a method the
route does not serve; a row lists only what differs: the GET answers, and the writes
of the token routes and the workflow's steps. Outside the caller's scope an object does not exist (404). A
report exists, state only, for every user of its scope; its content (sections, values,
steps) only for who reads it (`content_visible_to`): a 404 in the API, where the page
says 403, so the API never shows more than the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

METHODS = ("get", "post", "put", "patch", "delete")
WHO = ("anonymous", "outsider", "insider", "reviewer", "submitted", "returned")


@dataclass(frozen=True)
class ApiRow:
    url: Callable[[dict], str]
    # The answers to GET as (anonymous, outsider, insider, reviewer, submitted,
    # returned); None: the route serves no GET (405 once signed in).
    get: tuple | None = (401, 200, 200, 200, 200, 200)
    # Other methods the route serves, with their answers and request body.
    writes: dict[str, tuple] = field(default_factory=dict)
    data: Callable[[dict], dict] | None = None
    # Routes open to everyone (the schema and its docs): no 401.
    public: bool = False

    def answer(self, method: str, who: str) -> int:
        index = WHO.index(who)
        if method == "get" and self.get is not None:
            return self.get[index]
        if method in self.writes:
            return self.writes[method][index]
        if who == "anonymous" and not self.public:
            return 401
        return 405


def api(name: str, **kwargs: Callable[[dict], object]) -> Callable[[dict], str]:
    def build(ctx: dict) -> str:
        return reverse(f"api:{name}", kwargs={k: fn(ctx) for k, fn in kwargs.items()})

    return build


def _section(ctx: dict):
    return ctx["report"].sections.order_by("pk").first()


def _section_of(ctx: dict):
    return ctx["report"].sections.get(action=ctx["indicator"].action)


def _value(ctx: dict):
    from reporting.models import Value

    value, _created = Value.objects.get_or_create(
        report=ctx["report"],
        indicator=ctx["indicator"],
        defaults={
            "section": _section(ctx),
            "raw": "12",
            "number": 12,
            "status": Value.Status.ENTERED,
        },
    )
    return value


def _transition(ctx: dict):
    from reporting.models import Transition

    report = ctx["report"]
    return Transition.objects.create(
        report=report,
        action=Transition.Action.MARK_READY,
        from_state=report.State.DRAFT,
        to_state=report.State.DRAFT,
        actor=ctx["insider_membership"].user,
        actor_role="reporter",
        revision=report.revision,
    )


def _field_comment(ctx: dict):
    from reporting.models import FieldComment

    return FieldComment.objects.create(
        transition=_transition(ctx),
        report=ctx["report"],
        section=_section(ctx),
        field="narrative_done",
        text="?",
    )


def _evidence(ctx: dict):
    """The metadata row only (the upload service refuses a submitted report's files,
    and the API reads no file)."""
    from reporting.models import EvidenceFile

    report = ctx["report"]
    return EvidenceFile.objects.create(
        report=report,
        file="evidence/a.pdf",
        name="a.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=ctx["insider_membership"].user,
        confirmed_unclassified=True,
        revision=report.revision,
    )


def _evidence_file(ctx: dict):
    """A stored PDF of the in-scope report, whatever its state (the upload service
    refuses a submitted report's files): what the download serves."""
    from django.core.files.base import ContentFile

    from reporting.models import EvidenceFile

    report = ctx["report"]
    return EvidenceFile.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"),
        name="a.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=ctx["insider_membership"].user,
        confirmed_unclassified=True,
        revision=report.revision,
    )


def _accepted_value(ctx: dict):
    from tests.api.accepted import accept_with_values

    return accept_with_values(ctx["report"], [ctx["indicator"]])[0]


def _target(ctx: dict):
    from initiatives.models import Horizon, Target

    target, _created = Target.objects.get_or_create(
        indicator=ctx["indicator"],
        horizon=Horizon.objects.order_by("pk").first(),
        university=ctx["university"],
        defaults={"value": 2},
    )
    return target


def _authority_run(ctx: dict):
    from tests.scoping_support import authority_run

    return authority_run(ctx)


def _notification(ctx: dict):
    from tests.scoping_support import insider_notification

    return insider_notification(ctx)


def _insider_token(ctx: dict) -> str:
    from accounts.models import ApiToken

    membership = ctx["insider_membership"]
    token, _key = ApiToken.issue(
        user=membership.user, membership=membership, name="t", read_only=True, days=1
    )
    return token.token_key


def _first_code(model_path: str) -> Callable[[dict], str]:
    def code(ctx: dict) -> str:
        from django.apps import apps

        return apps.get_model(model_path).objects.order_by("pk").first().code

    return code


# Readable by everyone signed in; by its scope; by who reads the report's content.
ALL = (401, 200, 200, 200, 200, 200)
SCOPE = (401, 404, 200, 200, 200, 200)
CONTENT = (401, 404, 200, 404, 200, 200)
OWN = (401, 404, 200, 404, 404, 404)
AUTHORITY = (401, 404, 404, 200, 200, 200)


def _step(name: str, post: tuple, data: dict | None = None) -> ApiRow:
    return ApiRow(
        api(f"report-{name}", pk=lambda ctx: ctx["report"].pk),
        get=None,
        writes={"post": post},
        data=lambda ctx: dict(data or {}),
    )


# The workflow's steps on the draft (not ready: its checks fail), as the university's
# reporter and its authority's reviewer, with a valid body: 403 for a step of
# another role, 409 for one of the role in another state, the service's answer else.
WORKFLOW_ROWS = {
    "api:report-mark-ready": _step("mark-ready", (401, 404, 409, 403, 403, 403)),
    "api:report-submit": _step(
        "submit", (401, 404, 403, 403, 403, 403), {"confirm_unclassified": True}
    ),
    "api:report-pass": _step("pass", (401, 404, 403, 409, 200, 409)),
    "api:report-accept": _step("accept", (401, 404, 403, 403, 403, 403)),
    "api:report-return": _step(
        "return", (401, 404, 403, 409, 200, 409), {"comment": "Check A1."}
    ),
    "api:report-withdraw": _step("withdraw", (401, 404, 409, 403, 403, 403)),
    "api:report-cancel-pass": _step("cancel-pass", (401, 404, 403, 409, 409, 409)),
    "api:report-reopen": _step(
        "reopen", (401, 404, 403, 403, 403, 403), {"reason": "x", "until": "2099-01-01"}
    ),
}

API_MATRIX: dict[str, ApiRow] = {
    "api:province-list": ApiRow(api("province-list")),
    "api:province-detail": ApiRow(
        api("province-detail", pk=lambda ctx: ctx["university"].province_id)
    ),
    "api:authority-list": ApiRow(api("authority-list")),
    "api:authority-detail": ApiRow(
        api("authority-detail", pk=lambda ctx: ctx["university"].authority_id),
        get=SCOPE,
    ),
    "api:university-list": ApiRow(api("university-list")),
    "api:university-detail": ApiRow(
        api("university-detail", pk=lambda ctx: ctx["university"].pk), get=SCOPE
    ),
    "api:horizon-list": ApiRow(api("horizon-list")),
    "api:horizon-detail": ApiRow(
        api("horizon-detail", code=_first_code("initiatives.Horizon"))
    ),
    "api:action-list": ApiRow(api("action-list")),
    "api:action-detail": ApiRow(
        api("action-detail", code=_first_code("initiatives.Action"))
    ),
    "api:task-list": ApiRow(api("task-list")),
    "api:task-detail": ApiRow(api("task-detail", code=_first_code("initiatives.Task"))),
    "api:technology-field-list": ApiRow(api("technology-field-list")),
    "api:technology-field-detail": ApiRow(
        api("technology-field-detail", code=_first_code("initiatives.TechnologyField"))
    ),
    "api:indicator-list": ApiRow(api("indicator-list")),
    "api:indicator-detail": ApiRow(
        api("indicator-detail", code=lambda ctx: ctx["indicator"].code)
    ),
    "api:target-list": ApiRow(api("target-list")),
    "api:target-detail": ApiRow(
        api("target-detail", pk=lambda ctx: _target(ctx).pk), get=SCOPE
    ),
    "api:period-list": ApiRow(api("period-list")),
    "api:period-detail": ApiRow(api("period-detail", pk=lambda ctx: ctx["period"].pk)),
    "api:report-list": ApiRow(api("report-list")),
    "api:report-detail": ApiRow(
        api("report-detail", pk=lambda ctx: ctx["report"].pk), get=SCOPE
    ),
    **WORKFLOW_ROWS,
    "api:section-list": ApiRow(api("section-list")),
    # A section's texts change by its reporter only: a PATCH at its version;
    # who reads it without editing it is refused with the lock reason.
    "api:section-detail": ApiRow(
        api("section-detail", pk=lambda ctx: _section(ctx).pk),
        get=CONTENT,
        writes={"patch": (401, 404, 200, 404, 403, 403)},
        data=lambda ctx: {"version": _section(ctx).version, "narrative_done": "Done."},
    ),
    # Many values of one report at once: the same rule as the form.
    "api:report-values": ApiRow(
        api("report-values", pk=lambda ctx: ctx["report"].pk),
        get=None,
        writes={"post": (401, 404, 200, 403, 403, 403)},
        data=lambda ctx: {
            "versions": {ctx["indicator"].action.code: _section_of(ctx).version},
            "values": [{"indicator": ctx["indicator"].code, "raw": "12"}],
        },
    ),
    "api:value-list": ApiRow(api("value-list")),
    "api:value-detail": ApiRow(
        api("value-detail", pk=lambda ctx: _value(ctx).pk), get=CONTENT
    ),
    # The export streams the rows in scope: an empty file outside it, never a 404.
    "api:value-export": ApiRow(
        lambda ctx: reverse("api:value-export") + f"?period={ctx['period'].year}"
    ),
    "api:transition-list": ApiRow(api("transition-list")),
    "api:transition-detail": ApiRow(
        api("transition-detail", pk=lambda ctx: _transition(ctx).pk), get=CONTENT
    ),
    "api:narrative-list": ApiRow(api("narrative-list")),
    "api:narrative-detail": ApiRow(
        api("narrative-detail", pk=lambda ctx: _section(ctx).pk), get=CONTENT
    ),
    "api:field-comment-list": ApiRow(api("field-comment-list")),
    "api:field-comment-detail": ApiRow(
        api("field-comment-detail", pk=lambda ctx: _field_comment(ctx).pk),
        get=CONTENT,
    ),
    "api:evidence-list": ApiRow(api("evidence-list")),
    "api:evidence-detail": ApiRow(
        api("evidence-detail", pk=lambda ctx: _evidence(ctx).pk), get=CONTENT
    ),
    # The file, by the page's own rule (`get_evidence_for_user`): 403 with the
    # reason, where the page says so, for the reviewer of a draft.
    "api:evidence-download": ApiRow(
        api("evidence-download", pk=lambda ctx: _evidence_file(ctx).pk),
        get=(401, 404, 200, 403, 200, 200),
    ),
    "api:accepted-value-list": ApiRow(api("accepted-value-list")),
    "api:accepted-value-detail": ApiRow(
        api("accepted-value-detail", pk=lambda ctx: _accepted_value(ctx).pk),
        get=SCOPE,
    ),
    # The ministry's reports: an authority's own for its reviewers, none for a
    # university (an empty list, 404 for one run).
    "api:report-run-list": ApiRow(api("report-run-list")),
    "api:report-run-detail": ApiRow(
        api("report-run-detail", pk=lambda ctx: _authority_run(ctx).pk),
        get=AUTHORITY,
    ),
    "api:report-run-file": ApiRow(
        api(
            "report-run-file",
            pk=lambda ctx: _authority_run(ctx).pk,
            fmt=lambda ctx: "xlsx",
        ),
        get=AUTHORITY,
    ),
    "api:notification-list": ApiRow(api("notification-list")),
    "api:notification-detail": ApiRow(
        api("notification-detail", pk=lambda ctx: _notification(ctx).pk), get=OWN
    ),
    # Tokens: each user lists and makes their own; the insider's membership is
    # nobody else's to choose (400); the insider's token is nobody else's to revoke.
    "api:token-list": ApiRow(
        api("token-list"),
        writes={"post": (401, 400, 201, 400, 400, 400)},
        data=lambda ctx: {
            "name": "script",
            "membership": ctx["insider_membership"].pk,
            "read_only": True,
            "expiry_days": 30,
        },
    ),
    "api:token-detail": ApiRow(
        api("token-detail", id=_insider_token),
        get=None,
        writes={"delete": (401, 404, 204, 404, 404, 404)},
    ),
    "api:schema": ApiRow(api("schema"), get=(200,) * 6, public=True),
    "api:docs": ApiRow(api("docs"), get=(200,) * 6, public=True),
    "api:redoc": ApiRow(api("redoc"), get=(200,) * 6, public=True),
    # Any other path under /api/v1/ is the API's 404, for every method.
    "api:not-found": ApiRow(
        lambda ctx: "/api/v1/no-such-thing/",
        get=(404,) * 6,
        writes=dict.fromkeys(("post", "put", "patch", "delete"), (404,) * 6),
    ),
}
