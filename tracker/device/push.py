"""Web Push: what a reminder notification says, and sending it to a person's devices.

Payloads are encrypted for each subscription by pywebpush (RFC 8291, aes128gcm) and
signed with the server's VAPID key. They carry what the lock screen shows and, for a
promise, a one-tap token; never notes or journal text, and no titles unless the person
chose "Show titles on the lock screen".
"""

import json
import logging
from datetime import date

import requests
from django.urls import reverse
from django.utils import timezone
from pywebpush import WebPushException, webpush

from tracker.commitments import schedule
from tracker.device import tokens, vapid
from tracker.models import Commitment, PushSubscription

logger = logging.getLogger(__name__)

# A reminder that could not be delivered within this long is not worth showing late.
PROMISE_TTL = 60 * 60
DIGEST_TTL = 6 * 60 * 60
TIMEOUT_SECONDS = 10


def today_link(commitment_id: int, day: date) -> str:
    """Today, scrolled to the occurrence's row."""
    key = schedule.Occurrence(commitment_id=commitment_id, day=day).key
    return f"{reverse('tracker:today')}#{key}"


def promise_payload(*, commitment: Commitment, when: str, show_titles: bool) -> dict:
    """The notification for a promise coming up, with "Kept" and "Open"."""
    user = commitment.owner
    day = commitment.local_due_date(user.zone)
    subject = f"“{commitment.title}”" if show_titles else "A promise"
    token = tokens.make_token(
        user_id=user.pk, commitment_id=commitment.pk, occurrence_date=day, due_at=commitment.due_at
    )
    return {
        "title": "Steady",
        "body": f"{subject} is due {when}.",
        "tag": f"promise-{commitment.pk}-{int(commitment.due_at.timestamp())}",
        "url": today_link(commitment.pk, day),
        "actions": [{"action": "kept", "title": "Kept"}, {"action": "open", "title": "Open"}],
        "kept": {"url": reverse("tracker:device-act"), "token": token},
    }


def digest_payload(*, items: list[dict], day: date, show_titles: bool) -> dict:
    """The morning summary: how many things are on Today (and which, if titles show)."""
    count = len(items)
    if show_titles:
        body = "Today: " + ", ".join(f"{item['title']} ({item['when']})" for item in items)
    else:
        body = f"{count} thing{'s' if count != 1 else ''} on Today."
    return {
        "title": "Steady",
        "body": body,
        "tag": f"digest-{day.isoformat()}",
        "url": reverse("tracker:today"),
        "actions": [{"action": "open", "title": "Open"}],
    }


def _send_one(subscription: PushSubscription, data: str, ttl: int) -> bool:
    try:
        webpush(
            subscription.as_webpush_info(),
            data,
            vapid_private_key=vapid.signer(),
            # pywebpush adds the audience to the claims it is given: a new dict each time.
            vapid_claims=vapid.claims(),
            ttl=ttl,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            # The push service says this subscription is gone for good (RFC 8030).
            subscription.delete()
        else:
            logger.warning("Push to subscription %s failed: %s", subscription.pk, status)
        return False
    except requests.RequestException as error:
        logger.warning("Push to subscription %s failed: %s", subscription.pk, error)
        return False
    return True


def deliver(*, user, payload: dict, ttl: int) -> int:
    """Send `payload` to each of the person's devices; returns how many accepted it."""
    data = json.dumps(payload)
    delivered = 0
    for subscription in list(PushSubscription.objects.for_user(user)):
        if _send_one(subscription, data, ttl):
            delivered += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(last_used_at=timezone.now())
    return delivered


def has_devices(user) -> bool:
    return PushSubscription.objects.for_user(user).exists()
