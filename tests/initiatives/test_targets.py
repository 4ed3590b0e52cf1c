"""Targets in the portal: officials set national targets on /targets/, a university's
reporters its own; everyone reads what they see; numbers typed as Chinese users type
them; every change in the history with who and when (Beijing time); an indicator
without a target says so; the baseline is never typed."""

from __future__ import annotations

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.access import target_edit_refusal
from initiatives.models import Horizon, Indicator, Target
from initiatives.services import TargetEntry, targets_save
from institutions.models import Membership
from tests.factories import IndicatorFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
NATIONAL = "/targets/"
CODE = "IND-A1-01"


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr id="{code}".*?</tr>', html, re.S)
    assert match, code
    return match.group(0)


def _cell(row: str, horizon: str) -> str:
    match = re.search(rf'data-horizon="{horizon}">(.*?)</td>', row, re.S)
    assert match, horizon
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _history_rows(html: str) -> list[list[str]]:
    rows = re.findall(r'data-testid="target-history-row">(.*?)</tr>', html, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_an_official_sets_national_targets_and_sees_them_with_history(ministry_client):
    ministry_client.user.name = "王芳"
    ministry_client.user.save()
    url = f"{NATIONAL}{CODE}/"

    response = ministry_client.post(
        url, {"value-H1": "1,500", "value-H2": "２５００", "note-H2": "按规划测算"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{NATIONAL}#{CODE}"
    row = _row(ministry_client.get(NATIONAL).content.decode(), CODE)
    assert _cell(row, "H1") == "1,500 个"
    assert _cell(row, "H2") == "2,500 个"
    assert _cell(row, "H3") == "未设定目标"
    saved = Target.objects.national().get(indicator__code=CODE, horizon__code="H2")
    assert (saved.value, saved.note) == (Decimal(2500), "按规划测算")
    assert saved.baseline_year is None and saved.baseline_value is None

    ministry_client.post(
        url, {"value-H1": "1600", "value-H2": "2500", "note-H2": "按规划测算"}
    )

    history = _history_rows(ministry_client.get(url).content.decode())
    record = Target.history.filter(horizon__code="H1").order_by("-history_id").first()
    when = record.history_date.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    # Newest first: when (Beijing time), who, horizon, change, before, after, note.
    assert history == [
        [when, "王芳", "近期目标 (2025)", "修改", "1,500 个", "1,600 个", ""],
        [
            history[1][0],
            "王芳",
            "中期目标 (2030)",
            "设定",
            "—",
            "2,500 个",
            "按规划测算",
        ],
        [history[2][0], "王芳", "近期目标 (2025)", "设定", "—", "1,500 个", ""],
    ]


def test_clearing_a_value_removes_the_target_and_the_history_says_so(ministry_client):
    url = f"{NATIONAL}{CODE}/"
    ministry_client.post(url, {"value-H1": "10"})

    ministry_client.post(url, {"value-H1": ""})

    assert not Target.objects.filter(indicator__code=CODE).exists()
    history = _history_rows(ministry_client.get(url).content.decode())
    assert [row[3:6] for row in history] == [
        ["删除", "10 个", "—"],
        ["设定", "—", "10 个"],
    ]


def test_saving_the_same_values_writes_no_history(ministry_client):
    url = f"{NATIONAL}{CODE}/"
    ministry_client.post(url, {"value-H1": "10"})

    response = ministry_client.post(url, {"value-H1": "10.0"}, follow=True)

    assert Target.history.count() == 1
    assert "没有变化" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12万", "请只填写数字，不要带单位；本项单位为个。"),
        ("abc", "请填写数字，例如 1234 或 1,234.5。"),
        ("-5", "数值不能为负数。"),
        ("1.5", "请填写整数。"),
    ],
)
def test_bad_input_keeps_what_was_typed_with_a_chinese_message(
    ministry_client, typed, message
):
    response = ministry_client.post(
        f"{NATIONAL}{CODE}/", {"value-H1": typed, "value-H2": "300"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{typed}"' in html
    assert 'value="300"' in html  # the other horizon's input is kept too
    errors = re.findall(r'data-testid="target-error">([^<]*)<', html)
    assert errors == [message]
    assert html.count('aria-invalid="true"') == 1
    assert not Target.objects.exists()


def test_a_note_without_a_value_is_refused_beside_the_value(ministry_client):
    response = ministry_client.post(f"{NATIONAL}{CODE}/", {"note-H1": "先写说明"})

    assert response.status_code == 400
    html = response.content.decode()
    assert re.findall(r'data-testid="target-error">([^<]*)<', html) == [
        "请填写这条说明所对应的目标值，或清空说明。"
    ]
    assert "先写说明" in html


def test_a_percentage_target_takes_a_percent_sign_and_its_bounds():
    indicator = IndicatorFactory(
        value_type="percentage",
        unit_zh="%",
        unit_en="%",
        max_value=100,
        decimal_places=1,
    )
    official = UserFactory()
    MembershipFactory(user=official, role=Membership.Role.OFFICIAL, university=None)
    from django.test import Client

    client = Client()
    client.force_login(official)
    url = f"{NATIONAL}{indicator.code}/"

    refused = client.post(url, {"value-H1": "120"})
    saved = client.post(url, {"value-H1": "３５．５％"})

    assert refused.status_code == 400
    assert "数值不能大于100。" in refused.content.decode()
    assert saved.status_code == 302
    assert Target.objects.get(indicator=indicator).value == Decimal("35.5")


def test_a_reporter_cannot_set_national_targets(reporter_client):
    page = reporter_client.get(f"{NATIONAL}{CODE}/").content.decode()

    response = reporter_client.post(f"{NATIONAL}{CODE}/", {"value-H1": "10"})

    assert response.status_code == 403
    assert "只有教育部工作人员可以设定全国目标。" in response.content.decode()
    assert 'data-testid="target-form"' not in page
    assert 'data-testid="targets-read-only"' in page
    assert not Target.objects.exists()


@pytest.mark.parametrize("role", ["expert", "reviewer"])
def test_experts_and_reviewers_read_national_targets_without_setting_them(
    client, authority, role
):
    user = UserFactory()
    MembershipFactory(
        user=user,
        role=role,
        university=None,
        authority=authority if role == "reviewer" else None,
    )
    client.force_login(user)

    assert client.get(NATIONAL).status_code == 200
    assert client.post(f"{NATIONAL}{CODE}/", {"value-H1": "10"}).status_code == 403


def test_a_reporter_sets_their_universitys_targets_but_not_another_ones(
    reporter_client, university, other_university
):
    own = f"/targets/university/{university.pk}/{CODE}/"
    other = f"/targets/university/{other_university.pk}/{CODE}/"

    saved = reporter_client.post(own, {"value-H1": "８"})
    refused = reporter_client.post(other, {"value-H1": "8"})

    assert saved.status_code == 302
    assert saved["Location"] == f"/targets/university/{university.pk}/#{CODE}"
    target = Target.objects.get()
    assert (target.university, target.value) == (university, Decimal(8))
    assert refused.status_code == 404  # outside their scope it does not exist
    assert (
        reporter_client.get(f"/targets/university/{other_university.pk}/").status_code
        == 404
    )
    row = _row(
        reporter_client.get(f"/targets/university/{university.pk}/").content.decode(),
        CODE,
    )
    assert _cell(row, "H1") == "8 个"


def test_a_reviewer_reads_a_universitys_targets_and_cannot_change_them(
    reviewer_client, university
):
    Target.objects.create(
        indicator=Indicator.objects.get(code=CODE),
        horizon=Horizon.objects.get(code="H1"),
        university=university,
        value=5,
    )
    url = f"/targets/university/{university.pk}/{CODE}/"

    page = reviewer_client.get(url)
    response = reviewer_client.post(url, {"value-H1": "6"})

    assert page.status_code == 200
    assert 'data-testid="target-form"' not in page.content.decode()
    assert response.status_code == 403
    assert Target.objects.get().value == 5


def test_national_targets_say_when_none_is_set_and_never_invent_one(reporter_client):
    html = reporter_client.get(NATIONAL).content.decode()

    row = _row(html, CODE)
    assert [_cell(row, h) for h in ("H1", "H2", "H3")] == ["未设定目标"] * 3
    assert 'data-testid="target-value"' not in html
    assert html.count('data-testid="target-row"') == Indicator.objects.active().count()


def test_the_baseline_is_not_typed_but_comes_from_the_first_accepted_period(
    ministry_client,
):
    page = ministry_client.get(f"{NATIONAL}{CODE}/").content.decode()
    listing = ministry_client.get(NATIONAL).content.decode()

    assert "baseline" not in re.search(
        r'<form method="post".*?</form>', page, re.S
    ).group(0)
    assert "取自首个已接受的报告期" in _row(listing, CODE)
    assert "基期值不填写" in listing


def test_a_date_indicator_has_no_target_to_set(ministry_client):
    indicator = IndicatorFactory(
        value_type="date", unit_zh="", unit_en="", min_value=None
    )

    page = ministry_client.get(f"{NATIONAL}{indicator.code}/").content.decode()
    response = ministry_client.post(f"{NATIONAL}{indicator.code}/", {"value-H1": "3"})

    assert 'data-testid="target-not-settable"' in page
    assert response.status_code == 404
    assert not Target.objects.exists()


def test_a_yes_no_indicator_has_a_national_target_in_universities(ministry_client):
    indicator = IndicatorFactory(
        value_type="boolean", unit_zh="", unit_en="", min_value=None
    )

    ministry_client.post(f"{NATIONAL}{indicator.code}/", {"value-H1": "1,200"})

    row = _row(ministry_client.get(NATIONAL).content.decode(), indicator.code)
    assert _cell(row, "H1") == "1,200 所高校答“是”"


def test_the_officials_navbar_links_to_the_targets(ministry_client):
    official_home = ministry_client.get("/").content.decode()

    assert re.search(r'href="/targets/" data-testid="nav-targets"', official_home)


def test_a_reporters_navbar_links_to_their_universitys_targets(
    reporter_client, university
):
    home = reporter_client.get("/").content.decode()

    assert re.search(
        rf'href="/targets/university/{university.pk}/" data-testid="nav-targets"', home
    )


def test_who_may_set_targets_is_one_rule_in_two_forms(university, other_university):
    """`Target.objects.editable_by` and `target_edit_refusal` agree for every role."""
    indicator = Indicator.objects.get(code=CODE)
    horizon = Horizon.objects.get(code="H1")
    targets = [
        Target.objects.create(indicator=indicator, horizon=horizon, value=1),
        Target.objects.create(
            indicator=indicator, horizon=horizon, university=university, value=1
        ),
        Target.objects.create(
            indicator=indicator, horizon=horizon, university=other_university, value=1
        ),
    ]
    for role in Membership.Role.values:
        user = UserFactory()
        membership = MembershipFactory(
            user=user,
            role=role,
            university=university if role in Membership.UNIVERSITY_ROLES else None,
            authority=university.authority if role == "reviewer" else None,
        )
        editable = set(Target.objects.editable_by(user))
        for target in targets:
            allowed = not target_edit_refusal(membership, target.university)
            assert (target in editable) == allowed, (role, target.university)


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(indicators: list[Indicator], university, user) -> None:
    horizons = list(Horizon.objects.all())
    for indicator in indicators:
        for value in (10, 20):  # a creation and a change: two history records
            targets_save(
                indicator=indicator,
                university=university,
                entries=[TargetEntry(h, Decimal(value), "") for h in horizons],
                user=user,
            )


@pytest.mark.parametrize("scope", ["national", "university"])
def test_the_pages_run_the_same_queries_at_two_sizes(request, university, scope):
    client = request.getfixturevalue(
        "reporter_client" if scope == "university" else "ministry_client"
    )
    own = university if scope == "university" else None
    base = NATIONAL if own is None else f"/targets/university/{university.pk}/"
    indicators = list(Indicator.objects.active().filter(value_type="integer")[:30])
    detail = f"{base}{indicators[0].code}/"
    client.get(base)  # warm the session

    _grow(indicators[:2], own, client.user)
    small = (_list_queries(client, base), _list_queries(client, detail))
    _grow(indicators[2:], own, client.user)
    _grow(indicators[:1], own, client.user)
    large = (_list_queries(client, base), _list_queries(client, detail))

    html = client.get(base).content.decode()
    assert html.count('data-testid="target-value"') == 30 * Horizon.objects.count()
    assert html.count('data-testid="target-history-row"') == 10
    assert small == large, (small, large)


def test_the_pages_speak_english_one_click_away(reporter_client, university):
    reporter_client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    html = reporter_client.get(NATIONAL).content.decode()
    own = reporter_client.get(f"/targets/university/{university.pk}/").content.decode()

    assert _cell(_row(html, CODE), "H1") == "No target set"
    assert "from the first accepted period" in _row(own, CODE)
    assert "Only ministry officials set national targets." in html


def test_the_university_page_links_to_its_targets(reviewer_client, university):
    html = reviewer_client.get(f"/universities/{university.pk}/").content.decode()

    assert f'href="/targets/university/{university.pk}/"' in html


def test_an_administrator_changes_a_target_in_the_admin_with_history(admin_client):
    target = Target.objects.create(
        indicator=Indicator.objects.get(code=CODE),
        horizon=Horizon.objects.get(code="H1"),
        value=5,
    )
    url = f"/admin/initiatives/target/{target.pk}/change/"
    form = admin_client.get(url).context["adminform"].form

    response = admin_client.post(
        url,
        {
            "indicator": target.indicator_id,
            "horizon": target.horizon_id,
            "university": "",
            "value": "7",
            "note": "",
        },
    )

    assert "baseline_value" not in form.fields and "baseline_year" not in form.fields
    assert response.status_code == 302
    record = Target.history.filter(id=target.pk).order_by("-history_id").first()
    assert (record.value, record.history_user.is_superuser) == (7, True)
    history = f"/admin/initiatives/target/{target.pk}/history/"
    assert admin_client.get(history).status_code == 200


def test_the_api_reads_targets_without_a_baseline(ministry_client):
    ministry_client.post(f"{NATIONAL}{CODE}/", {"value-H1": "1,500", "note-H1": "说明"})
    target = Target.objects.get()

    response = ministry_client.get("/api/v1/targets/", {"indicator__code": CODE})

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": target.pk,
            "indicator": CODE,
            "horizon": "H1",
            "university": None,
            "baseline_year": None,
            "baseline_value": None,
            "value": "1500.0000",
            "note": "说明",
        }
    ]
