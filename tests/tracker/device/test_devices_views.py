"""The devices page: this device's choices, devices that get reminders, how they reach you."""

import json

import pytest

from tracker.device import vapid
from tracker.models import NotificationSettings, PushSubscription, VapidKey

PAGE = "/accounts/devices/"
SUBSCRIPTION = {
    "endpoint": "https://push.example/send/abc123",
    "keys": {"p256dh": "B" + "A" * 86, "auth": "c2VjcmV0LWF1dGgtMTIz"},
    "name": "Chrome on Android",
}


def subscribe(client, body=SUBSCRIPTION):
    return client.post(
        "/accounts/devices/subscribe/", json.dumps(body), content_type="application/json"
    )


def make_device(user, name="Phone", n=1):
    return PushSubscription.objects.create(
        user=user, endpoint=f"https://push.example/{user.pk}/{n}", p256dh="x", auth="y", name=name
    )


def test_the_owner_sees_their_devices_and_the_public_key(owner_client, owner, other_user):
    make_device(owner, "Olive phone")
    make_device(other_user, "Otto laptop")
    response = owner_client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Olive phone" in page and "Otto" not in page
    assert vapid.public_key() in page
    assert "Turn on reminders on this device" in page
    assert "Keep Today on this phone for offline use" in page
    assert "no-store" in response["Cache-Control"]


def test_anonymous_is_sent_to_sign_in(client, db):
    for response in (
        client.get(PAGE),
        subscribe(client),
        client.post("/accounts/devices/1/remove/"),
        client.post("/accounts/devices/notifications/", {}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert PushSubscription.objects.count() == 0


def test_subscribing_keeps_the_device(owner_client, owner):
    response = subscribe(owner_client)
    assert response.status_code == 200
    device = PushSubscription.objects.get()
    assert (device.user, device.name, device.endpoint) == (
        owner,
        "Chrome on Android",
        SUBSCRIPTION["endpoint"],
    )
    subscribe(owner_client)  # the same browser again: still one device
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"endpoint": "http://push.example/plain", "keys": SUBSCRIPTION["keys"]},
        {"endpoint": "javascript:alert(1)", "keys": SUBSCRIPTION["keys"]},
        {"endpoint": SUBSCRIPTION["endpoint"], "keys": {"p256dh": "short", "auth": "x"}},
        {"endpoint": SUBSCRIPTION["endpoint"], "keys": "nope"},
        [1, 2],
    ],
)
def test_a_bad_subscription_is_refused(owner_client, body):
    assert subscribe(owner_client, body).status_code == 400
    assert PushSubscription.objects.count() == 0


def test_subscribing_needs_the_csrf_token(owner, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert subscribe(strict).status_code == 403


def test_removing_a_device(owner_client, owner):
    device = make_device(owner)
    response = owner_client.post(f"/accounts/devices/{device.pk}/remove/")
    assert response.status_code == 302
    assert PushSubscription.objects.count() == 0


def test_another_users_device_is_a_404(other_client, owner):
    device = make_device(owner)
    assert other_client.post(f"/accounts/devices/{device.pk}/remove/").status_code == 404
    assert PushSubscription.objects.count() == 1


def test_saving_how_reminders_reach_you(owner_client, owner):
    response = owner_client.post(
        "/accounts/devices/notifications/",
        {
            "promise_channel": "both",
            "digest_channel": "push",
            "show_titles": "on",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
        },
    )
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=owner)
    assert (prefs.promise_channel, prefs.digest_channel, prefs.show_titles) == (
        "both",
        "push",
        True,
    )
    assert prefs.quiet_start.hour == 22 and prefs.quiet_end.hour == 7


@pytest.mark.parametrize(
    "data",
    [
        {"promise_channel": "carrier-pigeon", "digest_channel": "email"},
        {"promise_channel": "email", "digest_channel": "email", "quiet_start": "22:00"},
        {"promise_channel": "email", "digest_channel": "email", "quiet_start": "25:99"},
    ],
)
def test_bad_settings_are_shown_again_and_not_saved(owner_client, owner, data):
    response = owner_client.post("/accounts/devices/notifications/", data)
    assert response.status_code == 400
    assert NotificationSettings.objects.get(user=owner).promise_channel == "email"


def test_the_server_makes_one_key_pair_and_keeps_it(db):
    first = vapid.public_key()
    assert vapid.public_key() == first
    assert VapidKey.objects.count() == 1


def test_a_configured_key_wins(db, settings):
    import secrets

    from cryptography.hazmat.primitives.asymmetric import ec
    from py_vapid import b64urlencode

    from tests.tracker.device.conftest import Browser

    browser = Browser(ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16))
    raw = browser.private_key.private_numbers().private_value.to_bytes(32, "big")
    settings.VAPID_PRIVATE_KEY = b64urlencode(raw)
    assert vapid.public_key() == browser.p256dh
    assert VapidKey.objects.count() == 0


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_costs_the_same_queries_however_many_devices(
    owner_client, owner, count, django_assert_num_queries
):
    for n in range(count):
        make_device(owner, f"Device {n}", n)
    owner_client.get(PAGE)  # first visit makes the settings rows and the key pair
    # (The session comes from the session cache, and the user is kept per process while
    # its row is unchanged: tracker.accounts.backends.)
    with django_assert_num_queries(4):
        response = owner_client.get(PAGE)
    assert response.content.decode().count("Remove") == count
