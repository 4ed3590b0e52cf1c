"""The demo data set: real universities, invented users, targets and reports.

Every user and target created here carries is_demo; the universities are real rows of
the ministry's list. The users' Chinese names come from data/demo_people.json
(demo_people.py). Runs only with DEBUG on, and running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from accounts.models import User
from initiatives.models import Horizon, Indicator, Target
from reporting.demo import reports_seed
from reporting.demo.workflow import STAFF_USERNAME
from reporting.figures import period_summary
from reporting.models import ReportingPeriod

from .demo_people import DEMO_PASSWORD, demo_name, demo_password_hash
from .models import Authority, Membership, University
from .services import DEFAULT_LIST_PATH, DEFAULT_TAGS_PATH, universities_import

DEMO_UNIVERSITY = "4111010005"  # Beijing University of Technology, under EDU-11
DEMO_AUTHORITY = "EDU-11"

# Code -> English name. Chosen to cover several provinces, every kind of authority
# and every category and level.
DEMO_UNIVERSITIES = {
    "4111010001": "Peking University",
    "4111010003": "Tsinghua University",
    "4111010005": "Beijing University of Technology",
    "4111010028": "Capital Normal University",
    "4111011417": "Beijing Union University",
    "4111010025": "Capital Medical University",
    "4111010016": "Beijing University of Civil Engineering and Architecture",
    "4111011232": "Beijing Information Science and Technology University",
    "4111010853": "Beijing Polytechnic College",
    "4111011418": "Beijing City University",
    "4111010006": "Beihang University",
    "4111014430": "University of Chinese Academy of Sciences",
    "4211051160": "Beijing Open University",
    "4131010246": "Fudan University",
    "4131014423": "ShanghaiTech University",
    "4131010252": "University of Shanghai for Science and Technology",
    "4131016404": "New York University Shanghai",
    "4132010284": "Nanjing University",
    "4132010285": "Soochow University",
    "4132016403": "Xi'an Jiaotong-Liverpool University",
    "4132010287": "Nanjing University of Aeronautics and Astronautics",
    "4132011122": "Sanjiang University",
    "4141010459": "Zhengzhou University",
    "4141010475": "Henan University",
    "4141010463": "Henan University of Technology",
    "4141010824": "Henan Polytechnic",
    "4141011834": "Huanghe Science and Technology University",
    "4165010755": "Xinjiang University",
    "4165010759": "Shihezi University",
    "4165010757": "Tarim University",
}

# (username, role, scope): scope is a university code, an authority code or "". The
# name is the data file's (demo_name).
DEMO_USERS = [
    ("official@example.com", "official", ""),
    ("expert@example.com", "expert", ""),
    ("reviewer@example.com", "reviewer", DEMO_AUTHORITY),
    ("approver@example.com", "approver", DEMO_UNIVERSITY),
    ("reporter@example.com", "reporter", DEMO_UNIVERSITY),
    ("multi@example.com", "reporter", DEMO_UNIVERSITY),
    ("multi@example.com", "approver", DEMO_UNIVERSITY),
    ("admin@example.com", "admin", ""),
]

# Invented national targets: (H1 value, H2 value) by value type. No baseline: the
# figures layer takes it from the first accepted period.
DEMO_TARGET_VALUES = {
    Indicator.ValueType.INTEGER: (Decimal(150), Decimal(250)),
    Indicator.ValueType.DECIMAL: (Decimal(15), Decimal(25)),
    Indicator.ValueType.PERCENTAGE: (Decimal(35), Decimal(60)),
}
DEMO_TARGET_HORIZONS = {"H1": 1, "H2": 2}
DEMO_TARGET_COUNT = 6


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoSeedResult:
    universities_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    targets_created: int = 0
    periods_created: int = 0
    reports_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass
class DemoPeriodTotals:
    year: int
    state: str  # the period's state, labelled
    reports: int
    late: int
    by_state: list[tuple[str, int]]  # (label, reports in that state), workflow order


@dataclass
class DemoTotals:
    """What the demo data set holds, whether this run or an earlier one created it."""

    universities: int
    users: int
    staff_users: int  # the seed's own accounts (staff-<scope>@example.com)
    targets: int
    periods: list[DemoPeriodTotals]


def demo_totals() -> DemoTotals:
    """The demo data set's size, printed by seed_demo after every run (a second run
    creates nothing but still says what is there). Report counts are the figures
    layer's, per period."""
    demo_users = User.objects.filter(is_demo=True)
    staff_prefix = STAFF_USERNAME.split("{", 1)[0]
    periods = []
    for period in ReportingPeriod.objects.filter(is_demo=True).order_by("-year"):
        summary = period_summary(period)
        periods.append(
            DemoPeriodTotals(
                year=period.year,
                state=str(period.get_state_display()),
                reports=summary["reports"],
                late=summary["late"],
                by_state=[(str(label), n) for label, n in summary["by_state"]],
            )
        )
    return DemoTotals(
        universities=University.objects.filter(code__in=DEMO_UNIVERSITIES).count(),
        users=demo_users.count(),
        staff_users=demo_users.filter(username__startswith=staff_prefix).count(),
        targets=Target.objects.filter(is_demo=True).count(),
        periods=periods,
    )


