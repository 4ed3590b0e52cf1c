from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from institutions.access import set_active_membership
from institutions.models import Membership

from .forms import ApiTokenForm, PasswordChangeForm
from .models import ApiToken


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    was_signed_in = request.user.is_authenticated
    logout(request)
    if was_signed_in:
        messages.success(request, _("You have been logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        user = form.save()
        # Keep this session signed in; the user's other sessions end.
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form, "forced": request.user.must_change_password},
    )


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("membership", "")
    if not chosen.isdigit():
        raise Http404
    membership = get_object_or_404(
        Membership.objects.active_for(request.user), pk=chosen
    )
    set_active_membership(request, membership)
    messages.success(
        request, _("You are now acting as %(membership)s.") % {"membership": membership}
    )
    return redirect("home")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens, a form to make one (its key shown once, on the page
    that answers the creation) and a button to revoke each."""
    form = ApiTokenForm(request.POST or None, user=request.user)
    key = None
    if form.is_valid():
        token, key = form.save()
        messages.success(
            request,
            _("Token “%(name)s” created. Copy its key now: it is not shown again.")
            % {"name": token.name},
        )
        form = ApiTokenForm(user=request.user)
    return render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "key": key,
            "tokens": ApiToken.objects.of_user(request.user),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    token = get_object_or_404(
        ApiToken.objects.of_user(request.user), token_key=token_key
    )
    token.delete()
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
