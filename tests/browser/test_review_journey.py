"""The review journey in a real browser: the reporter marks the report ready, the
approver submits it (confirming that nothing is classified), the authority returns it
with a comment on a value, the reporter sees the comment beside the field and fixes
the value, the report goes through sign-off again, the authority sees what changed
since its review and passes it, and the ministry accepts it.

Screenshots land in test-results/screenshots/journey-NN-<step>.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Journey-2026-carbon"


@pytest.fixture
def seeded(transactional_db):
    """The people around one provincial university and its report, filled in so
    that the checks let it through (A1 filled, every other section declared empty),
    all created before Playwright starts (after that this thread runs in greenlets
    where a new database connection is never closed)."""
    from reporting.validation import report_check
    from tests.factories import UniversityFactory
    from tests.reporting.engine_data import (
        open_report,
        section_fill,
        sections_zero_except,
    )
    from tests.reporting.workflow_support import Cast

    university = UniversityFactory(name_zh="测试大学")
    cast = Cast(university)
    for user in (cast.reporter, cast.approver, cast.reviewer, cast.official):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    report = open_report(university, year=2024)
    sections_zero_except(report, "A1")
    section_fill(report, "A1", raw="5")
    for section in report.sections.all():  # recorded in the history, as a save is
        section.save()
    assert report_check(report, for_submission=True).ready
    return {
        "report": f"/reports/{report.pk}/",
        "form": f"/reports/{report.pk}/form/?section=A1",
        "reporter": cast.reporter.username,
        "approver": cast.approver.username,
        "reviewer": cast.reviewer.username,
        "official": cast.official.username,
    }


class Journey:
    """One browser context per person, and a numbered screenshot per step."""

    def __init__(self, chromium, live_server, seeded):
        self.chromium = chromium
        self.url = live_server.url
        self.seeded = seeded
        self.errors: list[str] = []
        self.step = 0

    def as_(self, who: str, path: str):
        context = self.chromium.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 1000}
        )
        context.set_default_timeout(10_000)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))
        page = context.new_page()
        page.goto(f"{self.url}/accounts/login/?next={path}")
        page.fill("input[name=username]", self.seeded[who])
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(re.compile(re.escape(path.split("?")[0])))
        return page

    def shot(self, page, name: str, *, full: bool = False) -> None:
        self.step += 1
        path = SCREENSHOTS / f"journey-{self.step:02d}-{name}.png"
        page.screenshot(path=path, full_page=full)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_journey_from_marking_ready_to_acceptance(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    journey = Journey(chromium, live_server, seeded)
    report, form = seeded["report"], seeded["form"]
    state = "[data-testid=report-header] [data-testid=report-state]"

    # 1. The reporter marks the report ready for sign-off.
    page = journey.as_("reporter", report)
    page.get_by_test_id("action-mark_ready").click()
    page.get_by_test_id("confirm-mark_ready-yes").click()
    expect(page.locator(state)).to_have_text("待签发")
    journey.shot(page, "marked-ready")
    page.get_by_test_id("action-withdraw").click()  # asks first; keep it sent
    dialog = page.get_by_test_id("confirm-withdraw")
    expect(dialog).to_be_visible()
    page.wait_for_timeout(400)  # Bootstrap's fade
    journey.shot(page, "withdraw-asks-first")
    dialog.get_by_role("button", name="保持不变").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(state)).to_have_text("待签发")
    page.context.close()

    # 2. The approver confirms that nothing is classified and submits.
    page = journey.as_("approver", report)
    page.get_by_test_id("action-submit").click()
    page.get_by_test_id("confirm-submit-yes").click()  # the box not ticked: refused
    expect(page.locator(".invalid-feedback")).to_contain_text("不含涉密内容")
    page.get_by_label("本报告不含涉密内容").check()
    page.get_by_test_id("step-submit").click()
    expect(page.locator(state)).to_have_text("主管部门审核中")
    journey.shot(page, "submitted")
    page.context.close()

    # 3. The authority returns it with a comment on a value.
    page = journey.as_("reviewer", report)
    page.get_by_test_id("action-return").click()
    page.fill("#id_comment", "A1 looks too low; see the comment on IND-A1-01.")
    page.fill("#id_c-A1-IND-A1-01", "Five majors? Count the new ones too.")
    journey.shot(page, "return-form", full=True)
    page.get_by_test_id("step-submit").click()
    # The reviewer stays on the returned report, read-only, with their comment.
    page.wait_for_url(re.compile(re.escape(report) + "$"))
    expect(page.get_by_test_id("field-comment-IND-A1-01")).to_have_text(
        re.compile("Count the new ones too")
    )
    page.context.close()

    # 4. The reporter sees the comments beside the field and fixes the value.
    page = journey.as_("reporter", "/reports/notifications/")
    expect(page.get_by_test_id("unread-badge")).to_have_text(re.compile("^1"))
    notification = page.get_by_test_id("notification")
    expect(notification).to_contain_text("退回报告修改")
    journey.shot(page, "notified")
    notification.click()
    page.wait_for_url(re.compile(re.escape(report) + "$"))
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    page.goto(live_server.url + form)
    expect(page.get_by_test_id("review-banner")).to_contain_text("A1 looks too low")
    comment = page.get_by_test_id("field-IND-A1-01").get_by_test_id(
        "field-comment-IND-A1-01"
    )
    expect(comment).to_have_text(re.compile("Count the new ones too"))
    comment.scroll_into_view_if_needed()
    journey.shot(page, "comment-beside-field")
    page.fill("#raw-IND-A1-01", "7")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("草稿已保存")
    expect(page.locator("#raw-IND-A1-01")).to_have_value("7")
    page.get_by_test_id("action-mark_ready").click()
    page.get_by_test_id("confirm-mark_ready-yes").click()
    expect(page.locator(state)).to_have_text("待签发")
    journey.shot(page, "fixed-and-ready-again")
    page.context.close()

    # 5. The approver submits again.
    page = journey.as_("approver", report)
    page.get_by_test_id("action-submit").click()
    page.get_by_test_id("confirm-unclassified").check()
    page.get_by_test_id("confirm-submit-yes").click()
    expect(page.locator(state)).to_have_text("主管部门审核中")
    journey.shot(page, "resubmitted")
    page.context.close()

    # 6. The authority sees what changed since its review, and passes the report.
    page = journey.as_("reviewer", report)
    change = page.get_by_test_id("workflow-change").filter(has_text="IND-A1-01")
    expect(change.get_by_test_id("change-old")).to_have_text("5")
    expect(change.get_by_test_id("change-new")).to_have_text("7")
    expect(page.get_by_test_id("workflow-change")).to_have_count(1)
    journey.shot(page, "changes-since-review")
    page.get_by_test_id("action-pass").click()
    page.get_by_test_id("confirm-pass-yes").click()
    expect(page.locator(state)).to_have_text("教育部审核中")
    expect(page.get_by_test_id("action-cancel_pass")).to_be_visible()
    journey.shot(page, "passed")
    page.context.close()

    # 7. The ministry accepts it; the log tells the whole story.
    page = journey.as_("official", report)
    page.get_by_test_id("action-accept").click()
    page.get_by_test_id("confirm-accept-yes").click()
    expect(page.locator(state)).to_have_text("已通过")
    expect(page.get_by_test_id("workflow-step")).to_have_count(7)
    expect(page.get_by_test_id("workflow-log")).to_contain_text(
        "Five majors? Count the new ones too."
    )
    page.get_by_test_id("workflow-log").scroll_into_view_if_needed()
    journey.shot(page, "accepted")
    page.context.close()

    assert not journey.errors, journey.errors
