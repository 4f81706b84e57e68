"""Accounts move to django-allauth.

Every existing user gets allauth's EmailAddress record for their login address: verified
when Steady had confirmed it (an active account was activated by its sign-up link, or its
data settings record a verified address), so old accounts sign in as before. A sign-up
that was never confirmed (inactive, never signed in) becomes an active account with an
unverified address: signing in with its password sends a fresh link, and nothing works
until it is followed. A confirmed address counts as verified for reminders too (the data
settings keep that copy), so no one is left with an address the account pages call
confirmed and the reminder settings call unverified. The hand-written email-change fields
go; allauth keeps a pending address as an unverified EmailAddress instead.
"""

from django.db import migrations
from django.utils import timezone


def give_every_user_an_email_address(apps, schema_editor):
    User = apps.get_model("tracker", "User")
    DataSettings = apps.get_model("tracker", "DataSettings")
    EmailAddress = apps.get_model("account", "EmailAddress")
    verified_in_data = {
        user_id: email.lower()
        for user_id, email in DataSettings.objects.exclude(verified_email="").values_list(
            "user_id", "verified_email"
        )
    }
    have_record = set(EmailAddress.objects.values_list("user_id", flat=True))
    records = []
    now = timezone.now()
    for user in User.objects.exclude(pk__in=have_record).iterator(chunk_size=2000):
        email = user.email.lower()
        confirmed = user.is_active or verified_in_data.get(user.pk) == email
        if not user.is_active and user.last_login is None and not confirmed:
            # A pending sign-up: allauth's mandatory verification now guards it.
            user.is_active = True
            user.save(update_fields=["is_active"])
        records.append(EmailAddress(user=user, email=email, primary=True, verified=confirmed))
        if confirmed and verified_in_data.get(user.pk) != email:
            DataSettings.objects.update_or_create(
                user=user, defaults={"verified_email": email, "verified_at": now}
            )
    EmailAddress.objects.bulk_create(records, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0003_merge_0002_data_0002_journal"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(give_every_user_an_email_address, migrations.RunPython.noop),
        migrations.RemoveField(model_name="datasettings", name="pending_email"),
        migrations.RemoveField(model_name="datasettings", name="verification_sent_at"),
    ]