@transaction.atomic
def demo_seed() -> DemoSeedResult:
    """Load the demo universities, users for every role and demo national targets."""
    if not settings.DEBUG:
        raise ImproperlyConfigured("The demo data is loaded only with DEBUG on.")
    result = DemoSeedResult()
    # The seed's staff accounts are made with the reports: count users and
    # memberships by what the whole run added.
    users = User.objects.filter(is_demo=True)
    memberships = Membership.objects.filter(user__is_demo=True)
    users_before, memberships_before = users.count(), memberships.count()
    imported = universities_import(
        rows_path=DEFAULT_LIST_PATH,
        tags_path=DEFAULT_TAGS_PATH,
        codes=DEMO_UNIVERSITIES,
    )
    if imported.errors:
        raise ValueError("; ".join(str(error) for error in imported.errors))
    result.universities_created = imported.created
    universities = University.objects.in_bulk(
        list(DEMO_UNIVERSITIES), field_name="code"
    )
    missing = set(DEMO_UNIVERSITIES) - set(universities)
    if missing:
        raise ValueError(f"Demo codes not in the list: {sorted(missing)}")
    for code, name_en in DEMO_UNIVERSITIES.items():
        if not universities[code].name_en:
            University.objects.filter(pk=universities[code].pk).update(name_en=name_en)
    authority = Authority.objects.get(code=DEMO_AUTHORITY)

    for username, role, scope in DEMO_USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": username,
                "name": demo_name(username),
                "is_demo": True,
                "must_change_password": False,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
                "password": demo_password_hash(),
            },
        )
        if role == "admin":
            result.logins.append(DemoLogin(username, "administrator", "-"))
            continue
        scope_kwargs: dict = {"university": None, "authority": None}
        if role in Membership.UNIVERSITY_ROLES:
            scope_kwargs["university"] = universities[scope]
        elif role in Membership.AUTHORITY_ROLES:
            scope_kwargs["authority"] = authority
        membership, _created = Membership.objects.get_or_create(
            user=user, role=role, **scope_kwargs
        )
        result.logins.append(DemoLogin(username, role, membership.scope_label))

    result.targets_created = _demo_targets()
    reports = reports_seed(
        universities=sorted(universities.values(), key=lambda u: u.code),
        reporter=User.objects.get(username="reporter@example.com"),
    )
    result.periods_created = reports.periods_created
    result.reports_created = reports.reports_created
    result.users_created = users.count() - users_before
    result.memberships_created = memberships.count() - memberships_before
    return result


def _demo_targets() -> int:
    """National demo targets for the first few numeric indicators, if any are loaded."""
    horizons = {
        h.code: h for h in Horizon.objects.filter(code__in=DEMO_TARGET_HORIZONS)
    }
    if not horizons:
        return 0
    indicators: list[Indicator] = []
    seen_actions: set[int] = set()
    numeric = Indicator.objects.active().filter(value_type__in=list(DEMO_TARGET_VALUES))
    for indicator in numeric:  # one per action, for a spread over the plan
        if indicator.action_id not in seen_actions:
            seen_actions.add(indicator.action_id)
            indicators.append(indicator)
        if len(indicators) == DEMO_TARGET_COUNT:
            break
    created_count = 0
    for number, indicator in enumerate(indicators, start=1):
        values = DEMO_TARGET_VALUES[indicator.value_type]
        if indicator.value_type != Indicator.ValueType.PERCENTAGE:
            values = tuple(v * number for v in values)
        for code, horizon in horizons.items():
            value = values[DEMO_TARGET_HORIZONS[code] - 1]
            if indicator.max_value is not None:
                value = min(value, indicator.max_value)
            _, created = Target.objects.get_or_create(
                indicator=indicator,
                horizon=horizon,
                university=None,
                defaults={
                    "value": value,
                    "note": "Demo target",
                    "is_demo": True,
                },
            )
            created_count += created
    return created_count
