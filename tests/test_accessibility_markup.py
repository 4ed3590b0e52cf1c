"""Page structure a screen reader navigates by: every table has a caption and each of
its rows a row header, the home page's category table has column headers, the sign-off
page opens with its h1, and Chinese text on an English page is marked as Chinese."""

from __future__ import annotations

import pytest

from reporting.models import ReportSection
from tests.html_support import Page
from tests.reporting.engine_data import (
    open_report,
    section_fill,
    sections_zero_except,
    value_put,
)

NARRATIVE = "新增储能科学与工程专业两个。"


@pytest.fixture
def report(university):
    report = open_report(university, year=2025)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    value_put(report, "IND-A1-01", "1,234")
    ReportSection.objects.filter(report=report, action__code="A1").update(
        narrative_done=NARRATIVE
    )
    return report


def _page(client, url: str, lang: str = "zh-hans") -> Page:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, url
    return Page(response.content.decode())


def _tables_without_headers(page: Page) -> list[str]:
    """Each table with no caption, and each body row with no row header."""
    missing = []
    for n, table in enumerate(page.all("table")):
        name = table.attrs.get("data-testid", f"table {n}")
        captions = page.all("caption", within=table)
        if not captions or not captions[0].text:
            missing.append(f"{name}: no caption")
        for body in page.all("tbody", within=table):
            for row in page.all("tr", within=body):
                if not page.all("th", within=row, scope="row"):
                    missing.append(f"{name}: a row without a row header")
    return missing


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("reporter_client", "/"),
        ("reporter_client", "/reports/"),
        ("reporter_client", "/reports/{pk}/"),
        ("reporter_client", "/reports/{pk}/print/"),
        ("reporter_client", "/reports/{pk}/history/"),
        ("reviewer_client", "/"),
        ("ministry_client", "/"),
        ("ministry_client", "/universities/"),
        ("ministry_client", "/reports/periods/"),
        ("ministry_client", "/targets/"),
        ("ministry_client", "/targets/IND-A1-01/"),
        ("reporter_client", "/targets/university/{university}/"),
        ("ministry_client", "/dashboard/"),
    ],
)
def test_every_table_has_a_caption_and_row_headers(request, report, who, url):
    client = request.getfixturevalue(who)
    if "targets" in url:  # a saved target, so that the history table shows too
        base = url.format(university=report.university_id).removesuffix("IND-A1-01/")
        assert client.post(f"{base}IND-A1-01/", {"value-H1": "3"}).status_code == 302

    page = _page(client, url.format(pk=report.pk, university=report.university_id))

    assert page.all("table"), f"no table on {url}"
    assert not _tables_without_headers(page)


def test_the_home_category_table_has_column_headers(ministry_client, university):
    page = _page(ministry_client, "/")

    table = page.all("table", data_testid="home-categories")[0]
    headers = [th.text for th in page.all("th", within=table, scope="col")]
    assert headers == ["类别", "高校"]


def test_the_sign_off_page_opens_with_its_h1(reporter_client, report):
    page = _page(reporter_client, f"/reports/{report.pk}/print/")

    headings = [e.tag for e in page.elements if e.tag in {"h1", "h2", "h3"}]
    assert headings[0] == "h1"
    assert headings.count("h1") == 1


def test_chinese_narratives_and_names_on_english_pages_are_marked(
    reporter_client, report, university
):
    university.name_zh, university.name_en = "华北示范大学", ""  # no English name
    university.save()

    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/print/"):
        english = _page(reporter_client, url, "en")
        marked = [e.text for e in english.elements if e.attrs.get("lang") == "zh-Hans"]
        assert NARRATIVE in marked, url
        assert "Courses and projects as planned." not in marked
        chinese = _page(reporter_client, url, "zh-hans")
        assert not [e for e in chinese.elements if e.attrs.get("lang") == "zh-Hans"]

    listed = _page(reporter_client, "/reports/", "en")
    assert university.name_zh in [
        e.text for e in listed.elements if e.attrs.get("lang") == "zh-Hans"
    ]
