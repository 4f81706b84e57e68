"""Pages travel compressed (GZipMiddleware); what is secret in them stays unguessable.

See README's "Compression" for why the app compresses rather than the proxy, and BREACH.
"""

import gzip
import re

from tests.tracker.factories import make_routine

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def body(response) -> bytes:
    return gzip.decompress(response.content)


def test_a_signed_in_page_arrives_gzipped_and_still_private(owner_client, owner):
    make_routine(owner, start_date=owner.local_today(), title="Call Sam after school")
    response = owner_client.get("/today/", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "no-store" in response["Cache-Control"]
    assert int(response["Content-Length"]) == len(response.content)
    assert "Call Sam after school" in body(response).decode()


def test_an_htmx_fragment_arrives_gzipped_too(owner_client, owner):
    routine = make_routine(owner, start_date=owner.local_today(), title="Call Sam after school")
    response = owner_client.post(
        f"/track/{routine.pk}/check-in/",
        {"occurrence_date": owner.local_today().isoformat(), "state": "kept"},
        headers={**GZIP, "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Call Sam after school" in body(response).decode()


def test_a_client_that_does_not_ask_gets_plain_html(owner_client):
    response = owner_client.get("/today/")
    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!doctype html>" in response.content


def test_each_response_masks_the_csrf_token_anew(owner_client):
    """BREACH guesses a secret byte by byte from compressed sizes; a token that is masked
    differently in every response gives it nothing to converge on."""
    tokens = {
        re.search(
            r'"x-csrftoken": "([^"]+)"', body(owner_client.get("/today/", headers=GZIP)).decode()
        )[1]
        for _ in range(3)
    }
    assert len(tokens) == 3


def test_the_same_page_compresses_to_different_lengths(owner_client):
    """Django adds random bytes to each gzip stream ("Heal the BREACH"), so a response's
    length no longer tells exactly how well an attacker's guess compressed."""
    lengths = {len(owner_client.get("/-/baseline/", headers=GZIP).content) for _ in range(12)}
    assert len(lengths) > 1


def test_health_checks_stay_tiny_and_plain(client):
    response = client.get("/-/alive/", headers=GZIP)
    assert response.content == b"ok\n"
    assert "Content-Encoding" not in response
