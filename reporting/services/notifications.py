"""Notifications of the review workflow: who must act next, and the mail for returns
and acceptances (the rest waits for the daily digest)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.models import Membership

from ..models import FieldComment, Notification, Report, Transition
from ..routing import reviewing_authority
from .review import field_comment_label

Action = Transition.Action
Role = Membership.Role
MAILED_KINDS = (Action.RETURN, Action.ACCEPT)

# What happened, as the recipient reads it in the portal and in the mail.
SENTENCES = {
    Action.MARK_READY: gettext_lazy(
        "%(actor)s marked the report ready for sign-off: it awaits your signature."
    ),
    Action.SUBMIT: gettext_lazy(
        "%(actor)s submitted the report: it awaits your review."
    ),
    Action.PASS: gettext_lazy("%(actor)s passed the report: it awaits your review."),
    Action.ACCEPT: gettext_lazy("%(actor)s accepted the report."),
    Action.RETURN: gettext_lazy(
        "%(actor)s returned the report for changes: see the comments."
    ),
    Action.WITHDRAW: gettext_lazy("%(actor)s withdrew the report."),
    Action.CANCEL_PASS: gettext_lazy("%(actor)s cancelled the pass of the report."),
    Action.REOPEN: gettext_lazy(
        "%(actor)s reopened the report for changes until %(until)s."
    ),
}


def notification_sentence(notification: Notification) -> str:
    """The one sentence saying who did what to the report, in the active language:
    the notification list shows it and the mail carries it, so both say the same.
    No query when the transition and its actor are loaded."""
    if notification.report_run_id is not None:
        run = notification.report_run
        return _("%(kind)s %(year)s is ready to download.") % {
            "kind": run.get_kind_display(),
            "year": run.period.year,
        }
    transition = notification.transition
    kind = transition.action if transition else notification.kind
    template = SENTENCES.get(kind)
    if template is None:
        return str(kind)
    actor = transition.actor if transition else None
    until = transition.reopen_until if transition else None
    return template % {
        "actor": (actor.name or actor.username) if actor else _("Someone"),
        "until": until.isoformat() if until else "",
    }


def _recipients_q(transition: Transition) -> Q | None:
    """The memberships of the people who must act next (or must know)."""
    report = transition.report
    university = Q(university_id=report.university_id)
    action = transition.action
    if action == Action.MARK_READY:
        return Q(role=Role.APPROVER) & university
    if action == Action.SUBMIT and transition.to_state == Report.State.SUBMITTED:
        authority = reviewing_authority(report)
        if authority is None:
            return None
        return Q(role=Role.REVIEWER, authority_id=authority.pk)
    if action in (Action.SUBMIT, Action.PASS):
        return Q(role=Role.OFFICIAL)
    if action in (Action.RETURN, Action.ACCEPT, Action.REOPEN):
        return Q(role__in=[Role.REPORTER, Role.APPROVER]) & university
    return None


def notifications_create(*, transition: Transition) -> list[Notification]:
    """One unread notification per person who must act next (never the actor)."""
    condition = _recipients_q(transition)
    if condition is None:
        return []
    memberships = Membership.objects.filter(condition, is_active=True)
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__in=memberships)
        .exclude(pk=transition.actor_id)
        .distinct()
        .values_list("pk", flat=True)
    )
    return Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            report_id=transition.report_id,
            transition=transition,
            kind=transition.action,
        )
        for user_id in users
    )


def notifications_mail_enqueue(notification_ids: list[int]) -> None:
    """Mail the notifications once the transaction commits (never for a rollback)."""
    from ..tasks import notifications_mail_task

    ids = list(notification_ids)
    transaction.on_commit(lambda: notifications_mail_task.delay(ids))


def _report_url(report: Report) -> str:
    path = reverse("reporting:report-detail", args=[report.pk])
    return settings.SITE_URL.rstrip("/") + path


def _render(notification: Notification) -> tuple[str, str]:
    transition = notification.transition
    context = {
        "notification": notification,
        "user": notification.user,
        "report": notification.report,
        "transition": transition,
        "field_comments": [
            {"label": field_comment_label(comment), "text": comment.text}
            for comment in FieldComment.objects.filter(
                transition=transition
            ).select_related("section__action", "indicator")
        ]
        if transition and transition.action == Action.RETURN
        else [],
        "url": _report_url(notification.report),
        "sentence": notification_sentence(notification),
    }
    kind = notification.kind if notification.kind in MAILED_KINDS else "notification"
    subject = render_to_string(f"reporting/mail/{kind}_subject.txt", context)
    body = render_to_string(f"reporting/mail/{kind}_body.txt", context)
    return " ".join(subject.split()), body


def notification_mail(*, notification_id: int) -> bool:
    """Send one notification's mail unless it went out already; True when sent.

    The row is locked while the mail goes out, so two runs at once send it once.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related(
                "user",
                "report__university",
                "report__period",
                "transition__actor",
            )
            .filter(pk=notification_id, mailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.user.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _render(notification)
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.user.email],
        )
        notification.mailed_at = timezone.now()
        notification.save(update_fields=["mailed_at"])
    return True


def notifications_mail(*, notification_ids: list[int]) -> int:
    """Mail each notification not mailed yet; returns how many went out."""
    return sum(notification_mail(notification_id=pk) for pk in notification_ids)
