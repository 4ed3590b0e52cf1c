"""Who the demo accounts are: their Chinese names come from a data file
(data/demo_people.json), so that no Chinese text sits in Python code, and every demo
account, the seed's own staff accounts included, signs in with one published password."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password

DEMO_PASSWORD = "Demo-2026-carbon"
PEOPLE_PATH = Path(__file__).resolve().parent / "data" / "demo_people.json"


@functools.cache
def _people() -> dict:
    with PEOPLE_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def demo_name(key: str) -> str:
    """The name of the demo account `key`: the one the data file gives a login, or
    for any other account (the seed's staff) a name drawn from the file's surnames
    and given names, always the same for the same key."""
    people = _people()
    if key in people["logins"]:
        return people["logins"][key]
    rng = random.Random(f"demo-person/{key}")
    return rng.choice(people["surnames"]) + rng.choice(people["given_names"])


def demo_password_hash() -> str:
    """The demo password, hashed once per hasher: a dozen staff accounts hashed one by
    one with PBKDF2 would add seconds to every seed."""
    return _hashed(settings.PASSWORD_HASHERS[0])


@functools.cache
def _hashed(hasher: str) -> str:
    return make_password(DEMO_PASSWORD)
