"""`make loadtest`: simulated university reporters against gunicorn on the national
set, then a check that every autosave the server acknowledged is stored.

On the PostgreSQL server of DATABASE_URL (its database is never touched):
1. `<name>_seed`: migrated and seeded once by `seed_national` (with
   --reporters-password, one reporter per university) and kept for the next run;
   reseeded when --universities or --periods differ.
2. `<name>_run`: a fresh copy of it (CREATE DATABASE … TEMPLATE) for each run, so
   every run starts from the same drafts; dropped at the end unless --keep.
3. collectstatic (whitenoise's manifest, as in production) into a temporary folder,
   gunicorn with gunicorn.conf.py on a free loopback port, DEBUG off, a generated
   SECRET_KEY; only https is off (no proxy on loopback: no redirect, cookies
   without the Secure flag) and mail goes nowhere.
4. locust, headless, from .venv-load (scripts/loadtest_locustfile.py): stages of
   25, 50, 100 and 200 reporters, --stage-seconds each, one user per draft report
   of the open period (several on one report, each on its own section, when the
   set has fewer drafts than users); half of those alone on their report mark it
   ready.
5. One table per stage and request kind (requests, p50/p95/p99 ms, requests/s,
   errors, 5xx, dropped connections), then the lost-input check: for every field
   the latest acknowledged value is the stored one, and no section's stored
   version is below one the server answered. Exit status 1 if anything was lost
   (or nothing was acknowledged), 2 if the load test could not run.

    .venv/bin/python scripts/loadtest.py [--universities 300] [--stage-seconds 60]
        [--stages 25,50,100,200] [--workers N] [--keep] [--drop-seed]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LOAD_VENV = Path(os.environ.get("LOADTEST_VENV", ROOT / ".venv-load"))
# The reporters' password on the load-test database only (demo accounts).
PASSWORD = "Loadtest-2026-carbon"
KINDS = (
    "login form",
    "login",
    "home",
    "static",
    "report form",
    "autosave",
    "mark ready",
    "report page",
)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("make loadtest needs PostgreSQL: set DATABASE_URL", file=sys.stderr)
        return 2
    if not (LOAD_VENV / "bin" / "locust").exists():
        print(f"no locust in {LOAD_VENV}: run make install-load", file=sys.stderr)
        return 2
    name = args.name or f"{urlsplit(url).path.lstrip('/') or 'carbonplan'}_loadtest"
    seed_url, run_url = _with_name(url, f"{name}_seed"), _with_name(url, f"{name}_run")
    started = time.monotonic()
    _seeded(url, seed_url, args)
    _copy(url, seed_url, run_url)
    print(f"database ready ({time.monotonic() - started:.0f} s): {name}_run")
    os.environ["DATABASE_URL"] = run_url
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")
    import django

    django.setup()
    from django.db import connections

    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
            out = Path(folder)
            accounts = _accounts(max(args.stages), out)
            connections.close_all()
            static_root = out / "static"
            env = _server_env(run_url, static_root)
            collecting = time.monotonic()
            _run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
            print(f"collectstatic: {time.monotonic() - collecting:.0f} s")
            port = _free_port()
            server = _serve(env, port, args.workers, out)
            meter = _CpuMeter(url, urlsplit(run_url).path.lstrip("/"), server.pid)
            finished = _locust(args, port, out)
            cpu = meter.stop()
            _stop(server)
            server = None
            requests = _print_table(args, out)
            _print_cpu(cpu, requests, out)
            ready = json.loads((out / "ready.json").read_text() or "[]")
            print(
                f"mark ready: {sum(done for _, done in ready)} reports made ready, "
                f"{sum(not done for _, done in ready)} refused (checks not met), "
                f"of {sum(a['ready'] for a in accounts)} users meant to"
            )
            lost = _lost_input(out)
            connections.close_all()
            if not finished:
                print("locust did not finish in time", file=sys.stderr)
                return 2
            return 1 if lost else 0
    finally:
        if server is not None:
            _stop(server)
        connections.close_all()
        if not args.keep:
            _drop(url, run_url)
        if args.drop_seed:
            _drop(url, seed_url)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--universities",
        type=int,
        default=None,
        help="universities of the national set (default: the whole list, 3,167)",
    )
    parser.add_argument("--periods", type=int, default=10, help="data years (10)")
    parser.add_argument(
        "--stages",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[25, 50, 100, 200],
        help="simultaneous reporters per stage (25,50,100,200)",
    )
    parser.add_argument(
        "--stage-seconds", type=float, default=60, help="length of a stage (60)"
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=5, help="reporters signing in per second"
    )
    parser.add_argument(
        "--wait", default="1,5", help="seconds between a user's requests (1,5)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (gunicorn.conf.py)"
    )
    parser.add_argument(
        "--name", default=None, help="database name prefix (<DATABASE_URL's>_loadtest)"
    )
    parser.add_argument("--keep", action="store_true", help="keep <name>_run")
    parser.add_argument(
        "--drop-seed", action="store_true", help="drop <name>_seed at the end too"
    )
    return parser.parse_args(argv)


# --- databases ------------------------------------------------------------------


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, statement: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(_with_name(url, "postgres"), autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _quoted(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    return '"' + name.replace('"', '""') + '"'


def _seeded(url: str, seed_url: str, args) -> None:
    """The seed database, made unless one with the same set is complete (its
    comment, written last, says which set it holds)."""
    wanted = f"carbonplan loadtest seed: universities={args.universities or 'all'} "
    wanted += f"periods={args.periods}"
    name = urlsplit(seed_url).path.lstrip("/")
    found = _admin(
        url,
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = %s",
        (name,),
    )
    if found and found[0][0] == wanted:
        print(f"seed kept from an earlier run: {name} ({wanted})")
        return
    _drop(url, seed_url)
    _admin(url, f"CREATE DATABASE {_quoted(seed_url)}")
    env = {**os.environ, "DATABASE_URL": seed_url}
    print(f"seeding {name}: migrate, seed_national …", flush=True)
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    seed = [PYTHON, "manage.py", "seed_national", "--periods", str(args.periods)]
    if args.universities:
        seed += ["--universities", str(args.universities)]
    _run([*seed, "--reporters-password", PASSWORD], env, quiet=True)
    _admin(url, f"COMMENT ON DATABASE {_quoted(seed_url)} IS '{wanted}'")


def _copy(url: str, seed_url: str, run_url: str) -> None:
    _drop(url, run_url)
    _admin(
        url,
        f"CREATE DATABASE {_quoted(run_url)} TEMPLATE {_quoted(seed_url)}",
    )


def _drop(url: str, target: str) -> None:
    _admin(url, f"DROP DATABASE IF EXISTS {_quoted(target)} WITH (FORCE)")


def _accounts(users: int, out: Path) -> list[dict]:
    """One account per user: the drafts of the open period in turn, several users
    on one report (each on another section) when there are fewer drafts than
    users; every other user alone on its report marks it ready."""
    from institutions.models import Membership
    from reporting.models import Report, ReportingPeriod, ReportSection

    period = ReportingPeriod.objects.open().order_by("-year").first()
    drafts = list(
        Report.objects.filter(period=period, state=Report.State.DRAFT)
        .order_by("pk")
        .values_list("pk", "university_id")
    )
    if not drafts:
        raise SystemExit("the seed holds no draft report in an open period")
    reporters = dict(
        Membership.objects.filter(
            role=Membership.Role.REPORTER,
            university_id__in=[university for _, university in drafts],
            user__username__startswith="national-reporter-",
        ).values_list("university_id", "user__username")
    )
    sections = defaultdict(list)
    for report, code in (
        ReportSection.objects.filter(report__in=[pk for pk, _ in drafts])
        .order_by("action__order")
        .values_list("report_id", "action__code")
    ):
        sections[report].append(code)
    chance = random.Random(2026)
    offsets = {pk: chance.randrange(len(sections[pk])) for pk, _ in drafts}
    accounts = []
    for number in range(users):
        report, university = drafts[number % len(drafts)]
        codes = sections[report]
        alone = number < len(drafts) and number + len(drafts) >= users
        accounts.append(
            {
                "username": reporters[university],
                "report": report,
                "section": codes[
                    (offsets[report] + number // len(drafts)) % len(codes)
                ],
                "ready": alone and number % 2 == 0,
            }
        )
    (out / "accounts.json").write_text(json.dumps(accounts))
    shared = max(0, users - len(drafts))
    print(
        f"{users} reporters on {len(drafts)} draft reports"
        + (f" ({shared} share a report, each on its own section)" if shared else "")
        + f"; {sum(a['ready'] for a in accounts)} will mark theirs ready"
    )
    return accounts


# --- the server and the load ----------------------------------------------------


def _server_env(run_url: str, static_root: Path) -> dict[str, str]:
    drop = {"DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE", "CELERY_BROKER_URL", "DEBUG"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        DATABASE_URL=run_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def _run(command: list, env: dict, *, quiet: bool = False) -> None:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
    )
    if done.returncode:
        if quiet:
            sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, command))}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(env: dict, port: int, workers: int | None, out: Path) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config",
        str(ROOT / "scripts" / "loadtest_gunicorn.py"),  # gunicorn.conf.py + CPU
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(out / "access.log"),
        "--error-logfile",
        str(out / "gunicorn.log"),
    ]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "carbonplan.wsgi"],
        cwd=ROOT,
        env={**env, "LOADTEST_CPU_LOG": str(out / "cpu")},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/healthz", headers={"Host": "127.0.0.1"}
            )
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    shown = f"{workers} workers" if workers else "gunicorn.conf.py"
                    print(f"gunicorn on 127.0.0.1:{port} ({shown})")
                    return server
        except OSError:
            time.sleep(0.3)
    _stop(server)
    sys.stderr.write((out / "gunicorn.log").read_text(errors="replace"))
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _locust(args, port: int, out: Path) -> bool:
    total = len(args.stages) * args.stage_seconds
    env = {
        **os.environ,
        "LOADTEST_ACCOUNTS": str(out / "accounts.json"),
        "LOADTEST_PASSWORD": PASSWORD,
        "LOADTEST_OUT": str(out),
        "LOADTEST_STAGES": ",".join(map(str, args.stages)),
        "LOADTEST_STAGE_SECONDS": str(args.stage_seconds),
        "LOADTEST_SPAWN_RATE": str(args.spawn_rate),
        "LOADTEST_WAIT": args.wait,
    }
    command = [
        str(LOAD_VENV / "bin" / "locust"),
        "--locustfile",
        str(ROOT / "scripts" / "loadtest_locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--stop-timeout",
        "60",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    stages = ", ".join(map(str, args.stages))
    print(f"locust: stages of {stages} reporters, {args.stage_seconds:g} s each")
    with (out / "locust.log").open("w") as log:
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=total + 120,
            )
        except subprocess.TimeoutExpired:
            return False
    if done.returncode or not (out / "requests.jsonl").exists():
        sys.stderr.write((out / "locust.log").read_text(errors="replace")[-5000:])
        raise SystemExit(f"locust failed (exit status {done.returncode})")
    return True


# --- what was measured ----------------------------------------------------------


def _percentile(sorted_ms: list[float], share: float) -> float:
    return sorted_ms[max(0, math.ceil(share * len(sorted_ms)) - 1)]


class _CpuMeter:
    """CPU seconds that gunicorn's workers and the run database's PostgreSQL
    backends spent during the load (each process sampled every second from /proc;
    a backend that ended loses at most its last second). What a request costs a
    core, whoever else shares the machine."""

    def __init__(self, url: str, database: str, master: int):
        import threading

        self.url, self.database, self.master = url, database, master
        self.tick = os.sysconf("SC_CLK_TCK")
        self.web: dict[int, float] = {}
        self.db: dict[int, float] = {}
        self.start = self._workers()
        self.running = threading.Event()
        self.running.set()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _cpu(self, pid: int) -> float | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / self.tick

    def _workers(self) -> dict[int, float]:
        found = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.master and (cpu := self._cpu(int(stat.parent.name))):
                found[int(stat.parent.name)] = cpu
        return found

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(_with_name(self.url, "postgres"), autocommit=True) as db:
            while self.running.is_set():
                self.web.update(self._workers())
                pids = db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s",
                    (self.database,),
                ).fetchall()
                for (pid,) in pids:
                    if (cpu := self._cpu(pid)) is not None:
                        self.db[pid] = max(cpu, self.db.get(pid, 0.0))
                time.sleep(1)

    def stop(self) -> tuple[float, float]:
        self.running.clear()
        self.thread.join()
        web = sum(cpu - self.start.get(pid, 0.0) for pid, cpu in self.web.items())
        return web, sum(self.db.values())


def _kind(method: str, path: str) -> str | None:
    """The locustfile's name for a request the server logged."""
    if path.startswith("/static/"):
        return "static"
    if path == "/accounts/login/":
        return "login" if method == "POST" else "login form"
    if path == "/":
        return "home"
    for ending, kind in (
        ("/autosave/", "autosave"),
        ("/transition/mark_ready/", "mark ready"),
        ("/form/", "report form"),
    ):
        if path.endswith(ending):
            return kind
    return "report page" if path.startswith("/reports/") else None


