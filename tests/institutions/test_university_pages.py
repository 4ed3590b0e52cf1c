"""The university list (filters, pagination, scope, query count) and detail page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Authority, University
from tests.factories import AuthorityFactory, UniversityFactory, province

LIST = "/universities/"


def _rows(response) -> list[University]:
    return list(response.context["page"].object_list)


def test_urls_are_the_public_contract():
    assert reverse("institutions:university-list") == LIST
    assert reverse("institutions:university-detail", args=[7]) == "/universities/7/"


def test_anonymous_users_are_sent_to_log_in(client, university):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_ministry_sees_every_university_with_a_count(
    ministry_client, university, other_university
):
    response = ministry_client.get(LIST)

    assert response.status_code == 200
    assert set(_rows(response)) == {university, other_university}
    body = response.content.decode()
    assert 'data-testid="university-count"' in body
    assert university.code in body and university.name_zh in body


def test_a_reviewer_sees_only_the_authority_and_no_outside_names(
    reviewer_client, university, other_university
):
    response = reviewer_client.get(LIST)

    assert _rows(response) == [university]
    body = response.content.decode()
    assert university.name_zh in body and university.authority.name_zh in body
    assert other_university.name_zh not in body
    assert other_university.authority.name_zh not in body


def test_a_reviewer_also_sees_universities_with_the_authority_as_further_one(
    reviewer_client, authority, other_university
):
    other_university.other_authorities.add(authority)

    response = reviewer_client.get(LIST, {"authority": authority.pk})

    assert other_university in _rows(response)


def test_a_reporter_sees_only_the_own_university(
    reporter_client, university, other_university
):
    assert _rows(reporter_client.get(LIST)) == [university]


def test_filters_narrow_the_list(ministry_client, authority):
    shanghai = UniversityFactory(
        authority=authority,
        province=province("31"),
        level=University.Level.ASSOCIATE,
        category=University.Category.PRIVATE,
        name_zh="上海某某职业学院",
    )
    flagship = UniversityFactory(
        authority=authority, double_first_class=True, project_985=True
    )
    plain = UniversityFactory(authority=authority)

    def rows(**params):
        return set(_rows(ministry_client.get(LIST, params)))

    assert rows(province=province("31").pk) == {shanghai}
    assert rows(level="associate") == {shanghai}
    assert rows(category="private") == {shanghai}
    assert rows(double_first_class="true") == {flagship}
    assert rows(project_985="false") == {shanghai, plain}
    assert rows(q="某某") == {shanghai}
    assert rows(q=flagship.code) == {flagship}
    assert rows(authority=authority.pk) == {shanghai, flagship, plain}
    assert rows(is_active="false") == set()


def test_pagination_keeps_the_filters(ministry_client, authority):
    UniversityFactory.create_batch(55, authority=authority, level="associate")
    UniversityFactory.create_batch(3, authority=authority, level="bachelor")

    first = ministry_client.get(LIST, {"level": "associate"})
    second = ministry_client.get(LIST, {"level": "associate", "page": 2})

    assert len(_rows(first)) == 50
    assert first.context["page"].paginator.count == 55
    assert "level=associate&amp;page=2" in first.content.decode()
    assert len(_rows(second)) == 5
    assert {u.level for u in _rows(second)} == {"associate"}


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("client_fixture", ["ministry_client", "reviewer_client"])
def test_the_list_query_count_does_not_grow_with_the_data(
    request, client_fixture, authority
):
    client = request.getfixturevalue(client_fixture)
    UniversityFactory.create_batch(3, authority=authority)
    small = _list_queries(client)
    for _ in range(27):
        UniversityFactory(authority=authority, province=province("32"))
    large = _list_queries(client)

    assert large == small
    assert len(_rows(client.get(LIST))) >= 30


def test_detail_shows_the_fields_flags_and_authorities(ministry_client, authority):
    cas = Authority.objects.get(code="C-CAS")
    university = UniversityFactory(
        authority=authority,
        name_zh="上海科技大学",
        name_en="ShanghaiTech University",
        city="浦东",
        note="demo note",
        double_first_class=True,
    )
    university.other_authorities.add(cas)

    response = ministry_client.get(f"/universities/{university.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        university.code,
        "上海科技大学",
        "ShanghaiTech University",
        "浦东",
        "demo note",
        authority.name_zh,
        cas.name_zh,
    ):
        assert text in body
    assert response.context["flags"]


def test_detail_is_404_outside_the_scope(reporter_client, other_university):
    response = reporter_client.get(f"/universities/{other_university.pk}/")

    assert response.status_code == 404


def test_detail_of_the_own_university(reporter_client, university):
    response = reporter_client.get(f"/universities/{university.pk}/")

    assert response.status_code == 200
    assert university.code in response.content.decode()


def test_an_authority_from_another_scope_is_not_a_filter_choice(
    reviewer_client, university, other_university
):
    foreign = AuthorityFactory()
    UniversityFactory(authority=foreign, province=province("44"))

    form = reviewer_client.get(LIST).context["filter"].form

    assert list(form.fields["authority"].queryset) == [university.authority]
    assert list(form.fields["province"].queryset) == [university.province]
