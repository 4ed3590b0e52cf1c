"""seed_demo only with DEBUG: in a module of its own, as the other demo tests share
one seeded database per module (tests/conftest.py `demo_seeded`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from accounts.models import User
from institutions.demo import demo_seed
from institutions.models import University


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    with pytest.raises(ImproperlyConfigured):
        demo_seed()
    assert not User.objects.exists()
    assert not University.objects.exists()
