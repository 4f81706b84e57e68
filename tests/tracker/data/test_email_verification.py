import re
from datetime import timedelta
from urllib.parse import urlsplit

import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tracker.data import services as data_services
from tracker.models import DataSettings, User

EMAIL_URL = reverse("data-email")


def link_in(message) -> str:
    return re.search(r"(http\S+/accounts/data/email/verify/\S+/)", message.body).group(1)


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_sign_up_can_send_a_link_that_verifies_the_address(client, owner):
    assert data_services.send_verification_email(user=owner)
    [message] = mail.outbox
    assert message.to == ["owner@example.com"]
    assert "List-Unsubscribe" in message.extra_headers
    url = link_in(message)
    assert url.startswith(settings.SITE_URL + "/")
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "owner@example.com" in page.content.decode()
    assert not DataSettings.objects.for_user(owner).email_verified  # GET changes nothing.
    response = client.post(path_of(url))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert DataSettings.objects.for_user(owner).email_verified


@override_settings(SITE_URL="https://steady.test")
def test_the_link_is_built_from_site_url(owner):
    data_services.send_verification_email(user=owner)
    assert link_in(mail.outbox[0]).startswith("https://steady.test/accounts/data/email/verify/")


@override_settings(SITE_URL="https://steady.test", ALLOWED_HOSTS=["*"])
def test_a_hostile_host_header_never_reaches_the_link(owner_client, password):
    """Links used to be built from the request's Host header, which the client chooses:
    a forged one would have mailed the user a link to the attacker's site."""
    response = owner_client.post(
        EMAIL_URL, {"new_email": "new@example.com", "password": password}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert "evil.example" not in message.body
    assert "evil.example" not in message.alternatives[0][0]
    assert link_in(message).startswith("https://steady.test/accounts/data/email/verify/")


def test_the_link_expires_after_three_days(client, owner):
    data_services.send_verification_email(user=owner)
    path = path_of(link_in(mail.outbox[0]))
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        response = client.post(path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not DataSettings.objects.for_user(owner).email_verified


def test_a_tampered_link_is_refused(client, owner):
    data_services.send_verification_email(user=owner)
    path = path_of(link_in(mail.outbox[0]))
    response = client.post(path.replace("owner", "0wner").rstrip("/") + "x/")
    assert response.status_code == 400
    assert not DataSettings.objects.for_user(owner).email_verified


def test_resending_is_limited_to_once_a_minute(owner_client, owner):
    owner_client.post(reverse("data-email-resend"))
    response = owner_client.post(reverse("data-email-resend"), follow=True)
    assert len(mail.outbox) == 1
    assert "Give it a minute" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        owner_client.post(reverse("data-email-resend"))
    assert len(mail.outbox) == 2


def test_changing_the_email_asks_for_the_password(owner_client, owner):
    response = owner_client.post(EMAIL_URL, {"new_email": "new@example.com", "password": "no"})
    assert response.status_code == 400
    assert "That password does not match" in response.content.decode()
    assert 'value="new@example.com"' in response.content.decode()
    assert mail.outbox == []


def test_the_login_email_changes_only_after_the_new_address_is_verified(
    owner_client, owner, password
):
    response = owner_client.post(EMAIL_URL, {"new_email": "New@Example.com", "password": password})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert "new email address" in message.subject
    owner_client.post(path_of(link_in(message)))
    owner.refresh_from_db()
    assert owner.email == "new@example.com"
    assert DataSettings.objects.for_user(owner).email_verified
    assert DataSettings.objects.for_user(owner).pending_email == ""


def test_an_address_taken_by_another_account_is_refused(owner_client, other_user, password):
    response = owner_client.post(
        EMAIL_URL, {"new_email": "OTHER@example.com", "password": password}
    )
    assert response.status_code == 400
    assert "belongs to another account" in response.content.decode()


def test_an_address_taken_while_waiting_is_not_applied(owner_client, owner, make_user, password):
    owner_client.post(EMAIL_URL, {"new_email": "late@example.com", "password": password})
    make_user("late@example.com")
    response = owner_client.post(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_an_old_change_link_stops_working_after_another_change(owner_client, owner, password):
    owner_client.post(EMAIL_URL, {"new_email": "first@example.com", "password": password})
    owner_client.post(EMAIL_URL, {"new_email": "second@example.com", "password": password})
    first = path_of(link_in(mail.outbox[0]))
    assert owner_client.post(first).status_code == 400
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_the_email_page_shows_the_status(owner_client, owner):
    response = owner_client.get(EMAIL_URL)
    assert response.status_code == 200
    assert "is not verified yet" in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client):
    for response in (
        client.get(EMAIL_URL),
        client.post(EMAIL_URL, {}),
        client.post(reverse("data-email-resend")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_link_for_a_deleted_account_is_refused(client, owner):
    data_services.send_verification_email(user=owner)
    path = path_of(link_in(mail.outbox[0]))
    User.objects.filter(pk=owner.pk).delete()
    assert client.get(path).status_code == 400
