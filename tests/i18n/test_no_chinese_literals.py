"""Chinese reaches users through the catalogue only: none in Python or templates.

Allowed: data migrations (*/migrations/), data files (CSV/JSON/TSV are not scanned),
the catalogues (locale/) and the tests, which assert what users read.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "migrations",
    "locale",
    "tests",
    "test-results",
    "staticfiles",
    "media",
    "vendor",
}
# CJK ideographs (with extension A, compatibility and the supplementary planes),
# CJK symbols and punctuation (、。《》「」) and full-width forms (，：；（）！？).
CHINESE = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0002fa1f]"
)


def _scanned_files() -> list[Path]:
    files = []
    stack = [ROOT]
    while stack:
        directory = stack.pop()
        for path in directory.iterdir():
            if path.is_dir():
                if path.name not in SKIPPED_DIRS and not path.name.startswith("."):
                    stack.append(path)
            elif path.suffix == ".py" or "templates" in path.relative_to(ROOT).parts:
                files.append(path)
    return sorted(files)


def test_the_scan_covers_code_and_templates():
    scanned = {path.relative_to(ROOT).as_posix() for path in _scanned_files()}

    assert "manage.py" in scanned
    assert "carbonplan/settings.py" in scanned
    assert "templates/base.html" in scanned
    assert "templates/includes/navbar.html" in scanned
    assert not any(name.startswith(("tests/", ".venv/")) for name in scanned)


def test_no_chinese_outside_catalogues_and_data():
    offenders = []
    for path in _scanned_files():
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, start=1):
            if match := CHINESE.search(line):
                where = path.relative_to(ROOT).as_posix()
                offenders.append(
                    f"{where}:{number}: {match.group()!r} in {line.strip()}"
                )

    assert not offenders, (
        "Chinese text belongs in locale/zh_Hans (msgids in English):\n"
        + "\n".join(offenders)
    )


def test_the_pattern_finds_chinese_text_and_punctuation():
    assert CHINESE.search("首页")
    assert CHINESE.search("Done。")
    assert CHINESE.search("a，b")
    assert not CHINESE.search("Plain English, with “quotes” and a – dash.")
