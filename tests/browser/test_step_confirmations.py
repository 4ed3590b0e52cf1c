"""Steps that move a report ask first, in a real browser: keeping it as it is leaves
the report's state unchanged, confirming moves it; the queue's select-all box ticks
every report (mixed state when only some are), and the bulk pass asks on a page
that names the reports before anything moves.

Screenshots land in test-results/screenshots/confirm-NN-<step>.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Confirm-2026-carbon"
STATE = "[data-testid=report-header] [data-testid=report-state]"


@pytest.fixture
def seeded(transactional_db):
    """A draft ready to be marked ready, and two reports of the same authority
    waiting in its reviewer's queue; created before Playwright starts."""
    from reporting.models import Report
    from tests.factories import UniversityFactory
    from tests.reporting.workflow_support import Cast, ready_to_mark, walk

    university = UniversityFactory(name_zh="确认测试大学")
    cast = Cast(university)
    for user in (cast.reporter, cast.reviewer):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    draft = ready_to_mark(university)
    waiting = []
    for name in ("待审一号大学", "待审二号大学"):
        other = UniversityFactory(authority=university.authority, name_zh=name)
        other_cast = Cast(other)
        report = ready_to_mark(other)
        walk(report, other_cast, Report.State.SUBMITTED)
        waiting.append(report.pk)
    return {
        "draft": f"/reports/{draft.pk}/",
        "waiting": waiting,
        "reporter": cast.reporter.username,
        "reviewer": cast.reviewer.username,
    }


def log_in(chromium, live_server, username: str, path: str, errors: list[str]):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    return page


def states(pks: list[int]) -> list[str]:
    from reporting.models import Report

    found = dict(Report.objects.filter(pk__in=pks).values_list("pk", "state"))
    return [found[pk] for pk in pks]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keeping_it_leaves_the_report_and_confirming_moves_it(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []

    # The reporter's mark-ready asks, names the report and says what follows.
    page = log_in(chromium, live_server, seeded["reporter"], seeded["draft"], errors)
    expect(page.locator(STATE)).to_have_text("填报中")
    page.get_by_test_id("action-mark_ready").click()
    dialog = page.get_by_test_id("confirm-mark_ready")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("确认测试大学")
    expect(dialog).to_contain_text("交本校审核人审核签发")
    page.wait_for_timeout(400)  # Bootstrap's fade
    page.screenshot(path=SCREENSHOTS / "confirm-01-mark-ready-asks.png")
    dialog.get_by_role("button", name="保持不变").click()
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.locator(STATE)).to_have_text("填报中")

    page.get_by_test_id("action-mark_ready").click()
    page.get_by_test_id("confirm-mark_ready-yes").click()
    expect(page.locator(STATE)).to_have_text("待签发")
    page.context.close()

    # The reviewer's queue: select all, mixed state, then the bulk pass asks.
    waiting = seeded["waiting"]
    page = log_in(chromium, live_server, seeded["reviewer"], "/reports/queue/", errors)
    select_all = page.get_by_role("checkbox", name="全选本页报告")
    boxes = page.get_by_test_id("queue-select")
    expect(boxes).to_have_count(2)
    select_all.focus()
    page.keyboard.press("Space")  # reachable and usable from the keyboard
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    boxes.nth(1).uncheck()
    assert select_all.evaluate("box => box.indeterminate") is True
    expect(select_all).not_to_be_checked()
    boxes.nth(1).check()
    assert select_all.evaluate("box => box.indeterminate") is False
    expect(select_all).to_be_checked()
    page.screenshot(path=SCREENSHOTS / "confirm-02-queue-all-selected.png")

    page.get_by_test_id("queue-bulk").click()
    expect(page.get_by_test_id("bulk-question")).to_have_text(
        "确定审核通过这 2 份报告吗？"
    )
    expect(page.get_by_test_id("bulk-report")).to_have_count(2)
    expect(page.get_by_test_id("bulk-reports")).to_contain_text("待审一号大学")
    expect(page.get_by_test_id("bulk-reports")).to_contain_text("待审二号大学")
    page.screenshot(path=SCREENSHOTS / "confirm-03-bulk-asks.png")
    page.get_by_test_id("bulk-confirm-no").click()
    page.wait_for_url(re.compile(r"/reports/queue/$"))
    expect(page.get_by_test_id("queue-row")).to_have_count(2)
    assert states(waiting) == ["submitted", "submitted"]

    select_all.check()
    page.get_by_test_id("queue-bulk").click()
    page.get_by_test_id("bulk-confirm-yes").click()
    page.wait_for_url(re.compile(r"/reports/queue/$"))
    results = page.get_by_test_id("queue-result")
    expect(results).to_have_count(2)
    expect(page.get_by_test_id("queue-row")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "confirm-04-bulk-done.png")
    page.context.close()
    assert states(waiting) == ["passed", "passed"]
    assert not errors, errors
