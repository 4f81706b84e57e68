"""Which reminder emails are due now, and sending each one at most once.

`manage.py send_reminders` runs every few minutes (see docs/reminders.md). It asks
`promise_reminders_due` and `digests_due` what is due and enqueues one task per email
(tracker/tasks.py); each task re-checks, claims its ReminderLog row, then sends.

- A promise reminder is due from `minutes_before` its due time until the due time.
  Once the due time has passed it is stale and never sent, so a late run does not
  send reminders for things already over.
- The morning summary is due from the user's chosen local time for `DIGEST_CATCH_UP`
  (a late run still sends today's), and at most once per local day.
- Both go only to a verified address, and only while the user has them switched on.
- Each also goes out as a push notification to the person's devices when they chose that
  channel (tracker/device/): `_push_promise` and `_push_digest` below, claimed in the
  same log under their own keys, so each channel is sent once and a failed email never
  repeats a notification. Nothing goes out in the person's quiet hours: a run after
  they end sends what is still due.
"""

import time
from datetime import date, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats

from tracker import emails
from tracker.commitments import schedule
from tracker.commitments.agenda import build_agenda
from tracker.device import push
from tracker.device.models import NotificationSettings, settings_of
from tracker.models import (
    CheckIn,
    Commitment,
    CommitmentReminder,
    DataSettings,
    ReminderLog,
)

DIGEST_CATCH_UP = timedelta(hours=6)
CLAIM_ATTEMPTS = 5
LONGEST_LEAD = timedelta(minutes=max(CommitmentReminder.Before.values))
EMAIL = NotificationSettings.Channel.EMAIL
PUSH = NotificationSettings.Channel.PUSH
PUSH_KEY_PREFIX = "push:"


# --- What is due ------------------------------------------------------------------------


def _reminder_candidates(now: datetime):
    already_recorded = CheckIn.objects.filter(commitment=OuterRef("pk"), due_at=OuterRef("due_at"))
    return (
        Commitment.objects.active()
        .filter(
            kind=Commitment.Kind.PROMISE,
            due_at__gt=now,
            due_at__lte=now + LONGEST_LEAD,
            reminder__enabled=True,
            owner__is_active=True,
            owner__data_settings__reminders_enabled=True,
        )
        .exclude(Exists(already_recorded))
        .select_related("reminder", "owner__data_settings", "owner__notification_settings")
    )


def promise_reminders_due(now: datetime) -> list[Commitment]:
    """Promises whose reminder time has come and whose due time has not yet passed."""
    return [c for c in _reminder_candidates(now) if _reminder_is_due(c, now)]


def _reminder_is_due(commitment: Commitment, now: datetime) -> bool:
    lead = timedelta(minutes=commitment.reminder.minutes_before)
    owner = commitment.owner
    prefs = settings_of(owner)
    return (
        commitment.due_at - lead <= now < commitment.due_at
        and not prefs.is_quiet(now, owner.zone)
        and (
            _emails(prefs, "promise", owner.data_settings)
            or prefs.uses(kind="promise", channel=PUSH)
        )
    )


def _emails(prefs: NotificationSettings, kind: str, row: DataSettings) -> bool:
    """Whether reminders of `kind` go by email: chosen, and the address is verified."""
    return prefs.uses(kind=kind, channel=EMAIL) and row.email_verified


def digest_window(row: DataSettings, now: datetime) -> date | None:
    """The user's local day whose summary may be sent now, if any."""
    zone = row.user.zone
    day = now.astimezone(zone).date()
    starts = schedule.local_due_at(day, row.digest_time, zone)
    if settings_of(row.user).is_quiet(now, zone):
        return None
    return day if starts <= now < starts + DIGEST_CATCH_UP else None


