"""`make run PORT=8001` serves on that port and mails links to it (read from the
commands make would run, without running them)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _commands(*args: str) -> list[str]:
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def _django(commands: list[str], name: str) -> str:
    return next(line for line in commands if f"manage.py {name}" in line)


@pytest.mark.parametrize(("args", "port"), [((), "8000"), (("PORT=8001",), "8001")])
def test_the_port_and_the_site_address_follow_port(args, port):
    commands = _commands(*args)

    serve = _django(commands, "runserver")
    assert serve.endswith(f"runserver 127.0.0.1:{port}")
    assert f"SITE_URL=http://127.0.0.1:{port} " in serve
    assert f"SITE_URL=http://127.0.0.1:{port} " in _django(commands, "seed_demo")
