"""The demo people: Chinese names from the data file, and the README's login table
says who they are."""

from __future__ import annotations

import re
from pathlib import Path

from institutions.demo import DEMO_PASSWORD, DEMO_USERS
from institutions.demo_people import _people, demo_name

README = Path(__file__).resolve().parents[2] / "README.md"
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def test_each_login_has_the_data_files_chinese_name():
    logins = {username for username, _role, _scope in DEMO_USERS}

    assert logins == set(_people()["logins"])
    assert all(CHINESE_NAME.match(demo_name(username)) for username in logins)


def test_a_staff_account_gets_a_chinese_name_and_always_the_same():
    name = demo_name("staff-4111010028@example.com")

    assert CHINESE_NAME.match(name)
    assert demo_name("staff-4111010028@example.com") == name


def test_the_readme_lists_every_login_with_its_name_and_the_password():
    readme = README.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([^`]+@example\.com)` \| ([^|]+?) \|", readme, re.M))

    for username, name in _people()["logins"].items():
        assert rows.get(username) == name, username
    assert "staff-<university code>@example.com" in rows
    assert f"Every demo password is `{DEMO_PASSWORD}`" in readme
