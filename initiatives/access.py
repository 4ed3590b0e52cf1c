"""Who reads and who sets targets: national targets are read by everyone signed in
and set by ministry officials; a university's own are read by those who see the
university and set by its reporters and approvers. Outside the scope a university's
targets do not exist (404); inside it without the right, the answer is 403."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from institutions.access import active_membership, get_university_for_user
from institutions.models import Membership, University


def target_edit_refusal(membership: Membership | None, university) -> str:
    """Why the membership may not set the targets of `university` (None: the
    national ones); "" when it may. `Target.objects.editable_by` is the same rule
    as a filter."""
    if university is None:
        if membership is not None and membership.role == Membership.Role.OFFICIAL:
            return ""
        return _("Only ministry officials set national targets.")
    if (
        membership is not None
        and membership.role in Membership.UNIVERSITY_ROLES
        and membership.university_id == university.pk
    ):
        return ""
    return _("Only the university's own reporters and approvers set its targets.")


@dataclass(frozen=True)
class TargetScope:
    """The targets a page is about: the national ones, or one university's."""

    university: University | None
    refusal: str  # why the user may not change them; "" when they may

    @property
    def editable(self) -> bool:
        return not self.refusal

    @property
    def is_national(self) -> bool:
        return self.university is None


def get_target_scope_for_user(
    request: HttpRequest, university_pk: int | None = None, *, write: bool = False
) -> TargetScope:
    """The national targets (no pk), or the university's if the user sees it (404
    otherwise); with write=True, 403 with the reason unless the user may set them."""
    university = (
        None
        if university_pk is None
        else get_university_for_user(request, university_pk)
    )
    refusal = target_edit_refusal(active_membership(request.user), university)
    if write and refusal:
        raise PermissionDenied(refusal)
    return TargetScope(university=university, refusal=refusal)
