"""File names: what is kept of the user's name, and how it must end."""

from __future__ import annotations

import os
import unicodedata

from django.utils.translation import gettext_lazy as _

from .filetypes import ALLOWED_TYPES, EXTENSION_TYPES
from .rejections import EvidenceRejected

NAME_MAX_CHARS = 200
_WINDOWS_RESERVED = str.maketrans(dict.fromkeys('<>:"|?*', "_"))


def _is_space(char: str) -> bool:
    return char in " \t\n\r\v\f" or unicodedata.category(char) in {"Zs", "Zl", "Zp"}


def safe_filename(name: str) -> str:
    """The name to store and show: Chinese kept, path parts and control characters not.

    Drops everything up to the last "/" or "\\", control and format characters (the
    right-to-left override that makes "gpj.exe" look like "exe.jpg" among them),
    leading and trailing dots and spaces; turns whitespace runs into one space and
    characters Windows refuses in names into "_"; trims to 200 characters keeping
    the extension. "../../etc/passwd" gives "passwd". Raises
    EvidenceRejected("bad_name") when nothing usable is left.
    """
    text = unicodedata.normalize("NFC", str(name)).replace("\\", "/")
    text = text.rsplit("/", 1)[-1]
    text = "".join(
        " " if _is_space(char) else char
        for char in text
        if _is_space(char) or not unicodedata.category(char).startswith("C")
    )
    text = " ".join(text.split()).translate(_WINDOWS_RESERVED).strip(". ")
    if not text:
        shown = "".join(c if c.isprintable() else "?" for c in str(name))[:60]
        raise EvidenceRejected(
            _(
                'The file name "%(name)s" has no usable characters; rename the file '
                "and upload it again."
            ),
            code="bad_name",
            params={"name": shown},
        )
    if len(text) <= NAME_MAX_CHARS:
        return text
    stem, ext = os.path.splitext(text)
    if not 1 < len(ext) <= 16:
        return text[:NAME_MAX_CHARS].rstrip(". ")
    return stem[: NAME_MAX_CHARS - len(ext)].rstrip(". ") + ext


def name_for_type(name: str, content_type: str) -> tuple[str, str]:
    """The name ending in the real type's extension, and that extension.

    A name ending in the extension of another allowed type (a PDF named .docx) is
    refused ("type_mismatch", naming the real type). A name with no extension or an
    unrelated one ("passwd", "notice 2024.3", "scan.exe") gets the real extension
    appended ("passwd.pdf"), so a download always opens in the program the content
    is for.
    """
    label, extensions = ALLOWED_TYPES[content_type]
    dot_ext = os.path.splitext(name)[1]
    extension = dot_ext[1:].lower()
    if extension in extensions:
        return name, extension
    if extension in EXTENSION_TYPES:
        raise EvidenceRejected(
            _(
                '"%(name)s" is really in %(real)s format, but its name ends in '
                ".%(extension)s; rename it to .%(expected)s and upload it again."
            ),
            code="type_mismatch",
            params={
                "name": name,
                "real": label,
                "extension": dot_ext[1:],
                "expected": extensions[0],
            },
        )
    suffix = "." + extensions[0]
    return name[: NAME_MAX_CHARS - len(suffix)].rstrip(". ") + suffix, extensions[0]