def _print_cpu(cpu: tuple[float, float], requests: int, out: Path) -> None:
    """Each kind's CPU in its gunicorn worker (mean over the run), and the
    PostgreSQL backends' CPU spread over all requests."""
    web, db = cpu
    if not requests:
        return
    spent: dict[str, list[float]] = defaultdict(list)
    for log in out.glob("cpu.*"):
        for line in log.read_text().splitlines():
            method, path, ms = line.split(" ")
            if kind := _kind(method, path):
                spent[kind].append(float(ms))
    per_db = 1000 * db / requests
    print("CPU ms a request, in its gunicorn worker (mean of the run):")
    print(
        "  "
        + ", ".join(
            f"{kind} {sum(spent[kind]) / len(spent[kind]):.0f}"
            for kind in KINDS
            if spent.get(kind)
        )
    )
    print(
        f"  PostgreSQL: {db:.1f} s for {requests} requests, {per_db:.0f} ms a "
        f"request; gunicorn's workers in all: {web:.1f} s"
    )
    if spent.get("autosave"):
        autosave = sum(spent["autosave"]) / len(spent["autosave"]) + per_db
        print(
            f"  an autosave: about {autosave:.0f} ms of a core (web and database), "
            f"{1000 / autosave:.0f} autosaves/s per core"
        )
    print()


