"""The zh_Hans catalogue is complete, and the committed .mo is compiled from the .po."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"


def _entries(catalogue) -> dict[tuple[str | None, str], object]:
    return {
        (entry.msgctxt, entry.msgid): (
            tuple(sorted(entry.msgstr_plural.items()))
            if entry.msgid_plural
            else entry.msgstr
        )
        for entry in catalogue
        if entry.msgid
    }


@pytest.fixture(scope="module")
def po():
    path = MESSAGES / "django.po"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    return polib.pofile(str(path))


def test_no_untranslated_entry(po):
    missing = [entry.msgid for entry in po.untranslated_entries()]

    assert not missing, "untranslated in zh_Hans:\n" + "\n".join(missing)


def test_no_fuzzy_entry(po):
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert not fuzzy, "fuzzy in zh_Hans (check, then drop the flag):\n" + "\n".join(
        fuzzy
    )


def test_plural_forms_declared(po):
    assert (
        po.metadata.get("Plural-Forms", "").replace(" ", "").startswith("nplurals=1;")
    )


def test_compiled_catalogue_matches_the_source(po):
    path = MESSAGES / "django.mo"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run make messages"

    compiled = _entries(polib.mofile(str(path)))
    expected = _entries(po.translated_entries())

    stale = sorted(key[1] for key in expected if compiled.get(key) != expected[key])
    extra = sorted(key[1] for key in compiled.keys() - expected.keys())
    assert not stale and not extra, (
        "django.mo is not compiled from django.po (run make messages):\n"
        + "\n".join(stale + extra)
    )
