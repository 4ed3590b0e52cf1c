"""Internet Explorer engines get the switch page; every page asks for Chromium."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"
MSIE9 = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)"
COMPAT_360 = (
    "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; 360SE)"
)
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
META_TAGS = (
    '<meta name="renderer" content="webkit">',
    '<meta name="force-rendering" content="webkit">',
)
X_UA_COMPATIBLE = re.compile(
    r'<meta http-equiv="X-UA-Compatible" content="IE=edge[^"]*">'
)

pytestmark = pytest.mark.django_db


def _assert_chromium_meta_tags(html: str) -> None:
    for tag in META_TAGS:
        assert tag in html
    assert X_UA_COMPATIBLE.search(html)


@pytest.mark.parametrize("agent", [IE11, MSIE9, COMPAT_360])
def test_internet_explorer_gets_the_switch_page(client, agent):
    response = client.get("/plan/", headers={"user-agent": agent})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="legacy-browser"' in html
    assert "<h1>请切换到极速模式</h1>" in html
    assert "360 浏览器" in html
    assert "QQ 浏览器" in html
    assert "User-Agent" in response["Vary"]
    _assert_chromium_meta_tags(html)


def test_internet_explorer_gets_the_switch_page_in_english(client):
    client.cookies["django_language"] = "en"

    response = client.get("/plan/", headers={"user-agent": IE11})

    assert "<h1>Please switch to the fast mode</h1>" in response.content.decode()


def test_internet_explorer_cannot_post_either(client):
    response = client.post(
        reverse("accounts:login"),
        {"username": "a@example.org", "password": "x"},
        headers={"user-agent": IE11},
    )

    assert 'data-testid="legacy-browser"' in response.content.decode()


def test_chrome_gets_the_portal(client):
    response = client.get("/plan/", headers={"user-agent": CHROME})

    assert response.status_code == 200
    assert 'data-testid="legacy-browser"' not in response.content.decode()


def test_healthz_answers_internet_explorer_too(client):
    response = client.get("/healthz", headers={"user-agent": IE11})

    assert response.json()["database"] == "ok"


@pytest.mark.parametrize("url", ["/plan/", "/accounts/login/"])
def test_public_pages_carry_the_chromium_meta_tags(client, url):
    response = client.get(url, headers={"user-agent": CHROME})

    assert response.status_code == 200
    _assert_chromium_meta_tags(response.content.decode())


def test_home_page_carries_the_chromium_meta_tags(reporter_client):
    response = reporter_client.get("/", headers={"user-agent": CHROME})

    assert response.status_code == 200
    _assert_chromium_meta_tags(response.content.decode())


def test_every_standalone_page_template_carries_the_meta_tags(settings):
    """Templates that extend base.html inherit the tags; a page of its own repeats them."""
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if "<html" in text:
                for tag in META_TAGS:
                    assert tag in text, f"{path} lacks {tag}"
                assert X_UA_COMPATIBLE.search(text), f"{path} lacks X-UA-Compatible"
