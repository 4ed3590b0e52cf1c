from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager


class User(AbstractUser):
    """One person. Portal roles come from memberships, never from is_staff."""

    name = models.CharField(_("full name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), unique=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set for new and reset passwords; cleared when the user picks one."
        ),
    )
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or super().get_full_name() or self.username


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user) -> ApiTokenQuerySet:
        """The user's own tokens: the only ones a user lists or revokes."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user).select_related(
            "membership__university", "membership__authority"
        )


class ApiToken(AbstractAuthToken):
    """A script's token (django-rest-knox: only its digest is stored): named, expiring,
    read-only or read-write, and acting in the one membership chosen when it was made,
    so that a script of a user with two roles never acts in the wrong one."""

    name = models.CharField(_("name"), max_length=60)
    membership = models.ForeignKey(
        "institutions.Membership",
        verbose_name=_("acts as"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    read_only = models.BooleanField(_("read-only"), default=True)

    objects = AuthTokenManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key})"

    @classmethod
    def issue(
        cls, *, user, membership, name: str, read_only: bool, days: int
    ) -> tuple[ApiToken, str]:
        """A new token of `user` acting in `membership` (one of the user's active
        ones), expiring in `days`; returns it with its key, which is shown once and
        never stored (knox keeps only the digest)."""
        if membership.user_id != user.pk or not membership.is_active:
            raise ValueError(f"{membership!r} is not an active membership of {user!r}")
        # The user's expired tokens go now (knox would look for them on each use).
        cls.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        return cls.objects.create(
            user=user,
            expiry=timedelta(days=days),
            name=name,
            membership=membership,
            read_only=read_only,
        )