def _digest_keys(row: DataSettings, day: date) -> list[str]:
    """The claim keys of the channels a day's summary goes out on."""
    prefs = settings_of(row.user)
    keys = [day.isoformat()] if _emails(prefs, "digest", row) else []
    if prefs.uses(kind="digest", channel=PUSH):
        keys.append(PUSH_KEY_PREFIX + day.isoformat())
    return keys


def digests_due(now: datetime) -> list[tuple[int, date]]:
    """(user id, local day) for each summary due now and not yet sent."""
    due = []
    rows = DataSettings.objects.filter(digest_enabled=True, user__is_active=True).select_related(
        "user", "user__notification_settings"
    )
    for row in rows:
        day = digest_window(row, now)
        keys = _digest_keys(row, day) if day is not None else []
        if keys:
            due.append((row.user_id, day, keys))
    sent = set(
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.DIGEST,
            user_id__in=[user_id for user_id, _, _ in due],
            key__in={key for _, _, keys in due for key in keys},
        ).values_list("user_id", "key")
    )
    return [
        (user_id, day)
        for user_id, day, keys in due
        if any((user_id, key) not in sent for key in keys)
    ]


# --- Sending once -----------------------------------------------------------------------


def claim(*, user_id: int, kind: str, key: str) -> bool:
    """Record the send before sending; False when another run got there first.

    The insert is its own short transaction. A database that answers a competing write
    with "locked" instead of waiting (SQLite's shared cache, or a busy timeout running
    out) is asked again a few times: the other writer finishes within milliseconds.
    """
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user_id=user_id, kind=kind, key=key)
        except IntegrityError:
            return False
        except OperationalError:
            if attempt == CLAIM_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
        else:
            return True
    return False


def release(*, user_id: int, kind: str, key: str) -> None:
    """Forget a claim whose email failed, so a later run tries again while it is due."""
    ReminderLog.objects.filter(user_id=user_id, kind=kind, key=key).delete()


def promise_key(commitment: Commitment) -> str:
    # A rescheduled promise is a new occurrence, so it gets its own reminder.
    return f"{commitment.pk}@{commitment.due_at.isoformat()}"


def send_promise_reminder(*, commitment_id: int, now: datetime) -> bool:
    """Send one promise's reminder if it is (still) due; True when an email went out."""
    commitment = _reminder_candidates(now).filter(pk=commitment_id).first()
    if commitment is None or not _reminder_is_due(commitment, now):
        return False
    user = commitment.owner
    prefs = settings_of(user)
    pushed = _push_promise(commitment, prefs=prefs)
    if not _emails(prefs, "promise", user.data_settings):
        return pushed
    kind = ReminderLog.Kind.PROMISE
    key = promise_key(commitment)
    if not claim(user_id=user.pk, kind=kind, key=key):
        return pushed
    local_due = commitment.due_at.astimezone(user.zone)
    try:
        emails.send(
            to=user.email,
            template="promise_reminder",
            context={
                "user": user,
                "title": commitment.title,
                "place": commitment.place,
                "when": _when(local_due, user),
                "minutes": commitment.reminder.get_minutes_before_display(),
                "path": reverse("tracker:commitment-detail", args=[commitment.pk]),
            },
            unsubscribe_user_id=user.pk,
        )
    except Exception:
        release(user_id=user.pk, kind=kind, key=key)
        raise
    return True


def _push_promise(commitment: Commitment, *, prefs: NotificationSettings) -> bool:
    """The promise's reminder as a notification on the person's devices, once."""
    user = commitment.owner
    if not prefs.uses(kind="promise", channel=PUSH) or not push.has_devices(user):
        return False
    kind, key = ReminderLog.Kind.PROMISE, PUSH_KEY_PREFIX + promise_key(commitment)
    if not claim(user_id=user.pk, kind=kind, key=key):
        return False
    when = _when(commitment.due_at.astimezone(user.zone), user)
    payload = push.promise_payload(commitment=commitment, when=when, show_titles=prefs.show_titles)
    try:
        delivered = push.deliver(user=user, payload=payload, ttl=push.PROMISE_TTL)
    except Exception:
        release(user_id=user.pk, kind=kind, key=key)
        raise
    if not delivered:
        # No device took it (push service down, or every subscription gone): a later
        # run tries again while the reminder is still due.
        release(user_id=user.pk, kind=kind, key=key)
    return bool(delivered)


