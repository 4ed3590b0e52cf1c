"""seed_demo: real universities, a user per role, idempotent (seeded once for the
module; that it refuses without DEBUG is in test_demo_debug.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from initiatives.models import Indicator, Target
from institutions.demo import DEMO_PASSWORD, DEMO_UNIVERSITIES, demo_seed
from institutions.models import Membership, University
from reporting.models import Report, ReportingPeriod

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo-institutions")]

STAFF = "staff-"
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@pytest.fixture
def seeded(demo_seeded, db, settings):
    """The demo seeded once for this module (tests/conftest.py); what it printed."""
    settings.DEBUG = True
    return demo_seeded.output


def test_loads_real_universities_and_a_user_per_role(seeded):
    assert University.objects.count() == len(DEMO_UNIVERSITIES) == 30
    categories = set(University.objects.values_list("category", flat=True))
    assert categories == set(University.Category.values)
    levels = set(University.objects.values_list("level", flat=True))
    assert levels == set(University.Level.values)
    assert University.objects.get(code="4111010003").name_en == "Tsinghua University"
    assert University.objects.get(code="4165010759").authority.code == "XPCC"
    assert University.objects.filter(authority__code="EDU-11").count() >= 5

    roles = {
        (m.user.username, m.role, m.university and m.university.code)
        for m in Membership.objects.select_related("user", "university").exclude(
            user__username__startswith=STAFF
        )
    }
    assert roles == {
        ("official@example.com", "official", None),
        ("expert@example.com", "expert", None),
        ("reviewer@example.com", "reviewer", None),
        ("approver@example.com", "approver", "4111010005"),
        ("reporter@example.com", "reporter", "4111010005"),
        ("multi@example.com", "reporter", "4111010005"),
        ("multi@example.com", "approver", "4111010005"),
    }
    reviewer = Membership.objects.get(role="reviewer")
    assert reviewer.authority.code == "EDU-11"
    users = User.objects.exclude(username__startswith=STAFF)
    assert users.count() == 7
    assert all(u.is_demo and not u.must_change_password for u in users)
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    admin = User.objects.get(username="admin@example.com")
    assert admin.is_superuser and admin.is_staff
    assert not admin.memberships.exists()
    assert not User.objects.filter(is_staff=True).exclude(pk=admin.pk).exists()
    # The review workflow's demo (reporting/demo/workflow.py) gives other universities
    # an account of their own, which signs in with the demo password like the others.
    staff = User.objects.filter(username__startswith=STAFF)
    assert staff.exists()
    assert all(u.is_demo and u.check_password(DEMO_PASSWORD) for u in staff)


def test_every_demo_user_has_a_chinese_name(seeded):
    names = dict(User.objects.values_list("username", "name"))

    assert names["reporter@example.com"] == "陈静"  # from demo_people.json
    assert all(CHINESE_NAME.match(name) for name in names.values()), names
    staff = [name for username, name in names.items() if username.startswith(STAFF)]
    assert len(set(staff)) > 1  # drawn per account, not one name for all


@pytest.mark.parametrize(
    "username", ["reporter@example.com", "admin@example.com", "staff-4111010028"]
)
def test_every_demo_login_signs_in_with_the_demo_password(seeded, client, username):
    if username.startswith(STAFF):  # Capital Normal University's staff account
        username = f"{username}@example.com"
    user = User.objects.get(username=username)

    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert user.name in page


def test_prints_the_logins(seeded):
    for username in ("official@example.com", "multi@example.com", "admin@example.com"):
        assert username in seeded
    assert DEMO_PASSWORD in seeded
    assert "staff-<university code>@example.com" in seeded


def test_prints_what_the_demo_holds(seeded):
    users = User.objects.filter(is_demo=True).count()
    staff = User.objects.filter(username__startswith=STAFF).count()
    targets = Target.objects.count()
    assert (
        f"Demo data: 30 universities, {users} users ({staff} of them staff "
        f"accounts), {targets} targets, 5 periods." in seeded
    )
    # The first run created all of it, the staff accounts included.
    reports = Report.objects.count()
    memberships = Membership.objects.count()
    assert (
        f"Created this run: 30 universities, {users} users, {memberships} "
        f"memberships, {targets} targets, 5 periods, {reports} reports." in seeded
    )
    for period in ReportingPeriod.objects.all():
        reports = Report.objects.filter(period=period).count()
        with translation.override("en"):  # the command's output is English
            line = f"  {period.year} ({period.get_state_display()}): {reports} reports"
        assert line in seeded
    open_year = ReportingPeriod.objects.get(state="open").year
    line = next(
        line for line in seeded.splitlines() if line.startswith(f"  {open_year}")
    )
    drafts = Report.objects.filter(period__year=open_year, state="draft").count()
    submitted = Report.objects.filter(period__year=open_year, state="submitted").count()
    assert f"{drafts} Draft" in line
    assert f"{submitted} Under authority review" in line


def test_prints_no_celery_or_mail_noise(demo_seeded, db):
    noisy = [
        record.getMessage()
        for record in demo_seeded.logged
        if record.name.startswith(("celery", "kombu", "django.core.mail"))
    ]

    assert noisy == []
    assert demo_seeded.mails_sent == 0
    assert "Task " not in demo_seeded.output


def test_demo_targets_are_national_and_marked(seeded):
    numeric = Indicator.objects.active().filter(
        value_type__in=["integer", "decimal", "percentage"]
    )
    if not numeric.exists():
        pytest.skip("no indicator is loaded, so there is nothing to target")
    actions = numeric.values("action").distinct().count()

    targets = Target.objects.select_related("horizon")

    assert targets.count() == 2 * min(6, actions)
    assert {t.horizon.code for t in targets} == {"H1", "H2"}
    assert all(t.is_demo and t.university_id is None for t in targets)
    assert all(t.value > 0 for t in targets)
    # The baseline is the figures layer's (the first accepted period), never typed.
    assert all(t.baseline_year is None and t.baseline_value is None for t in targets)


def test_a_second_run_duplicates_nothing(seeded):
    counts = (
        University.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Target.objects.count(),
    )
    passwords = dict(User.objects.values_list("username", "password"))

    result = demo_seed()

    assert (
        result.universities_created,
        result.users_created,
        result.memberships_created,
        result.targets_created,
    ) == (0, 0, 0, 0)
    assert counts == (
        University.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Target.objects.count(),
    )
    assert dict(User.objects.values_list("username", "password")) == passwords
