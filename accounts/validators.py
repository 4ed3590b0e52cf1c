from __future__ import annotations

import string

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
