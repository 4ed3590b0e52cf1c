from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carbonplan.db_router import reads_from_replica
from reporting.dashboards.scopes import (
    nation_scope,
    scope_of_authority,
    scope_of_university,
)
from reporting.dashboards.views import dashboard_fragment
from reporting.figures import labelled_levels, level_counts, national_picture
from reporting.rows import home_reports

from .access import active_membership, get_university_for_user
from .filters import UniversityFilter
from .models import University

PAGE_SIZE = 50


@login_required
@reads_from_replica
def home(request: HttpRequest) -> HttpResponse:
    """The start page of the active membership's role."""
    membership = active_membership(request.user)
    context: dict = {"membership": membership}
    if membership is None:
        partial = "none"
    elif membership.is_university:
        partial = "university"
        context["university"] = get_university_for_user(
            request, membership.university_id
        )
        scope = scope_of_university(context["university"])
    elif membership.is_authority:
        partial = "authority"
        universities = (
            University.objects.visible_to(request.user)
            .select_related("province")
            .filter(is_active=True)
        )
        counts = level_counts(universities)
        context.update(
            authority=membership.authority,
            total=counts["total"],
            level_counts=labelled_levels(counts),
            page=Paginator(universities, PAGE_SIZE).get_page(request.GET.get("page")),
        )
        scope = scope_of_authority(membership.authority)
    else:
        partial = "ministry"
        context.update(national_picture())
        scope = nation_scope()
    if membership is not None:
        context.update(dashboard_fragment(request, scope, membership))
    context["partial"] = f"institutions/_home_{partial}.html"
    context["home_reports"] = home_reports(request.user, membership)
    return render(request, "institutions/home.html", context)


@login_required
def university_list(request: HttpRequest) -> HttpResponse:
    visible = University.objects.visible_to(request.user).select_related(
        "province", "authority"
    )
    filterset = UniversityFilter(request.GET or None, queryset=visible, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/university_list.html",
        {"filter": filterset, "page": page},
    )


@login_required
def university_detail(request: HttpRequest, pk: int) -> HttpResponse:
    university = get_university_for_user(request, pk)
    return render(
        request,
        "institutions/university_detail.html",
        {
            "university": university,
            "other_authorities": list(university.other_authorities.all()),
            "flags": _flags(university),
        },
    )


def _flags(university: University) -> list[str]:
    """The verbose names of the flags the university carries."""
    return [
        University._meta.get_field(name).verbose_name
        for name in ("double_first_class", "project_985", "project_211", "co_built")
        if getattr(university, name)
    ]