def _print_table(args, out: Path) -> int:
    by_stage: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for line in (out / "requests.jsonl").read_text().splitlines():
        stage, kind, ms, status, outcome = json.loads(line)
        by_stage[stage][kind].append((ms, status, outcome))
    header = (
        f"{'stage':>5} {'users':>5}  {'kind':<12} {'requests':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} {'errors':>6} {'5xx':>5} "
        f"{'dropped':>7}"
    )
    print()
    print(header)
    print("-" * len(header))
    for stage, users in enumerate(args.stages):
        kinds = by_stage.get(stage, {})
        rows = [(kind, kinds[kind]) for kind in KINDS if kinds.get(kind)]
        rows.append(("all", [row for _, measured in rows for row in measured]))
        for kind, measured in rows:
            ms = sorted(m for m, _, _ in measured)
            outcomes = [outcome for _, _, outcome in measured]
            p50, p95, p99 = (
                (f"{_percentile(ms, share):8.0f}" for share in (0.5, 0.95, 0.99))
                if ms
                else ("       -",) * 3
            )
            print(
                f"{stage + 1:>5} {users:>5}  {kind:<12} {len(measured):>8} {p50} "
                f"{p95} {p99} {len(measured) / args.stage_seconds:7.1f} "
                f"{outcomes.count('error'):>6} {outcomes.count('5xx'):>5} "
                f"{outcomes.count('dropped'):>7}"
            )
    print()
    return sum(len(m) for kinds in by_stage.values() for m in kinds.values())


