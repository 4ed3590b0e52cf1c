from __future__ import annotations

from django.contrib import admin

from .models import Authority, AuthorityAlias, Membership, Province, University


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    """Reference data from GB/T 2260, loaded by migration: only the English name edits."""

    list_display = ("code", "name_zh", "name_en")
    search_fields = ("code", "name_zh", "name_en")
    readonly_fields = ("code", "name_zh")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuthorityAliasInline(admin.TabularInline):
    model = AuthorityAlias
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "kind", "province", "reports_direct")
    list_filter = ("kind", "reports_direct")
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("province",)
    inlines = [AuthorityAliasInline]


@admin.register(AuthorityAlias)
class AuthorityAliasAdmin(admin.ModelAdmin):
    list_display = ("raw", "authority")
    search_fields = ("raw", "authority__code", "authority__name_zh")
    list_select_related = ("authority",)
    autocomplete_fields = ("authority",)


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_zh",
        "province",
        "city",
        "authority",
        "level",
        "category",
        "is_active",
    )
    list_filter = (
        "level",
        "category",
        "is_active",
        "double_first_class",
        "project_985",
        "project_211",
        "co_built",
        "province",
        ("authority", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "name_zh", "name_en")
    list_select_related = ("province", "authority")
    autocomplete_fields = ("authority", "other_authorities")
    list_per_page = 50


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "role",
        "university",
        "authority",
        "is_active",
        "created_at",
    )
    list_filter = ("role", "is_active")
    search_fields = (
        "user__username",
        "user__name",
        "user__email",
        "university__name_zh",
        "university__code",
        "authority__name_zh",
        "authority__code",
    )
    list_select_related = ("user", "university", "authority")
    autocomplete_fields = ("user", "university", "authority")
