"""The main navigation: the places used every day first, everything else in one menu."""

import re

import pytest


def nav(html: str) -> str:
    return html[html.index('<nav aria-label="Main">') : html.index("</nav>")]


def test_signed_in_the_navigation_is_today_progress_journal_and_a_menu(owner_client):
    found = nav(owner_client.get("/today/").content.decode())
    top = re.findall(r'<li><a href="([^"]+)"', found)[:3]
    assert top == ["/today/", "/progress/", "/journal/"]
    menu = found[found.index("<details>") :]
    assert "<summary" in menu and ">Menu</summary>" in menu
    for href in ("/people/", "/track/ideas/", "/guide/", "/accounts/settings/"):
        assert f'href="{href}"' in menu
    assert "Sign out" in menu


def test_people_is_marked_as_the_current_page_in_the_menu(owner_client):
    found = nav(owner_client.get("/people/").content.decode())
    assert '<summary class="nav-current">Menu</summary>' in found
    assert '<a href="/people/" aria-current="page">People</a>' in found


@pytest.mark.django_db
def test_signed_out_the_navigation_offers_the_guide_sign_in_and_sign_up(client):
    found = nav(client.get("/").content.decode())
    assert 'href="/guide/"' in found and 'href="/accounts/login/"' in found
    assert '<a class="button button-small" href="/accounts/signup/">Create an account</a>' in found
    assert "<details>" not in found
