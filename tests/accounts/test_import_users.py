from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.services import users_import
from institutions.models import Authority, Membership
from tests.factories import UniversityFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW = "Gr33n-Campus-2030"
HEADER = "name,email,role,scope\n"


@pytest.fixture
def uni():
    return UniversityFactory(code="4111010001")


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, encoding: str = "utf-8"):
        path = tmp_path / "users.csv"
        path.write_text(text, encoding=encoding)
        return path

    return write


@pytest.fixture
def good_file(write_csv, uni):
    return write_csv(
        HEADER
        + "Reporter Ren,ren@example.edu.cn,reporter,4111010001\n"
        + "Approver An,an@example.edu.cn,approver,4111010001\n"
        + "Reviewer Rui,rui@example.gov.cn,reviewer,EDU-11\n"
        + "Official Ou,ou@moe.gov.cn,official,MOE\n"
        + "Expert Er,er@example.ac.cn,expert,moe\n"
    )


def _run(path, capture, **kwargs):
    with capture(execute=True):
        return users_import(path=path, **kwargs)


def test_import_creates_accounts_memberships_and_mails(
    good_file, uni, django_capture_on_commit_callbacks, settings
):
    result = _run(good_file, django_capture_on_commit_callbacks)

    assert (result.users_created, result.memberships_added, result.unchanged) == (
        5,
        5,
        0,
    )
    ren = User.objects.get(email="ren@example.edu.cn")
    assert ren.username == "ren@example.edu.cn"
    assert ren.name == "Reporter Ren"
    assert not ren.has_usable_password()
    assert not ren.must_change_password
    scopes = {
        (m.user.email, m.role, m.university_id, m.authority_id)
        for m in Membership.objects.select_related("user")
    }
    assert scopes == {
        ("ren@example.edu.cn", "reporter", uni.pk, None),
        ("an@example.edu.cn", "approver", uni.pk, None),
        (
            "rui@example.gov.cn",
            "reviewer",
            None,
            Authority.objects.get(code="EDU-11").pk,
        ),
        ("ou@moe.gov.cn", "official", None, None),
        ("er@example.ac.cn", "expert", None, None),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "ren@example.edu.cn",
            "an@example.edu.cn",
            "rui@example.gov.cn",
            "ou@moe.gov.cn",
            "er@example.ac.cn",
        ]
    )
    message = next(m for m in mail.outbox if m.to == ["ren@example.edu.cn"])
    assert message.subject == "您的碳中和行动计划门户账号"
    assert "Reporter Ren，您好" in message.body
    assert "您的用户名是 ren@example.edu.cn" in message.body
    assert settings.SITE_URL + "/accounts/password/reset/" in message.body


def test_the_mailed_link_sets_a_password_that_logs_in(
    good_file, client, django_capture_on_commit_callbacks, settings
):
    _run(
        good_file,
        django_capture_on_commit_callbacks,
        request_base_url="https://carbon.example.gov.cn/",
    )
    message = next(m for m in mail.outbox if m.to == ["ren@example.edu.cn"])
    path = re.search(
        r"https://carbon\.example\.gov\.cn(/accounts/password/reset/\S+/)", message.body
    ).group(1)

    form_url = client.get(path).url
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("accounts:password-reset-complete")
    login = client.post(
        reverse("accounts:login"),
        {"username": "ren@example.edu.cn", "password": NEW},
    )

    assert login.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.context["active_membership"].role == "reporter"


