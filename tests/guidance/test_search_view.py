import pytest

from guidance.models import Status
from guidance.search import clean_query, excerpt
from tests.guidance.conftest import HX


def test_it_finds_a_word_from_a_practice_body(client):
    response = client.get("/guide/search/", {"q": "leap"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/guide/value-the-little-things/"' in html
    assert "<mark>leap</mark>" in html
    assert "1 result for “leap”." in html


def test_it_does_not_find_a_word_from_a_draft(client, make_practice):
    make_practice(slug="hidden", body="A zanzibarish secret.", status=Status.DRAFT)
    html = client.get("/guide/search/", {"q": "zanzibarish"}).content.decode()
    assert "/guide/hidden/" not in html
    assert "0 results" in html


def test_it_ignores_case_and_needs_every_word(client):
    html = client.get("/guide/search/", {"q": "BIG Leap"}).content.decode()
    assert "/guide/value-the-little-things/" in html
    html = client.get("/guide/search/", {"q": "leap zanzibarish"}).content.decode()
    assert "/guide/value-the-little-things/" not in html


def test_an_empty_search_offers_ideas(client):
    response = client.get("/guide/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type a word or two" in html
    assert "<title>Search the guide · Steady</title>" in html


def test_no_results_suggest_what_to_try(client):
    html = client.get("/guide/search/", {"q": "qwertyuiop"}).content.decode()
    assert "Nothing in the guide matches" in html
    assert 'href="/guide/"' in html


def test_the_htmx_partial_returns_results_and_the_count_out_of_band(client):
    response = client.get("/guide/search/", {"q": "leap"}, headers=HX)
    html = response.content.decode()
    assert "<html" not in html
    assert "<mark>leap</mark>" in html
    assert '<p id="search-status" hx-swap-oob="innerHTML">1 result for “leap”.</p>' in html
    assert "HX-Request" in response["Vary"]


def test_the_full_page_says_it_varies_on_htmx(client):
    assert "HX-Request" in client.get("/guide/search/", {"q": "leap"})["Vary"]


def test_the_search_box_updates_as_you_type_without_eval(client):
    html = client.get("/guide/search/").content.decode()
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-push-url="true"' in html
    assert 'method="get"' in html


@pytest.mark.parametrize(
    "query",
    [
        "x" * 1000,
        "\x01\x7f trust",  # NUL bytes are refused before any view: test_malformed_requests
        "😀🫶 trust",
        "ﷺ" * 300,
        "%",
        "_",
        "'; DROP TABLE x; --",
        "\u202e",
    ],
)
def test_odd_or_very_long_queries_give_a_normal_page(client, query):
    response = client.get("/guide/search/", {"q": query})
    assert response.status_code == 200
    assert len(response.context["query"]) <= 200


def test_a_percent_sign_is_not_a_wildcard(client):
    assert "0 results" in client.get("/guide/search/", {"q": "%"}).content.decode()


def test_clean_query_drops_control_characters_and_extra_space():
    assert clean_query("  a\x00b \t\n c  ") == "a b c"


def test_excerpts_escape_the_text_around_the_highlight():
    html = excerpt("Use <b>bold</b> & trust me", ["trust"])
    assert html == "Use &lt;b&gt;bold&lt;/b&gt; &amp; <mark>trust</mark> me"


def test_excerpts_escape_the_match_itself():
    assert excerpt("a <x> b", ["<x>"]) == "a <mark>&lt;x&gt;</mark> b"
