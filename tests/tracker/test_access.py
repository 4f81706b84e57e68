"""Every tracker URL: the owner gets it, another user gets 404, anonymous goes to sign-in."""

from datetime import timedelta

import pytest

from tests.tracker.factories import at, make_person, make_promise, make_routine


@pytest.fixture
def things(owner):
    today = owner.local_today()
    return {
        "promise": make_promise(owner, due_at=at(today, 9)),
        "routine": make_routine(owner, start_date=today - timedelta(days=3)),
        "person": make_person(owner),
        "today": today.isoformat(),
    }


# (url template, methods the owner may use, POST data)
OWN_URLS = [
    ("/track/{routine}/", ["GET"], {}),
    ("/track/{promise}/", ["GET"], {}),
    ("/track/{routine}/edit/", ["GET", "POST"], {"title": ""}),
    ("/track/{routine}/check-in/?date={today}", ["GET", "POST"], {"state": "kept"}),
    ("/track/{promise}/check-in/", ["GET", "POST"], {"state": "kept"}),
    ("/track/{routine}/undo/", ["POST"], {}),
    ("/track/{routine}/reschedule/", ["POST"], {}),
    ("/track/{routine}/pause/", ["POST"], {}),
    ("/track/{routine}/resume/", ["POST"], {}),
    ("/track/{routine}/archive/", ["POST"], {}),
    ("/track/{routine}/delete/", ["GET", "POST"], {}),
    ("/people/{person}/edit/", ["GET", "POST"], {"name": "Sam"}),
    ("/people/{person}/delete/", ["GET", "POST"], {"commitments": "keep"}),
]
PLAIN_URLS = ["/today/", "/track/new/", "/people/", "/people/new/", "/accounts/settings/"]


def fill(template: str, things) -> str:
    return template.format(
        routine=things["routine"].pk,
        promise=things["promise"].pk,
        person=things["person"].pk,
        today=things["today"],
    )


def with_post_data(data: dict, things) -> dict:
    return {"occurrence_date": things["today"], **data}


@pytest.mark.parametrize(("template", "methods", "data"), OWN_URLS)
def test_the_owner_can_use_each_url(owner_client, things, template, methods, data):
    url = fill(template, things)
    for method in ("GET", "POST"):
        if method == "GET":
            response = owner_client.get(url)
        else:
            response = owner_client.post(url, with_post_data(data, things))
        if method in methods:
            assert response.status_code in (200, 302, 400), (method, url)
        else:
            assert response.status_code == 405, (method, url)


@pytest.mark.parametrize(("template", "methods", "data"), OWN_URLS)
def test_another_user_gets_404_for_each_url(other_client, things, template, methods, data):
    url = fill(template, things)
    # A method the URL never accepts is refused before any lookup: 405 reveals nothing.
    get_status = other_client.get(url).status_code
    post_status = other_client.post(url, with_post_data(data, things)).status_code
    assert get_status == (404 if "GET" in methods else 405)
    assert post_status == (404 if "POST" in methods else 405)


@pytest.mark.parametrize(("template", "methods", "data"), OWN_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, things, template, methods, data):
    url = fill(template, things)
    for response in (client.get(url), client.post(url, with_post_data(data, things))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PLAIN_URLS)
def test_pages_without_an_id_need_sign_in(client, db, url):
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PLAIN_URLS)
def test_pages_without_an_id_open_for_a_signed_in_user(owner_client, url):
    assert owner_client.get(url).status_code == 200


def test_posting_another_users_person_into_a_commitment_is_refused(other_client, things):
    response = other_client.post(
        "/track/new/",
        {
            "kind": "promise",
            "title": "Sneaky",
            "due_date": things["today"],
            "due_time": "10:00",
            "tolerance_minutes": 0,
            "person": things["person"].pk,
        },
    )
    assert response.status_code == 400
    assert "Choose one of the people you added." in response.content.decode()