def test_second_run_creates_nothing(good_file, django_capture_on_commit_callbacks):
    _run(good_file, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    result = _run(good_file, django_capture_on_commit_callbacks)

    assert (result.users_created, result.memberships_added, result.unchanged) == (
        0,
        0,
        5,
    )
    assert User.objects.count() == 5
    assert Membership.objects.count() == 5
    assert mail.outbox == []


def test_existing_person_gets_the_membership_not_a_second_account(
    write_csv, uni, django_capture_on_commit_callbacks
):
    hu = UserFactory(username="hu", email="hu@example.edu.cn")
    path = write_csv(HEADER + "Hu,HU@Example.edu.cn,approver,4111010001\n")

    result = _run(path, django_capture_on_commit_callbacks)

    assert (result.users_created, result.memberships_added) == (0, 1)
    assert User.objects.filter(email__iexact="hu@example.edu.cn").count() == 1
    assert hu.memberships.get().university == uni
    assert mail.outbox == []


def test_bom_and_chinese_role_labels(
    write_csv, uni, django_capture_on_commit_callbacks
):
    path = write_csv(
        HEADER
        + "任一,ren1@example.edu.cn,填报员,4111010001\n"
        + "安二,an2@example.edu.cn,审核人,4111010001\n"
        + "芮三,rui3@example.gov.cn,主管部门审核人,EDU-11\n"
        + "欧四,ou4@moe.gov.cn,教育部,MOE\n"
        + "尔五,er5@example.ac.cn,专家,MOE\n",
        encoding="utf-8-sig",
    )

    result = _run(path, django_capture_on_commit_callbacks)

    assert result.users_created == 5
    roles = dict(Membership.objects.values_list("user__name", "role"))
    assert roles == {
        "任一": "reporter",
        "安二": "approver",
        "芮三": "reviewer",
        "欧四": "official",
        "尔五": "expert",
    }


def test_bad_file_changes_nothing_and_names_each_row_and_column(
    write_csv, uni, django_capture_on_commit_callbacks
):
    path = write_csv(
        HEADER
        + "Good Gu,gu@example.edu.cn,reporter,4111010001\n"  # row 2
        + ",noname@example.edu.cn,reporter,4111010001\n"  # row 3
        + "Bad Mail,not-an-address,reporter,4111010001\n"  # row 4
        + "Odd Role,odd@example.edu.cn,boss,4111010001\n"  # row 5
        + "No Uni,nouni@example.edu.cn,approver,4199999999\n"  # row 6
        + "Wrong Scope,ws@example.edu.cn,reviewer,4111010001\n"  # row 7
        + "Wrong Moe,wm@example.edu.cn,official,EDU-11\n"  # row 8
        + "Twice,GU@example.edu.cn,approver,4111010001\n"  # row 9
        + "No Authority,na@example.edu.cn,reviewer,EDU-99\n"  # row 10
    )

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _run(path, django_capture_on_commit_callbacks)

    assert caught.value.messages == [
        "row 3, column name: A name is required.",
        "row 4, column email: not-an-address is not a valid e-mail address.",
        "row 5, column role: Unknown role boss; use one of reporter, approver, "
        "reviewer, official, expert.",
        "row 6, column scope: No university has the institution code 4199999999.",
        "row 7, column scope: Reviewers belong to a competent authority: give its "
        "code (such as EDU-11), not a university's.",
        "row 8, column scope: Ministry officials and experts take the scope MOE.",
        "row 9, column email: This e-mail address already appears in row 2.",
        "row 10, column scope: No competent authority has the code EDU-99.",
    ]
    assert User.objects.count() == 0
    assert Membership.objects.count() == 0
    assert mail.outbox == []


def test_missing_column_and_wrong_encoding_are_refused(write_csv):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        users_import(path=write_csv("name,mail,role,scope\nA,a@b.cn,expert,MOE\n"))
    assert caught.value.messages == [
        "row 1: the header lacks the column(s) email; expected name,email,role,scope."
    ]

    gbk = write_csv(HEADER + "任一,a@b.cn,专家,MOE\n", encoding="gbk")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        users_import(path=gbk)
    assert caught.value.messages == ["The file is not UTF-8 text."]


def test_username_taken_by_another_account_is_refused(write_csv):
    UserFactory(username="ivy@example.edu.cn", email="ivy.other@example.edu.cn")
    path = write_csv(HEADER + "Ivy,ivy@example.edu.cn,expert,MOE\n")

    with pytest.raises(ValidationError) as caught:
        users_import(path=path)

    assert caught.value.messages == [
        "第 2 行，email 列：已有其他账号使用用户名 ivy@example.edu.cn。"
    ]


def test_dry_run_saves_and_mails_nothing(good_file, django_capture_on_commit_callbacks):
    result = _run(good_file, django_capture_on_commit_callbacks, dry_run=True)

    assert (result.users_created, result.memberships_added) == (5, 5)
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_mail_is_chinese_even_from_an_english_session(
    good_file, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        _run(good_file, django_capture_on_commit_callbacks)

    assert {m.subject for m in mail.outbox} == {"您的碳中和行动计划门户账号"}


def test_command_prints_a_chinese_summary(
    good_file, django_capture_on_commit_callbacks
):
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_users", str(good_file), stdout=out)

    assert "新建用户：5；新增角色任职：5；未变化的行：0。" in out.getvalue()
    assert len(mail.outbox) == 5


def test_command_lists_errors_and_fails(write_csv, uni):
    path = write_csv(HEADER + "A,a@example.edu.cn,reporter,123\nB,bad,expert,MOE\n")
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_users", str(path), stderr=err)

    assert "发现 2 处错误，未导入任何数据。" in str(caught.value)
    assert err.getvalue().splitlines() == [
        "第 2 行，scope 列：没有学校标识码为 123 的高校。",
        "第 3 行，email 列：bad 不是有效的电子邮箱地址。",
    ]
    assert User.objects.count() == 0