def _when(moment: datetime, user) -> str:
    today = user.local_today()
    clock = formats.time_format(moment, "H:i")
    if moment.date() == today:
        return f"today at {clock}"
    if moment.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"{formats.date_format(moment, 'l j F')} at {clock}"


def digest_items(user, day: date) -> list[dict]:
    """The day's commitments in the summary: title, when, and a link path. No notes.

    What is on the day is what Today shows for it (`build_agenda`), less what the
    user already called off: an occurrence skipped or moved to another day asks nothing
    of this one, so the summary does not list it.
    """
    zone = user.zone
    commitments = Commitment.objects.for_user(user).active().with_window(day, day)
    agenda = build_agenda(
        commitments, today=day, zone=zone, week_start=user.week_start, lookback=0, ahead=0
    )
    items = []
    for occurrence in agenda.today:
        if occurrence.called_off:
            continue
        commitment = occurrence.commitment
        if occurrence.due_at is not None:
            when = occurrence.due_at.astimezone(zone).strftime("%H:%M")
        elif commitment.is_per_week:
            when = f"{commitment.times_per_week or 1}× this week"
        elif commitment.time_of_day:
            when = commitment.time_of_day.strftime("%H:%M")
        else:
            when = "today"
        path = reverse("tracker:commitment-detail", args=[commitment.pk])
        items.append(
            {
                "title": commitment.title,
                "when": when,
                "path": path,
                "recorded": occurrence.state is not None,
            }
        )
    items.sort(key=lambda item: (not item["when"][:1].isdigit(), item["when"]))
    return items


def send_digest(*, user_id: int, day: date, now: datetime) -> bool:
    """Send one user's morning summary for `day` if it is (still) due; True when sent.

    A day with nothing on it is claimed too (so it is decided once) but sends nothing.
    """
    row = (
        DataSettings.objects.filter(user_id=user_id, digest_enabled=True, user__is_active=True)
        .select_related("user", "user__notification_settings")
        .first()
    )
    if row is None or digest_window(row, now) != day:
        return False
    user = row.user
    prefs = settings_of(user)
    pushed = _push_digest(user, day, prefs=prefs)
    if not _emails(prefs, "digest", row):
        return pushed
    kind = ReminderLog.Kind.DIGEST
    if not claim(user_id=user_id, kind=kind, key=day.isoformat()):
        return pushed
    items = digest_items(user, day)
    if not items:
        return pushed
    try:
        emails.send(
            to=user.email,
            template="digest",
            context={"user": user, "items": items, "day": day},
            unsubscribe_user_id=user_id,
        )
    except Exception:
        release(user_id=user_id, kind=kind, key=day.isoformat())
        raise
    return True


def _push_digest(user, day: date, *, prefs: NotificationSettings) -> bool:
    """The morning summary as a notification, once, and only with something still open."""
    if not prefs.uses(kind="digest", channel=PUSH) or not push.has_devices(user):
        return False
    kind, key = ReminderLog.Kind.DIGEST, PUSH_KEY_PREFIX + day.isoformat()
    if not claim(user_id=user.pk, kind=kind, key=key):
        return False
    items = [item for item in digest_items(user, day) if not item["recorded"]]
    if not items:
        return False
    payload = push.digest_payload(items=items, day=day, show_titles=prefs.show_titles)
    try:
        delivered = push.deliver(user=user, payload=payload, ttl=push.DIGEST_TTL)
    except Exception:
        release(user_id=user.pk, kind=kind, key=key)
        raise
    if not delivered:
        release(user_id=user.pk, kind=kind, key=key)
    return bool(delivered)
