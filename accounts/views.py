from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from institutions.access import set_active_membership
from institutions.models import Membership


@login_required
@require_POST
def switch_membership(request):
    membership = get_object_or_404(
        Membership, pk=request.POST.get("membership"), user=request.user, is_active=True
    )
    set_active_membership(request, membership)
    return redirect("home")
