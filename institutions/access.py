"""The access helpers: the one place that turns a request into what a user may touch.

Views, API views, exports, downloads and tasks fetch objects through these helpers or
through `visible_to(user)` / `editable_by(user)` on the QuerySets. Outside the scope an
object does not exist (404); inside it without the right, the answer is 403.

Who is acting is one explicit membership: `act_as` sets it (the middleware from the
session's choice, a token or a task from theirs), `active_membership` reads it. The
workflow acts in all the user's active memberships: `Membership.objects.active_for`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .models import Membership, University

SESSION_KEY = "active_membership_id"


def act_as(user, membership: Membership | None) -> None:
    """Make `membership` the one the user acts in for the rest of this request,
    task or script: the browser's middleware calls it with the session's choice, a
    token authentication or a task with the membership it was given.

    It is the one public attribute `user.active_membership`; read it through
    `active_membership(user)`. The membership must be one of the user's active ones.
    """
    if membership is not None and (
        membership.user_id != user.pk or not membership.is_active
    ):
        raise ValueError(f"{membership!r} is not an active membership of {user!r}")
    user.active_membership = membership


def active_membership(user) -> Membership | None:
    """The membership the user acts in now: the one `act_as` set, else the user's
    only active membership; None for a user with two or more roles that nothing
    chose (a script or task must choose, never silently take the first)."""
    if user is None or not user.is_authenticated:
        return None
    if hasattr(user, "active_membership"):
        return user.active_membership
    memberships = list(Membership.objects.active_for(user)[:2])
    return memberships[0] if len(memberships) == 1 else None


def set_active_membership(request: HttpRequest, membership: Membership) -> None:
    """The header's choice: kept in the session for later requests, acted in now."""
    request.session[SESSION_KEY] = membership.pk
    act_as(request.user, membership)


def get_university_for_user(
    request: HttpRequest, pk: int, *, write: bool = False
) -> University:
    """The university with this pk if the user may see it (404 otherwise).

    With write=True the user must also hold a university role for it (403 otherwise).
    """
    university = (
        University.objects.visible_to(request.user)
        .select_related("province", "authority")
        .filter(pk=pk)
        .first()
    )
    if university is None:
        raise Http404(_("No such university."))
    if (
        write
        and not University.objects.editable_by(request.user).filter(pk=pk).exists()
    ):
        raise PermissionDenied(
            _("Only the university's own reporters and approvers can change this.")
        )
    return university
