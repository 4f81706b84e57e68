"""The manifest, the worker, the offline page, and what sign-out tells the browser."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from trustsite.env import env_base64url


def test_the_manifest_is_json_with_what_an_install_needs(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/today/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


def test_the_worker_is_served_from_the_root_and_never_cached(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    source = response.content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("self.STEADY = ").rstrip(";"))
    assert "/static/css/steady.css" in config["assets"]
    assert config["offline"] == "/offline/" and config["today"] == "/today/"
    # Only public files: no page of the site is in the list.
    assert all(url.startswith("/static/") for url in config["assets"])


def test_the_worker_changes_when_an_asset_url_changes(client, db, monkeypatch):
    from tracker.device import pwa_views

    before = client.get("/sw.js").content
    monkeypatch.setattr(pwa_views, "PUBLIC_ASSETS", [*pwa_views.PUBLIC_ASSETS, "img/x.png"])
    assert client.get("/sw.js").content.split(b"\n")[0] != before.split(b"\n")[0]


def test_the_offline_page_is_the_same_for_everyone(client, owner_client, db):
    signed_out = client.get("/offline/").content.decode()
    assert "You're offline" in signed_out
    signed_in = owner_client.get("/offline/").content.decode()
    assert "Sign out" not in signed_in and "Olive" not in signed_in


def test_the_sync_url_is_the_one_the_page_script_uses():
    # static/js/offline-queue.js names it; the two must agree.
    assert reverse("tracker:device-sync") == "/device/sync/"


def test_signing_out_clears_site_data(owner_client):
    assert "Clear-Site-Data" not in owner_client.get("/today/")
    response = owner_client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_signing_out_by_any_view_clears_site_data(fresh_owner_client, password):
    # Deleting the account signs out too, through django.contrib.auth.logout.
    from tracker.data.forms import CONFIRM_WORD

    response = fresh_owner_client.post(
        "/accounts/data/delete/", {"confirm": CONFIRM_WORD, "password": password}
    )
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_sign_out_after_the_session_expired_still_clears(client, db):
    # The device may still hold Today from before: clear it anyway.
    assert client.post("/accounts/logout/")["Clear-Site-Data"] == '"cache", "storage"'


def test_a_failed_action_clears_nothing(owner_client):
    response = owner_client.post("/accounts/data/delete/", {"confirm": "wrong"})
    assert "Clear-Site-Data" not in response


@pytest.mark.parametrize("value", ["short", "!!!!", "A" * 60])
def test_a_malformed_vapid_key_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("VAPID_PRIVATE_KEY", value)
    with pytest.raises(ImproperlyConfigured, match="VAPID_PRIVATE_KEY"):
        env_base64url("VAPID_PRIVATE_KEY", length=32)


def test_a_vapid_key_of_32_bytes_is_read(monkeypatch):
    monkeypatch.setenv("VAPID_PRIVATE_KEY", "A" * 43)
    assert env_base64url("VAPID_PRIVATE_KEY", length=32) == "A" * 43
    monkeypatch.delenv("VAPID_PRIVATE_KEY")
    assert env_base64url("VAPID_PRIVATE_KEY", length=32) == ""
