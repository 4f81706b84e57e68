"""Writes that span several rows or models, and anything that sends mail.

Every function is keyword-only and runs in one transaction, so a failure leaves nothing
half-written.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from tracker.models import (
    CheckIn,
    Commitment,
    CommitmentPause,
    DataSettings,
    Person,
    User,
    UserManager,
)


def _occurrence_lookup(*, commitment: Commitment, occurrence_date: date, due_at) -> dict:
    """The fields naming one occurrence: a promise's due time, or a routine's day."""
    if commitment.is_promise:
        return {"commitment": commitment, "due_at": due_at}
    return {"commitment": commitment, "due_at": None, "occurrence_date": occurrence_date}


def record_check_in(
    *,
    commitment: Commitment,
    occurrence_date: date,
    state: str,
    note: str | None = None,
    due_at: datetime | None = None,
) -> CheckIn:
    """Record (or change) what happened at one occurrence; returns the check-in.

    Replaying the same POST updates the same row. Two requests racing to create it both
    succeed: the loser of the unique constraint updates the winner's row instead.
    `note=None` keeps any note already written.
    """
    lookup = _occurrence_lookup(
        commitment=commitment, occurrence_date=occurrence_date, due_at=due_at
    )
    values: dict = {
        "state": state,
        "occurrence_date": occurrence_date,
        "rescheduled_to": None,
        "rescheduled_to_date": None,
    }
    if note is not None:
        values["note"] = note
    try:
        # update_or_create runs in its own transaction (and its insert in a savepoint
        # that get_or_create retries as a lookup): wrapping it again only adds queries.
        checkin, _ = CheckIn.objects.update_or_create(**lookup, defaults=values)
    except IntegrityError:
        with transaction.atomic():
            checkin = CheckIn.objects.select_for_update().get(**lookup)
            for name, value in values.items():
                setattr(checkin, name, value)
            checkin.save()
    return checkin


def undo_check_in(*, commitment: Commitment, occurrence_date: date, due_at=None) -> bool:
    """Forget what was recorded for one occurrence; returns whether anything was there."""
    lookup = _occurrence_lookup(
        commitment=commitment, occurrence_date=occurrence_date, due_at=due_at
    )
    with transaction.atomic():
        deleted, _ = CheckIn.objects.filter(**lookup).delete()
    return bool(deleted)


@transaction.atomic
def reschedule_promise(*, commitment: Commitment, new_due_at: datetime, note: str = "") -> CheckIn:
    """Move a promise to a new due time, keeping the old time in its history."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    old_due_at = commitment.due_at
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=commitment,
        due_at=old_due_at,
        defaults={
            "occurrence_date": old_due_at.astimezone(commitment.owner.zone).date(),
            "state": CheckIn.State.RESCHEDULED,
            "rescheduled_to": new_due_at,
            "rescheduled_to_date": None,
            "note": note,
        },
    )
    commitment.due_at = new_due_at
    commitment.save(update_fields=["due_at", "updated_at"])
    return checkin


@transaction.atomic
def reschedule_routine_day(
    *, commitment: Commitment, occurrence_date: date, new_date: date, note: str = ""
) -> CheckIn:
    """Move one day of a routine to another day (which becomes its own occurrence)."""
    checkin, _ = CheckIn.objects.update_or_create(
        commitment=commitment,
        due_at=None,
        occurrence_date=occurrence_date,
        defaults={
            "state": CheckIn.State.RESCHEDULED,
            "rescheduled_to": None,
            "rescheduled_to_date": new_date,
            "note": note,
        },
    )
    return checkin


@transaction.atomic
def pause_commitment(*, commitment: Commitment, today: date) -> None:
    """Pause from today: its days stop being due and never count as missed."""
    if not commitment.pauses.filter(ends_on__isnull=True).exists():
        CommitmentPause.objects.create(commitment=commitment, starts_on=today)
    commitment.status = Commitment.Status.PAUSED
    commitment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def resume_commitment(*, commitment: Commitment, today: date) -> None:
    """Make it active again from today (a paused or an archived commitment alike)."""
    for span in commitment.pauses.filter(ends_on__isnull=True):
        if span.starts_on >= today:
            # Paused and resumed the same day: the span covered nothing.
            span.delete()
        else:
            span.ends_on = today
            span.save(update_fields=["ends_on"])
    commitment.status = Commitment.Status.ACTIVE
    commitment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def archive_commitment(*, commitment: Commitment, today: date) -> None:
    """Put it away: an open pause from today, so nothing after it counts as due."""
    if not commitment.pauses.filter(ends_on__isnull=True).exists():
        CommitmentPause.objects.create(commitment=commitment, starts_on=today)
    commitment.status = Commitment.Status.ARCHIVED
    commitment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def delete_person(*, person: Person, delete_commitments: bool) -> int:
    """Delete a person; their commitments stay, unassigned, unless asked to go too.

    Returns how many commitments were deleted.
    """
    deleted = 0
    if delete_commitments:
        _, per_model = Commitment.objects.filter(person=person).delete()
        deleted = per_model.get(Commitment._meta.label, 0)
    else:
        Commitment.objects.filter(person=person).update(person=None)
    person.delete()
    return deleted


# --- Accounts -----------------------------------------------------------------------------


def _confirmation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("signup-confirm", args=[uid, token])


def _send(*, to: str, template: str, context: dict) -> None:
    """Send a plain-text email from templates/registration/<template>_{subject,body}.txt."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"registration/{template}_subject.txt", context).strip()
    body = render_to_string(f"registration/{template}_body.txt", context)
    send_mail(subject, body, None, [to])


def register(*, email: str, password: str, time_zone: str) -> None:
    """Start a sign-up without revealing whether the address already has an account.

    A new address gets an inactive account and a link that confirms it. An address
    waiting for confirmation gets the new password and a fresh link. A confirmed account
    is left alone, and its owner is told someone tried to sign up with it.
    """
    email = User.objects.normalize_email_address(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        already_confirmed = user is not None and user.is_active
        if not already_confirmed:
            user = user or User(email=email, is_active=False)
            user.time_zone = time_zone
            user.set_password(password)
            user.save()
    if already_confirmed:
        _send(
            to=email,
            template="signup_existing",
            context={
                "login_url": settings.SITE_URL + reverse("login"),
                "reset_url": settings.SITE_URL + reverse("password_reset"),
            },
        )
    else:
        _send(to=email, template="signup_confirm", context={"confirm_url": _confirmation_url(user)})


def confirm_signup(*, uidb64: str, token: str) -> User | None:
    """Activate the account a confirmation link names; None if the link is not valid.

    The token covers the last sign-in time, so a link works until the account is used.
    """
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    with transaction.atomic():
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        # Following the link proves the address works: reminders may go to it.
        settings_row = DataSettings.objects.for_user(user)
        if not settings_row.email_verified:
            settings_row.mark_verified(user.email)
    return user


def axes_username(request, credentials: dict) -> str:
    """The sign-in name django-axes counts failures against: the email, lower-cased, so
    "Sam@Example.com" and "sam@example.com" share one lock, as they share one account."""
    return UserManager.normalize_email_address((credentials or {}).get("username", ""))
