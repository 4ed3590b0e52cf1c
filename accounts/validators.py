from __future__ import annotations

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class CharacterClassValidator:
    """A password must mix classes: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        tests = (
            lambda c: c in string.ascii_lowercase,
            lambda c: c in string.ascii_uppercase,
            str.isdigit,
            lambda c: not c.isalnum() or not c.isascii(),
        )
        return sum(any(test(c) for c in password) for test in tests)

    def validate(self, password: str, user=None) -> None:
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must mix at least %(n)d kind of character: lower-case "
            "letters, upper-case letters, digits and symbols.",
            "Your password must mix at least %(n)d of these kinds of characters: "
            "lower-case letters, upper-case letters, digits and symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with an error message that has a zh_Hans translation.

    Django 5.2 changed this message's msgid and its own catalogue has not caught up,
    so Chinese users would read it in English.
    """

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must contain at least %(n)d character.",
            "This password is too short: it must contain at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}
