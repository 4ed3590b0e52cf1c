"""Provinces, authorities, universities and the memberships that scope every user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNameMixin:
    """`display_name` picks name_en under English when it is filled in."""

    @property
    def display_name(self) -> str:
        lang = get_language() or ""
        if lang.startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name_zh


class ProvinceQuerySet(models.QuerySet):
    def of_universities(self, universities) -> ProvinceQuerySet:
        """The provinces these universities are in: what a list of them may name."""
        return self.filter(pk__in=universities.values("province_id"))

    def visible_to(self, user) -> ProvinceQuerySet:
        """The provinces of the universities the user sees (the lists' rule: a
        dropdown names nothing outside the user's scope)."""
        return self.of_universities(University.objects.visible_to(user))


class Province(BilingualNameMixin, models.Model):
    code = models.CharField(_("GB/T 2260 code"), max_length=2, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.display_name

    @property
    def adcode(self) -> str:
        """The six-digit form used by map data (11 → 110000)."""
        return f"{self.code}0000"


class AuthorityQuerySet(models.QuerySet):
    def of_universities(self, universities) -> AuthorityQuerySet:
        """The authorities these universities answer to, reviewing or further ones."""
        return self.filter(
            Q(pk__in=universities.values("authority_id"))
            | Q(pk__in=universities.values("other_authorities"))
        )

    def visible_to(self, user) -> AuthorityQuerySet:
        """The authorities of the universities the user sees (as provinces)."""
        return self.of_universities(University.objects.visible_to(user))


class Authority(BilingualNameMixin, models.Model):
    """Who a university answers to, and whose reviewers check its reports."""

    class Kind(models.TextChoices):
        MOE = "moe", _("Ministry of Education")
        PROVINCIAL = "provincial", _("Provincial education department")
        XPCC = "xpcc", _("XPCC education bureau")
        CENTRAL = "central", _("Other central department")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
    )
    reports_direct = models.BooleanField(
        _("reports go straight to the ministry"),
        default=True,
        help_text=_(
            "For other central departments only: whether their universities' reports "
            "skip the department's review."
        ),
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("competent authority")
        verbose_name_plural = _("competent authorities")

    def __str__(self) -> str:
        return self.display_name

    @property
    def reviews_reports(self) -> bool:
        """Whether reports stop at this authority before the ministry (DESIGN §5)."""
        if self.kind == self.Kind.MOE:
            return False
        if self.kind == self.Kind.CENTRAL:
            return not self.reports_direct
        return True


class AuthorityAlias(models.Model):
    """The committed mapping from a raw authority string of the ministry's list."""

    raw = models.CharField(
        _("string in the ministry's list"), max_length=60, unique=True
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        ordering = ["raw"]
        verbose_name = _("authority alias")
        verbose_name_plural = _("authority aliases")

    def __str__(self) -> str:
        return self.raw


class UniversityQuerySet(models.QuerySet):
    @staticmethod
    def of_authority_q(authority) -> Q:
        """The universities an authority reviews or co-builds (it is their competent
        authority or a further one), as a filter on University; `authority` is an
        Authority or its pk. The one spelling of that rule, for the scope of a
        reviewer and for the lists' authority filter."""
        co_built = University.other_authorities.through.objects.filter(
            authority_id=getattr(authority, "pk", authority)
        ).values("university_id")
        return Q(authority=authority) | Q(pk__in=co_built)

    def of_authority(self, authority) -> UniversityQuerySet:
        """Universities the authority reviews or co-builds (see `of_authority_q`)."""
        return self.filter(self.of_authority_q(authority))

    def search(self, text: str) -> UniversityQuerySet:
        """Universities whose Chinese or English name contains `text`, or whose code
        starts with it; all of them for a blank text. Shared by every list that
        searches by university, so the search box behaves the same everywhere."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name_zh__icontains=text)
            | Q(name_en__icontains=text)
            | Q(code__startswith=text)
        )

    def visible_to(self, user) -> UniversityQuerySet:
        """Universities inside the user's active membership; none for outsiders."""
        from .access import active_membership

        membership = active_membership(user)
        if membership is None:
            return self.none()
        return self.filter(membership.university_scope_q())

    def editable_by(self, user) -> UniversityQuerySet:
        """Only the university's own reporters and approvers change its data."""
        from .access import active_membership

        membership = active_membership(user)
        if membership is None or membership.role not in Membership.UNIVERSITY_ROLES:
            return self.none()
        return self.filter(pk=membership.university_id)


class University(BilingualNameMixin, models.Model):
    class Level(models.TextChoices):
        BACHELOR = "bachelor", _("Undergraduate (benke)")
        ASSOCIATE = "associate", _("Vocational (zhuanke)")
        ADULT = "adult", _("Adult higher education")

    class Category(models.TextChoices):
        MOE = "moe", _("Directly under the Ministry of Education")
        CO_BUILT = "co_built", _("Ministry–province co-built")
        CENTRAL = "central", _("Under another central department")
        SINO_FOREIGN = "sino_foreign", _("Sino-foreign cooperative")
        PRIVATE = "private", _("Private")
        LOCAL = "local", _("Local public")

    code = models.CharField(
        _("institution code"),
        max_length=10,
        unique=True,
        help_text=_("The ministry's 10-digit code, kept as text."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="universities",
    )
    city = models.CharField(_("city"), max_length=40, blank=True)
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        related_name="universities",
        help_text=_("The reviewing authority."),
    )
    other_authorities = models.ManyToManyField(
        Authority,
        verbose_name=_("further authorities"),
        blank=True,
        related_name="co_universities",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    category = models.CharField(
        _("category"), max_length=15, choices=Category.choices, db_index=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    double_first_class = models.BooleanField(_("Double First-Class"), default=False)
    project_985 = models.BooleanField(_("Project 985"), default=False)
    project_211 = models.BooleanField(_("Project 211"), default=False)
    co_built = models.BooleanField(_("ministry–province co-built"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UniversityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{10}$"),
                name="university_code_10_digits",
            ),
        ]
        indexes = [models.Index(fields=["level", "province"])]

    def __str__(self) -> str:
        return self.display_name


class MembershipQuerySet(models.QuerySet):
    def active_for(self, user) -> MembershipQuerySet:
        """All the user's active memberships, oldest first: the workflow acts in
        every one of them (not only the one acted in, see institutions.access)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return (
            self.filter(user=user, is_active=True)
            .select_related("university", "authority")
            .order_by("id")
        )


class Membership(models.Model):
    """One (role, scope) pair of a user; the header switches between them."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("University reporter")
        APPROVER = "approver", _("University approver")
        REVIEWER = "reviewer", _("Authority reviewer")
        OFFICIAL = "official", _("Ministry official")
        EXPERT = "expert", _("Expert-group member")

    UNIVERSITY_ROLES = (Role.REPORTER, Role.APPROVER)
    AUTHORITY_ROLES = (Role.REVIEWER,)
    MINISTRY_ROLES = (Role.OFFICIAL, Role.EXPERT)
    # The roles a report waits for in a review queue (reporting.routing.QUEUE_STATES
    # says in which state); reporters and experts have none.
    QUEUE_ROLES = (Role.APPROVER, Role.REVIEWER, Role.OFFICIAL)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    university = models.ForeignKey(
        University,
        verbose_name=_("university"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("competent authority"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=["reporter", "approver"],
                        university__isnull=False,
                        authority__isnull=True,
                    )
                    | Q(
                        role="reviewer",
                        university__isnull=True,
                        authority__isnull=False,
                    )
                    | Q(
                        role__in=["official", "expert"],
                        university__isnull=True,
                        authority__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "university"],
                condition=Q(university__isnull=False),
                name="membership_unique_university",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "authority"],
                condition=Q(authority__isnull=False),
                name="membership_unique_authority",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(university__isnull=True, authority__isnull=True),
                name="membership_unique_ministry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.university_id:
            return str(self.university)
        if self.authority_id:
            return str(self.authority)
        return str(_("Ministry of Education"))

    @property
    def is_university(self) -> bool:
        """A university's reporter or approver: fills in its own reports."""
        return self.role in self.UNIVERSITY_ROLES

    @property
    def is_authority(self) -> bool:
        """A competent authority's reviewer."""
        return self.role in self.AUTHORITY_ROLES

    @property
    def is_ministry(self) -> bool:
        return self.role in self.MINISTRY_ROLES

    @property
    def has_queue(self) -> bool:
        """Whether reports wait for this role's step in a review queue."""
        return self.role in self.QUEUE_ROLES

    def university_scope_q(self) -> Q:
        """The universities this membership may see, as a filter on University."""
        if self.role in self.MINISTRY_ROLES:
            return Q()
        if self.role in self.AUTHORITY_ROLES:
            return UniversityQuerySet.of_authority_q(self.authority_id)
        return Q(pk=self.university_id)
