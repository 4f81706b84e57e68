def test_the_home_page_says_what_steady_is_for_and_where_to_start(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Steady is for people supporting" in html
    assert 'href="/guide/why-trust-matters/"' in html
    assert 'href="/guide/encourage-professional-help/"' in html
    assert "<title>Steady: small, reliable acts that rebuild trust</title>" in html


def test_signed_out_visitors_are_invited_to_create_an_account(client):
    html = client.get("/").content.decode()
    assert "Keep track of your follow-through" in html
    assert 'href="/accounts/signup/"' in html


def test_signed_in_readers_are_not_invited_again(owner_client):
    assert "Keep track of your follow-through" not in owner_client.get("/").content.decode()


def test_the_home_page_makes_two_queries_for_a_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/")


def test_signed_in_the_home_page_offers_a_way_straight_to_today(owner_client):
    html = owner_client.get("/").content.decode()
    assert '<a class="button" href="/today/">Go to Today</a>' in html


def test_signed_out_the_home_page_does_not_offer_today(client):
    assert "Go to Today" not in client.get("/").content.decode()