def _lost_input(out: Path) -> bool:
    """Every field's latest acknowledged value stored (or a value sent after it
    whose answer never came: in flight when the run stopped), and no section's
    stored version below an acknowledged one. True if anything was lost or
    nothing was acknowledged."""
    from reporting.models import ReportSection, Value

    def rows(name: str) -> list[dict]:
        path = out / name
        text = path.read_text() if path.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    acks, sent = rows("acks.jsonl"), rows("sent.jsonl")
    latest: dict[tuple[int, str], dict] = {}
    versions: dict[tuple[int, str], int] = {}
    for ack in acks:
        field = (ack["report"], ack["indicator"])
        if field not in latest or (ack["version"], ack["sent_at"]) >= (
            latest[field]["version"],
            latest[field]["sent_at"],
        ):
            latest[field] = ack
        section = (ack["report"], ack["section"])
        versions[section] = max(versions.get(section, 0), ack["version"])
    unanswered = defaultdict(set)  # field -> values sent after its latest ack
    for attempt in sent:
        field = (attempt["report"], attempt["indicator"])
        if field in latest and attempt["sent_at"] > latest[field]["sent_at"]:
            unanswered[field].add(attempt["raw"])
    reports = {report for report, _ in latest}
    stored = {
        (report, code): raw
        for report, code, raw in Value.objects.filter(report_id__in=reports)
        .filter(indicator__code__in={code for _, code in latest})
        .values_list("report_id", "indicator__code", "raw")
    }
    stored_versions = {
        (report, code): version
        for report, code, version in ReportSection.objects.filter(
            report_id__in=reports
        ).values_list("report_id", "action__code", "version")
    }
    lost = [
        ack
        for field, ack in latest.items()
        if stored.get(field) not in {ack["raw"], *unanswered[field]}
    ]
    behind = [
        section
        for section, version in versions.items()
        if stored_versions.get(section, -1) < version
    ]
    saves = len({(a["report"], a["section"], a["version"]) for a in acks})
    print(
        f"lost-input check: {saves} acknowledged autosaves ({len(acks)} values) "
        f"into {len(latest)} fields of {len(reports)} reports"
    )
    for ack in lost[:20]:
        print(
            f"  LOST report {ack['report']} {ack['indicator']}: acknowledged "
            f"{ack['raw']!r} (version {ack['version']}), stored "
            f"{stored.get((ack['report'], ack['indicator']))!r}"
        )
    for report, code in behind[:20]:
        print(
            f"  LOST report {report} section {code}: stored version "
            f"{stored_versions.get((report, code))}, acknowledged "
            f"{versions[(report, code)]}"
        )
    if not saves:
        print("lost-input check: FAILED, no autosave was acknowledged")
        return True
    if lost or behind:
        print(
            f"lost-input check: FAILED, {len(lost)} values and {len(behind)} "
            "sections lost"
        )
        return True
    print("lost-input check: passed, every acknowledged value is stored")
    return False


if __name__ == "__main__":
    sys.exit(main())
