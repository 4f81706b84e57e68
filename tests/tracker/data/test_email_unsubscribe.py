from django.urls import reverse

from tests.tracker.factories import verified
from tracker import emails
from tracker.models import DataSettings


def url_for(user) -> str:
    return reverse("data-unsubscribe", args=[emails.unsubscribe_token(user.pk)])


def switched_on(user) -> DataSettings:
    row = verified(user)
    row.digest_enabled = True
    row.reminders_enabled = True
    row.save()
    return row


def test_the_link_asks_before_unsubscribing_and_works_signed_out(client, owner):
    switched_on(owner)
    response = client.get(url_for(owner))
    assert response.status_code == 200
    assert "Stop reminder emails" in response.content.decode()
    assert DataSettings.objects.for_user(owner).digest_enabled


def test_the_button_unsubscribes_from_every_reminder(client, owner):
    switched_on(owner)
    response = client.post(url_for(owner))
    assert response.status_code == 200
    assert "Done" in response.content.decode()
    row = DataSettings.objects.for_user(owner)
    assert not row.digest_enabled and not row.reminders_enabled


def test_a_mail_apps_one_click_post_works_without_a_csrf_token(owner):
    from django.test import Client

    switched_on(owner)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        url_for(owner),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not DataSettings.objects.for_user(owner).digest_enabled


def test_it_only_touches_the_tokens_user(client, owner, other_user):
    switched_on(owner)
    switched_on(other_user)
    client.post(url_for(owner))
    assert DataSettings.objects.for_user(other_user).digest_enabled


def test_a_forged_token_is_not_found(client, owner):
    switched_on(owner)
    token = emails.unsubscribe_token(owner.pk)
    assert client.post(reverse("data-unsubscribe", args=[token + "x"])).status_code == 404
    assert client.get(reverse("data-unsubscribe", args=["nonsense"])).status_code == 404
    assert DataSettings.objects.for_user(owner).digest_enabled


def test_a_token_signed_for_something_else_cannot_unsubscribe(client, owner):
    from django.core import signing

    switched_on(owner)
    token = signing.dumps({"u": owner.pk}, salt="some.other.purpose")
    assert client.post(reverse("data-unsubscribe", args=[token])).status_code == 404


def test_unsubscribing_a_deleted_account_is_harmless(client, owner):
    url = url_for(owner)
    owner.delete()
    assert client.post(url).status_code == 200


def test_it_works_before_any_settings_were_saved(client, owner):
    client.post(url_for(owner))
    assert not DataSettings.objects.for_user(owner).reminders_enabled
