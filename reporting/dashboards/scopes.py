"""The place a dashboard is about (the nation, a province, an authority or a
university) and who may see it.

A scope is visible when every university it adds up is within the user's
`visible_to`: the nation and the provinces to the ministry (officials and experts),
an authority to the ministry and to its own reviewers, a university to whoever sees
it (institutions.access). Outside that the dashboard does not exist: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from institutions.access import active_membership, get_university_for_user
from institutions.models import Authority, Province, University
from reporting.models import ScopeKind


@dataclass(frozen=True)
class Scope:
    kind: str
    key: str
    label: str
    obj: object = None  # the province, authority or university

    @property
    def url(self) -> str:
        if self.kind == ScopeKind.NATION:
            return reverse("dashboards:nation")
        if self.kind == ScopeKind.UNIVERSITY:
            return reverse("dashboards:university", args=[self.obj.pk])
        return reverse(f"dashboards:{self.kind}", args=[self.key])

    @property
    def is_university(self) -> bool:
        return self.kind == ScopeKind.UNIVERSITY

    @property
    def has_targets(self) -> bool:
        """National targets are the nation's; a university's are its own."""
        return self.kind in (ScopeKind.NATION, ScopeKind.UNIVERSITY)

    def universities_q(self) -> Q:
        """The universities whose figures the scope adds up (as the rollup keys
        them: a university's province and competent authority)."""
        if self.kind == ScopeKind.PROVINCE:
            return Q(province__code=self.key)
        if self.kind == ScopeKind.AUTHORITY:
            return Q(authority__code=self.key)
        if self.kind == ScopeKind.UNIVERSITY:
            return Q(pk=self.obj.pk)
        return Q()


NATION = ScopeKind.NATION


def nation_scope() -> Scope:
    return Scope(kind=NATION, key="", label=_("Nation"))


def _not_found() -> Http404:
    return Http404(_("No such dashboard."))


def _is_ministry(request: HttpRequest) -> bool:
    membership = active_membership(request.user)
    return membership is not None and membership.is_ministry


def get_scope_for_user(request: HttpRequest, kind: str, key: str = "") -> Scope:
    """The scope if the user may see its figures, else 404."""
    if kind == ScopeKind.NATION:
        if not _is_ministry(request):
            raise _not_found()
        return nation_scope()
    if kind == ScopeKind.PROVINCE:
        province = Province.objects.filter(code=key).first()
        if province is None or not _is_ministry(request):
            raise _not_found()
        return Scope(kind=kind, key=key, label=str(province), obj=province)
    if kind == ScopeKind.AUTHORITY:
        authority = Authority.objects.filter(code=key).first()
        membership = active_membership(request.user)
        own = (
            membership is not None
            and membership.is_authority
            and authority is not None
            and membership.authority_id == authority.pk
        )
        if authority is None or not (own or _is_ministry(request)):
            raise _not_found()
        return Scope(kind=kind, key=key, label=str(authority), obj=authority)
    if kind == ScopeKind.UNIVERSITY:
        university = get_university_for_user(request, int(key))
        return scope_of_university(university)
    raise _not_found()


def scope_of_university(university: University) -> Scope:
    return Scope(
        kind=ScopeKind.UNIVERSITY,
        key=university.code,
        label=str(university),
        obj=university,
    )


def scope_of_authority(authority: Authority) -> Scope:
    return Scope(
        kind=ScopeKind.AUTHORITY,
        key=authority.code,
        label=str(authority),
        obj=authority,
    )
