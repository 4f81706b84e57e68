"""Accounts made before allauth: the data migration, and that they still sign in."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from tests.tracker.accounts.helpers import login
from tracker.models import DataSettings, User

migration = importlib.import_module("tracker.migrations.0004_accounts_on_allauth")


def old_user(email, password=None, **extra) -> User:
    """A user as Steady made them before allauth: no EmailAddress record."""
    user = User.objects.create_user(email=email, password=password, **extra)
    EmailAddress.objects.filter(user=user).delete()
    return user


def run_migration():
    migration.give_every_user_an_email_address(apps, None)


def test_every_user_gets_an_address_record_verified_where_steady_had_confirmed_it(db):
    confirmed = old_user("confirmed@example.com", is_active=True)
    reminded = old_user("reminded@example.com", is_active=True)
    DataSettings.objects.for_user(reminded).mark_verified("reminded@example.com")
    pending = old_user("pending@example.com", is_active=False)
    closed = old_user("closed@example.com", is_active=False, last_login=timezone.now())
    run_migration()
    records = {a.user_id: a for a in EmailAddress.objects.all()}
    assert records[confirmed.pk].verified and records[confirmed.pk].primary
    assert records[reminded.pk].verified
    assert not records[pending.pk].verified
    assert not records[closed.pk].verified
    # Reminders may go to every confirmed address; the others wait for their link.
    assert DataSettings.objects.for_user(confirmed).email_verified
    assert DataSettings.objects.for_user(reminded).email_verified
    assert not DataSettings.objects.filter(user=pending, verified_email__gt="").exists()
    assert not DataSettings.objects.filter(user=closed, verified_email__gt="").exists()
    pending.refresh_from_db()
    closed.refresh_from_db()
    # The pending sign-up is now guarded by allauth's confirmation; a closed account stays closed.
    assert pending.is_active and not closed.is_active


def test_the_migration_can_run_twice(db):
    old_user("confirmed@example.com")
    run_migration()
    run_migration()
    assert EmailAddress.objects.count() == 1


def test_an_account_made_before_the_change_still_signs_in(db, settings):
    # Its password was hashed with Argon2 by the old site.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = old_user("old@example.com")
    user.password = make_password("an-Old-but-good-passphrase-9", hasher="argon2")
    user.save()
    run_migration()
    response = login(Client(), "Old@Example.com", "an-Old-but-good-passphrase-9")
    assert response["Location"] == "/today/"


def test_a_pending_sign_up_from_before_gets_a_fresh_link_when_it_signs_in(db):
    from django.core import mail

    old_user("pending@example.com", password="a-Pending-passphrase-33", is_active=False)
    run_migration()
    client = Client()
    response = login(client, "pending@example.com", "a-Pending-passphrase-33")
    assert response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[0].to == ["pending@example.com"]
    assert client.get("/today/").status_code == 302


@pytest.mark.parametrize(
    "backend",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_sessions_started_before_the_change_stay_signed_in(client, owner, backend):
    client.force_login(owner, backend=backend)
    assert client.get("/today/").status_code == 200


def test_createsuperuser_makes_an_admin_who_can_sign_in_at_once(db, password):
    User.objects.create_superuser("boss@example.com", password)
    client = Client()
    assert login(client, "boss@example.com", password)["Location"] == "/today/"
    assert client.get("/admin/").status_code == 200
