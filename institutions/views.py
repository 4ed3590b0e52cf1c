from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import active_membership, get_university_for_user
from .models import University


@login_required
def home(request):
    membership = active_membership(request.user)
    return render(request, "institutions/home.html", {"membership": membership})


@login_required
def university_list(request):
    universities = University.objects.visible_to(request.user).select_related(
        "province", "authority"
    )[:50]
    return render(
        request, "institutions/university_list.html", {"universities": universities}
    )


@login_required
def university_detail(request, pk: int):
    university = get_university_for_user(request, pk)
    return render(
        request, "institutions/university_detail.html", {"university": university}
    )
