"""NUL bytes and over-long values never reach a view: 400, never 500."""

import pytest
from django.test import Client


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/a%00b.ics",
        "/guide/a%00b/",
        "/today/?date=%00",
        "/guide/search/?q=a%00b",
        "/guide/?%00=1",
        "/guide/search/?q=" + "a" * 10_001,
        "/" + "a" * 2001,
    ],
)
def test_a_nul_byte_or_an_over_long_value_is_a_bad_request(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"does not accept" in response.content


def test_a_nul_byte_in_a_cookie_is_a_bad_request(client, db):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/today/").status_code == 400


def test_an_ordinary_request_passes(client, db):
    assert client.get("/guide/search/?q=trust").status_code == 200
