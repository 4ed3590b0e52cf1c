"""The simulated university reporters of `make loadtest` (run by locust in .venv-load;
HTTP only, no Django here). scripts/loadtest.py writes the accounts, starts gunicorn
and locust, then reads what this file writes.

Each user signs in once as its university's reporter (the login form, the login,
the home page it lands on, the page's static files as an empty browser cache would
fetch them), opens its report's form at its section, then every 1-5 s autosaves
one to three of the section's numbers. Users marked `ready` mark the report ready
after two to five autosaves, go back to the form and, once it is no longer
editable, only reopen the report's page. Every request is recorded with the stage
it ran in; every acknowledged autosave with the value and version the server
answered, for the lost-input check.

Environment (set by scripts/loadtest.py): LOADTEST_ACCOUNTS (JSON list of
{"username", "report", "section", "ready"}), LOADTEST_PASSWORD, LOADTEST_OUT (a
directory), LOADTEST_STAGES ("25,50,100,200"), LOADTEST_STAGE_SECONDS,
LOADTEST_SPAWN_RATE, LOADTEST_WAIT ("1,5"), LOADTEST_TIMEOUT (seconds per request).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import requests
from locust import HttpUser, LoadTestShape, between, events, task

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text())
PASSWORD = os.environ["LOADTEST_PASSWORD"]
OUT = Path(os.environ["LOADTEST_OUT"])
STAGES = [int(n) for n in os.environ.get("LOADTEST_STAGES", "25,50,100,200").split(",")]
STAGE_SECONDS = float(os.environ.get("LOADTEST_STAGE_SECONDS", "60"))
SPAWN_RATE = float(os.environ.get("LOADTEST_SPAWN_RATE", "5"))
WAIT = [float(n) for n in os.environ.get("LOADTEST_WAIT", "1,5").split(",")]
TIMEOUT = float(os.environ.get("LOADTEST_TIMEOUT", "120"))

_next_account = itertools.count()
_stage = {"index": 0}
_requests: list[tuple] = []
_acks: list[dict] = []
_sent: list[dict] = []  # every autosave's values as sent, answered or not
_ready: list[tuple[int, bool]] = []  # (report, whether the step went through)

NUMBER_INPUT = re.compile(
    r'<input type="text" inputmode="decimal"[^>]*\bname="raw-([^"]+)"[^>]*'
    r'\bvalue="([^"]*)"'
)
AUTOSAVE_URL = re.compile(r'data-autosave-url="([^"]+)"')
BASE_VERSION = re.compile(r'name="base_version" value="(\d+)"')
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')
DROPPED = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.Timeout,
)


class Stages(LoadTestShape):
    """25, 50, 100, 200 users (LOADTEST_STAGES), each stage STAGE_SECONDS long;
    the users of a stage stay on into the next one (each signs in once)."""

    def tick(self):
        index = int(self.get_run_time() // STAGE_SECONDS)
        if index >= len(STAGES):
            return None
        _stage["index"] = index
        return STAGES[index], SPAWN_RATE


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    if exception is None:
        outcome = "ok"
    elif isinstance(exception, DROPPED) or status == 0:
        outcome = "dropped"
    elif status >= 500:
        outcome = "5xx"
    else:
        outcome = "error"
    _requests.append((_stage["index"], name, round(response_time, 1), status, outcome))


@events.quitting.add_listener
def _write(environment, **kwargs):
    with (OUT / "requests.jsonl").open("w") as out:
        for row in _requests:
            out.write(json.dumps(row) + "\n")
    with (OUT / "acks.jsonl").open("w") as out:
        for ack in _acks:
            out.write(json.dumps(ack) + "\n")
    with (OUT / "sent.jsonl").open("w") as out:
        for sent in _sent:
            out.write(json.dumps(sent) + "\n")
    (OUT / "ready.json").write_text(json.dumps(_ready))


class Reporter(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.report = self.account["report"]
        self.report_page = f"/reports/{self.report}/"
        self.done = False  # marked ready: the form is no longer editable
        self.saves_before_ready = (
            random.randint(2, 5) if self.account["ready"] else None
        )
        self.client.headers["Accept-Language"] = "zh-hans"
        self._sign_in()
        self._open_form(self.account["section"], with_static=True)

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def _sign_in(self) -> None:
        with self.client.get(
            "/accounts/login/", name="login form", timeout=TIMEOUT, catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"login form: {answer.status_code}")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.account["username"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": self._csrf(),
            },
            allow_redirects=False,
            name="login",
            timeout=TIMEOUT,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"login refused: {answer.status_code}")
                return
        self._get("/", "home")

    def _get(self, url: str, kind: str):
        with self.client.get(
            url, name=kind, timeout=TIMEOUT, catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{kind}: {answer.status_code}")
            return answer

    def _open_form(self, section: str, *, with_static: bool = False) -> None:
        url = f"/reports/{self.report}/form/?section={section}"
        page = self._get(url, "report form").text or ""
        if with_static:
            for asset in dict.fromkeys(STATIC.findall(page)):
                self._get(asset, "static")
        saving = AUTOSAVE_URL.search(page)
        if saving is None:  # read-only: marked ready (or locked meanwhile)
            self.done = True
            return
        self.autosave_url = saving.group(1)
        self.section = section
        self.base_version = int(BASE_VERSION.search(page).group(1))
        self.numbers = dict(NUMBER_INPUT.findall(page))
        if not self.numbers and section != "A1":
            self._open_form("A1")

    @task
    def work(self):
        if self.done:
            self._get(self.report_page, "report page")
        elif self.saves_before_ready == 0:
            self._mark_ready()
        else:
            self._autosave()

    def _autosave(self) -> None:
        if not self.numbers:
            return
        codes = random.sample(sorted(self.numbers), min(len(self.numbers), 3))
        codes = codes[: random.randint(1, len(codes))]
        typed = {code: _next_number(self.numbers[code]) for code in codes}
        body = {
            "base_version": self.base_version,
            "data": {"values": {code: {"raw": raw} for code, raw in typed.items()}},
        }
        sent_at = time.time()
        where = {"report": self.report, "section": self.section, "sent_at": sent_at}
        _sent.extend(
            {**where, "indicator": code, "raw": raw} for code, raw in typed.items()
        )
        with self.client.post(
            self.autosave_url,
            json=body,
            headers={
                "X-CSRFToken": self._csrf(),
                "X-Requested-With": "XMLHttpRequest",
                "Accept": "application/json",
            },
            allow_redirects=False,
            name="autosave",
            timeout=TIMEOUT,
            catch_response=True,
        ) as answer:
            saved = None
            if answer.status_code == 200:
                try:
                    saved = answer.json()
                except ValueError:
                    saved = None
            if not saved or not saved.get("saved"):
                answer.failure(f"autosave: {answer.status_code}")
                return
        self.base_version = saved["version"]
        fields = saved.get("fields") or {}
        for code, raw in typed.items():
            answered = (fields.get(code) or {}).get("raw", raw)
            self.numbers[code] = answered
            _acks.append(
                {
                    **where,
                    "indicator": code,
                    "raw": answered,
                    "version": saved["version"],
                }
            )
        if self.saves_before_ready:
            self.saves_before_ready -= 1

    def _mark_ready(self) -> None:
        self.saves_before_ready = None  # once
        with self.client.post(
            f"/reports/{self.report}/transition/mark_ready/",
            data={"csrfmiddlewaretoken": self._csrf(), "comment": ""},
            allow_redirects=False,
            name="mark ready",
            timeout=TIMEOUT,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"mark ready: {answer.status_code}")
                return
            self.report_page = answer.headers.get("Location", self.report_page)
        self._get(self.report_page, "report page")
        self._open_form(self.section)
        _ready.append((self.report, self.done))


def _next_number(current: str) -> str:
    """What a reporter types: last value a few per cent up, or a first number."""
    try:
        number = int(float(current.replace(",", "")))
    except ValueError:
        number = 0
    if number <= 0:
        return str(random.randint(1, 90))
    return str(number + max(1, number * random.randint(0, 5) // 100))
