from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from knox import models as knox_models

from institutions.models import Membership

from .forms import AdminPasswordChangeForm, AdminUserAddForm, AdminUserChangeForm
from .models import ApiToken, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("role", "university", "authority", "is_active", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("university", "authority")
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts and their memberships; portal roles never come from is_staff."""

    form = AdminUserChangeForm
    add_form = AdminUserAddForm
    change_password_form = AdminPasswordChangeForm
    inlines = (MembershipInline,)
    list_display = (
        "username",
        "name",
        "email",
        "is_active",
        "must_change_password",
        "is_staff",
        "is_demo",
    )
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        "is_demo",
        "memberships__role",
    )
    search_fields = ("username", "name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("name", "email")}),
        (_("Portal"), {"fields": ("must_change_password", "is_demo")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "description": _(
                    "Staff status opens this administration site; portal roles come "
                    "from the memberships below."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
                "description": _(
                    "A password set here must be changed by the user at the first "
                    "login. To let the user choose one, use the import or the "
                    "password reset page instead."
                ),
            },
        ),
    )

    def get_inline_instances(self, request, obj=None):
        # Like Django's own add form: create the account first, then its memberships.
        return super().get_inline_instances(request, obj) if obj else []


# knox registers its own token model, which ApiToken replaces (KNOX_TOKEN_MODEL).
if admin.site.is_registered(knox_models.AuthToken):
    admin.site.unregister(knox_models.AuthToken)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token (never a key: only digests are stored) and
    revoke any by deleting it; tokens are made by their owners, not here."""

    list_display = ("name", "user", "membership", "read_only", "created", "expiry")
    list_filter = ("read_only",)
    search_fields = ("name", "token_key", "user__username")
    fields = ("name", "user", "membership", "read_only", "created", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
