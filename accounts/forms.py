"""Forms of the sign-in pages, each rendered with Bootstrap classes."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.models import Membership

from .models import ApiToken, User


class BootstrapFormMixin:
    """Puts Bootstrap's classes on the widgets, and `is-invalid` on fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = getattr(field.widget, "input_type", "")
            css = {"checkbox": "form-check-input", "select": "form-select"}.get(
                kind, "form-control"
            )
            attrs = field.widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs['class']} is-invalid"
                widget.attrs["aria-invalid"] = "true"


def username_for_login(typed: str) -> str:
    """The username to authenticate for what was typed: a username or an e-mail.

    The lockout counts attempts per resolved username, so typing the address or the
    username of one account fills the same counter.
    """
    if "@" not in typed or User.objects.filter(username=typed).exists():
        return typed
    matches = list(
        User.objects.filter(email__iexact=typed).values_list("username", flat=True)[:2]
    )
    return matches[0] if len(matches) == 1 else typed


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or e-mail address and the password do not match. "
            "Please try again; passwords are case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        typed = self.cleaned_data.get("username")
        if typed:
            self.cleaned_data["username"] = username_for_login(typed)
        return super().clean()


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    """Changing the password also clears the must-change flag."""

    def save(self, commit: bool = True) -> User:
        self.user.must_change_password = False
        return super().save(commit=commit)


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    """Setting a password through a mailed link also clears the must-change flag.

    It lifts a lockout too: whoever followed the link controls the mailbox, and the
    lockout page sends locked-out users here.
    """

    def save(self, commit: bool = True) -> User:
        self.user.must_change_password = False
        user = super().save(commit=commit)
        axes_reset(username=user.get_username())
        return user


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    """Mails a link built on SITE_URL, also to imported users who have no password.

    Imported users receive a set-password link; when it expires, "forgot password"
    has to work for them too, although their password is still unusable.
    """

    def get_users(self, email: str):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "accounts:password-reset-confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context["reset_url"] = settings.SITE_URL.rstrip("/") + path
        context["valid_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )


def validate_unique_email(email: str, *, exclude_pk: int | None = None) -> None:
    """E-mail addresses are unique regardless of case: one account, one person."""
    duplicates = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationError(
            _("Another account already uses this e-mail address."), code="unique"
        )


class _UniqueEmailMixin:
    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        validate_unique_email(email, exclude_pk=self.instance.pk)
        return email


class AdminUserAddForm(_UniqueEmailMixin, auth_forms.AdminUserCreationForm):
    """The admin's add form also asks for the e-mail (unique) and the full name."""

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "name")

    def save(self, commit: bool = True) -> User:
        # A password chosen by an administrator is known to two people.
        if self.cleaned_data.get("set_usable_password"):
            self.instance.must_change_password = True
        return super().save(commit=commit)


class AdminUserChangeForm(_UniqueEmailMixin, auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """A password an administrator sets must be changed by its user at first login."""

    def save(self, commit: bool = True) -> User:
        if self.cleaned_data.get("set_usable_password", True):
            self.user.must_change_password = True
        return super().save(commit=commit)


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    """A new token of the user: its name, the role it acts in, read-only or not,
    and how long it lasts (as POST /api/v1/tokens/ takes them)."""

    name = forms.CharField(label=pgettext_lazy("token", "Name"), max_length=60)
    membership = forms.ModelChoiceField(
        label=_("Acts as"),
        queryset=Membership.objects.none(),
        help_text=_("The role the token acts in: a script never acts in another."),
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        initial=True,
        help_text=_("A read-only token reads; it cannot change anything."),
    )
    expiry_days = forms.IntegerField(
        label=_("Days until it expires"), min_value=1, max_value=366, initial=90
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["membership"].queryset = Membership.objects.active_for(user)

    def save(self) -> tuple[ApiToken, str]:
        data = self.cleaned_data
        return ApiToken.issue(
            user=self.user,
            membership=data["membership"],
            name=data["name"],
            read_only=data["read_only"],
            days=data["expiry_days"],
        )
