from datetime import timedelta

import pytest
from django.utils import timezone

from guidance.models import Status


def test_a_practice_page_shows_its_body_and_suggestions(client, practice):
    response = client.get("/guide/value-the-little-things/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Value the little things</h1>" in html
    assert "Big change starts small" in html
    assert "Arrive five minutes early to our next coffee" in html
    assert response.context["nav"] == "guide"


def test_a_part_page_is_served_at_the_same_kind_of_address(client):
    response = client.get("/guide/why-trust-matters/")
    assert response.status_code == 200
    assert "Why trust matters" in response.content.decode()


def test_every_page_has_its_own_title_and_description(client, practice):
    html = client.get("/guide/value-the-little-things/").content.decode()
    assert "<title>Value the little things · Steady</title>" in html
    assert f'<meta name="description" content="{practice.summary}">' in html


def test_it_links_to_the_previous_and_next_pages_in_guide_order(client):
    html = client.get("/guide/value-the-little-things/").content.decode()
    assert 'href="/guide/learn-where-it-comes-from/" rel="prev"' in html
    # The part on sharing your record follows the practice it is about.
    assert 'href="/guide/sharing-what-you-promised/" rel="next"' in html
    html = client.get("/guide/sharing-what-you-promised/").content.decode()
    assert 'href="/guide/remember-they-are-trying/" rel="next"' in html


def test_the_first_page_has_no_previous_link(client):
    html = client.get("/guide/why-trust-matters/").content.decode()
    assert 'rel="prev"' not in html
    assert 'rel="next"' in html


def test_it_notes_that_it_is_not_a_substitute_for_professional_help(client):
    html = client.get("/guide/value-the-little-things/").content.decode()
    assert "not a substitute for professional help" in html


def test_signed_in_start_this_leads_to_the_tracker_prefilled(owner_client, practice):
    suggestion = practice.suggestions.first()
    html = owner_client.get("/guide/value-the-little-things/").content.decode()
    assert f'href="/track/new/?suggestion={suggestion.pk}"' in html
    assert "Start this" in html


def test_signed_out_it_explains_that_tracking_needs_an_account(client, practice):
    html = client.get("/guide/value-the-little-things/").content.decode()
    assert "needs a free account" in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/login/?next=%2Fguide%2Fvalue-the-little-things%2F"' in html
    assert "/track/new/" not in html


def test_a_signed_out_reader_who_starts_a_suggestion_comes_back_after_signing_in(client, owner):
    response = client.get("/track/new/?suggestion=1")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_a_draft_is_not_found(client, owner, make_practice, who):
    make_practice(slug="draft-one", status=Status.DRAFT)
    if who == "signed_in":
        client.force_login(owner)
    assert client.get("/guide/draft-one/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_a_future_scheduled_item_is_not_found_yet(client, owner, make_part, who):
    make_part(slug="soon", publish_at=timezone.now() + timedelta(days=1))
    if who == "signed_in":
        client.force_login(owner)
    assert client.get("/guide/soon/").status_code == 404


def test_a_missing_page_is_not_found(client):
    assert client.get("/guide/no-such-page/").status_code == 404


def test_the_professional_help_page_covers_counselling_and_crisis(client):
    response = client.get("/guide/professional-help/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cognitive behavioural therapy" in html
    assert "local emergency number" in html
    assert "online" in html


def test_pages_refuse_posts(client):
    assert client.post("/guide/why-trust-matters/").status_code == 405


@pytest.mark.parametrize("factor", [1, 10])
def test_a_practice_page_makes_the_same_few_queries_however_long_the_guide(
    owner_client, grow_guide, django_assert_num_queries, factor
):
    grow_guide(factor)
    # User (the session comes from the session cache), parts, practices, the practice, its
    # suggestions, read or not.
    with django_assert_num_queries(6):
        response = owner_client.get("/guide/value-the-little-things/")
    assert response.status_code == 200


@pytest.mark.parametrize("factor", [1, 10])
def test_a_practice_page_makes_four_queries_for_a_signed_out_reader(
    client, grow_guide, django_assert_num_queries, factor
):
    grow_guide(factor)
    with django_assert_num_queries(4):
        client.get("/guide/value-the-little-things/")
