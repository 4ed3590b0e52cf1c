"""The access helpers: the one place that turns a request into what a user may touch.

Views, API views, exports, downloads and tasks fetch objects through these helpers or
through `visible_to(user)` / `editable_by(user)` on the QuerySets. Outside the scope an
object does not exist (404); inside it without the right, the answer is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from .models import Membership, University

SESSION_KEY = "active_membership_id"


def active_membership(user) -> Membership | None:
    """The membership the user acts in now.

    The middleware puts the one chosen in the header on the user object; scripts and
    tasks without a session act in the user's first active membership.
    """
    if user is None or not user.is_authenticated:
        return None
    if hasattr(user, "_active_membership"):
        return user._active_membership
    membership = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("university", "authority")
        .order_by("id")
        .first()
    )
    user._active_membership = membership
    return membership


def set_active_membership(request: HttpRequest, membership: Membership) -> None:
    request.session[SESSION_KEY] = membership.pk
    request.user._active_membership = membership


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
