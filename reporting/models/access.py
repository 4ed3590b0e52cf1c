"""Who reads a report's content (values, sections, files), defined once.

A report exists for everyone in its scope (`ReportQuerySet.visible_to`); its content
is read by the university's own roles always, by its authority from submission on,
by the ministry from the ministry step on, and by the authority also while the
report is back with the university because the authority returned it, until the
university submits it again (`authority_return_stands`): the reviewer who returned
a report keeps reading it, and its own comments on it, read-only.

Two forms that a test holds equal (tests/reporting/test_access_rules.py): the
QuerySet that filters (`content_visible_to`, `with_content_visible`) and the method
that says why not (`Report.content_hidden_reason`). `Report` and its QuerySet take
them from the mixins below, as they take the submission status from status.py.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

# The annotation `with_authority_return` sets, read by `authority_return_stands_on`.
AUTHORITY_RETURNED = "authority_returned"


def authority_return_stands() -> Exists:
    """Whether the report's authority returned it and it has not been submitted since,
    as a database expression on reports.

    The rule is "a reviewer's return with no submission after it" rather than "ever
    returned" or "the last step was the return": "ever" would show a draft the
    university took back itself (an approver's withdraw) or that the ministry
    reopened, in a later round the authority never returned; "the last step" would
    hide the report again as soon as the university marks it ready, or its approver
    sends it back to the reporter, while it is still answering the authority's
    return. From the return to the next submission the report stays in draft or
    ready, and after that submission the authority reads it by its state anyway.
    Steps at the same instant are ordered by id, as `with_last_action` orders them.
    """
    return Exists(_standing_returns())


def _standing_returns() -> models.QuerySet:
    """The report's (OuterRef("pk")) authority returns with no submission after."""
    from .workflow import Transition

    later_submission = Transition.objects.filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")),
        report_id=OuterRef("report_id"),
        action=Transition.Action.SUBMIT,
    )
    return Transition.objects.filter(
        report=OuterRef("pk"),
        action=Transition.Action.RETURN,
        actor_role__in=_authority_roles(),
    ).filter(~Exists(later_submission))


def _authority_roles() -> tuple[str, ...]:
    from institutions.models import Membership

    return tuple(Membership.AUTHORITY_ROLES)


def authority_return_stands_on(report) -> bool:
    """`authority_return_stands` on one report: read from the annotation of
    `with_authority_return` when the report was loaded with it (lists), otherwise
    one query by the same expression."""
    if AUTHORITY_RETURNED in report.__dict__:
        return bool(report.__dict__[AUTHORITY_RETURNED])
    return type(report).objects.filter(authority_return_stands(), pk=report.pk).exists()


class ContentAccessQuerySet(models.QuerySet):
    def content_visible_to(self, user) -> models.QuerySet:
        """Reports whose content (values, sections, files) the user may read.

        The same rule as `Report.content_hidden_reason`, which says why not: lists,
        exports and the API filter with this, pages explain with that.
        """
        from institutions.access import active_membership

        from .reports import Report

        membership = active_membership(user)
        states = Report.content_states_for(membership)
        visible = self.visible_to(user)
        if states is None:
            return visible
        readable = Q(state__in=states)
        if membership is not None and membership.role in membership.AUTHORITY_ROLES:
            readable |= authority_return_stands()
        return visible.filter(readable)

    def with_content_visible(self, user) -> models.QuerySet:
        """Annotate `content_visible`: whether the report is in `content_visible_to`,
        decided in the same query, so that a page fetching one report can answer 403
        rather than 404 without a second query."""
        from .reports import Report

        inner = Report.objects.content_visible_to(user).filter(pk=OuterRef("pk"))
        return self.annotate(content_visible=Exists(inner))

    def with_authority_return(self) -> models.QuerySet:
        """Annotate whether the authority's return stands (`authority_return_stands`),
        so that a list's rows say who reads each report without a query per row.

        The id of a standing return (or null) rather than an EXISTS: PostgreSQL
        turns an EXISTS in the select list into one hashed scan of every return
        of every period, whatever the page (45-60 ms on the national set), where
        a scalar subquery is evaluated for the rows of the page only."""
        first = _standing_returns().order_by().values("pk")[:1]
        return self.annotate(**{AUTHORITY_RETURNED: Subquery(first)})


class ContentAccessMixin:
    """`Report.content_states_for` and `Report.content_hidden_reason`."""

    @classmethod
    def content_states_for(cls, membership) -> tuple[str, ...] | None:
        """The states in which this membership reads a report's content (None: all
        of them, for the university's own roles; none without a membership). With
        the authority's standing return, the rule under `content_hidden_reason` and
        `content_visible_to`."""
        if membership is None:
            return ()
        if membership.role in membership.UNIVERSITY_ROLES:
            return None
        if membership.role in membership.AUTHORITY_ROLES:
            return cls.AUTHORITY_SEES_FROM
        return cls.MINISTRY_SEES_FROM

    def content_hidden_reason(self, membership) -> str | None:
        """Why this user may see only the report's state, or None if they may read it.

        A draft is visible only to its university, and to the authority that returned
        it until it is submitted again; the authority reads a report from submission
        on; ministry officials and experts from the ministry step on. Scope (which
        reports exist for the user) is `visible_to`'s. A query only for an authority
        on a report in draft or ready loaded without `with_authority_return`.
        """
        if membership is None:
            return str(_("You have no role in the portal."))
        states = self.content_states_for(membership)
        if states is None or self.state in states:
            return None
        if membership.role in membership.AUTHORITY_ROLES:
            if authority_return_stands_on(self):
                return None
            return str(_("The report is still with the university."))
        return str(_("The report has not reached the ministry yet."))
