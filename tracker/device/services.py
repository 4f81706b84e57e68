"""Writes of the device area: check-ins sent later (from the offline queue or a
notification's "Kept" button), and a device's push subscription.

Both kinds of late check-in go through `record_unless_recorded`, which records with the
one recording service (`tracker.commitments.services.record_check_in`) but never
overwrites: the person tapped without seeing what another device recorded meanwhile, so
the earlier record stays and they are told.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.commitments import services as commitment_services
from tracker.commitments.checkin_forms import CheckInForm
from tracker.device import tokens
from tracker.models import ActionTokenUse, CheckIn, Commitment, OfflineReceipt, PushSubscription

# The one-tap states Today offers; notes never travel through a queue or a notification.
QUEUEABLE_STATES = {CheckIn.State.KEPT, CheckIn.State.LATE, CheckIn.State.MISSED}
QUEUEABLE_STATES |= {CheckIn.State.SKIPPED}


@dataclass(frozen=True)
class Outcome:
    status: str  # "recorded", "already" or "invalid"
    state: str  # what the occurrence holds now ("" when invalid)
    message: str
    # The same item came before: this is the first answer again, and nothing was written.
    replayed: bool = False

    def as_json(self, client_id: str = "") -> dict:
        item = {"status": self.status, "state": self.state, "message": self.message}
        return {"id": client_id, **item} if client_id else item


def _short(state: str) -> str:
    return state.capitalize()  # "Late", "Kept", "Missed", "Skipped", "Rescheduled"


def _outcome(status: str, state: str, commitment: Commitment, replayed=False) -> Outcome:
    if status == OfflineReceipt.Outcome.ALREADY:
        message = (
            f"Already recorded as {_short(state)} from another device: "
            f"“{commitment.title}” keeps that record."
        )
    else:
        message = f"Recorded “{commitment.title}”: {_short(state).lower()}."
    return Outcome(status, state, message, replayed)


def _invalid(message: str) -> Outcome:
    return Outcome("invalid", "", message)


def record_unless_recorded(
    *, user, commitment: Commitment, occurrence_date: date, due_at: datetime | None, state: str
) -> Outcome:
    """Record `state` for one occurrence unless something is recorded there already.

    Call inside a transaction. The commitment's row is locked first, so two devices
    replaying at once are handled one after the other (PostgreSQL waits on the row lock;
    SQLite's IMMEDIATE transactions already run writers one at a time) and the first
    record is the one that stays.
    """
    Commitment.objects.select_for_update().filter(pk=commitment.pk).exists()
    form = CheckInForm(
        {
            "occurrence_date": occurrence_date.isoformat(),
            "due_at": due_at.isoformat() if due_at else "",
            "state": state,
        },
        commitment=commitment,
        user=user,
    )
    if not form.is_valid():
        return _invalid(f"“{commitment.title}”: " + " ".join(sum(form.errors.values(), [])))
    existing = form.occurrence.state
    if existing is not None and existing != state:
        return _outcome(OfflineReceipt.Outcome.ALREADY, existing, commitment)
    if existing is None:
        data = form.cleaned_data
        commitment_services.record_check_in(
            commitment=commitment,
            occurrence_date=data["occurrence_date"],
            due_at=data["due_at"],
            state=state,
        )
    return _outcome(OfflineReceipt.Outcome.RECORDED, state, commitment)


# --- The offline queue ------------------------------------------------------------------


def _parse_item(item) -> tuple[uuid.UUID, int, date, datetime | None, str] | None:
    if not isinstance(item, dict):
        return None
    try:
        client_id = uuid.UUID(str(item["id"]))
        commitment_id = int(item["commitment"])
        day = date.fromisoformat(str(item["occurrence_date"]))
        due_at = datetime.fromisoformat(item["due_at"]) if item.get("due_at") else None
        state = str(item["state"])
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    if due_at is not None and timezone.is_naive(due_at):
        return None
    if state not in QUEUEABLE_STATES or not 0 < commitment_id < 2**63:
        return None
    return client_id, commitment_id, day, due_at, state


def sync_item(*, user, item) -> Outcome:
    """Handle one queued check-in; the same item sent again gets its first answer."""
    parsed = _parse_item(item)
    if parsed is None:
        return _invalid("A check-in saved on this device could not be read, so it was dropped.")
    client_id, commitment_id, day, due_at, state = parsed
    commitment = Commitment.objects.for_user(user).filter(pk=commitment_id).first()
    if commitment is None:
        return _invalid("A check-in saved on this device is for something no longer here.")
    try:
        with transaction.atomic():
            # Lock first: a replay racing the first send waits here, then finds its receipt.
            Commitment.objects.select_for_update().filter(pk=commitment.pk).exists()
            receipt = OfflineReceipt.objects.filter(user=user, client_id=client_id).first()
            if receipt is not None:
                return _outcome(receipt.outcome, receipt.state, commitment, replayed=True)
            outcome = record_unless_recorded(
                user=user, commitment=commitment, occurrence_date=day, due_at=due_at, state=state
            )
            if outcome.status != "invalid":
                OfflineReceipt.objects.create(
                    user=user,
                    client_id=client_id,
                    commitment=commitment,
                    outcome=outcome.status,
                    state=outcome.state,
                )
            return outcome
    except IntegrityError:
        # The same id sent at once for another commitment (so under another lock): the
        # whole attempt rolled back; answer as the one that got in did.
        receipt = OfflineReceipt.objects.get(user=user, client_id=client_id)
        return _outcome(receipt.outcome, receipt.state, receipt.commitment, replayed=True)


# --- A notification's "Kept" -------------------------------------------------------------


def act_on_token(*, token: str, signed_in_user=None) -> Outcome | None:
    """Record "kept" for the occurrence a notification's token names; None when refused
    (forged, expired, spent, or not this person's)."""
    action = tokens.read_token(token)
    if action is None:
        return None
    if signed_in_user is not None and signed_in_user.pk != action.user_id:
        return None
    commitment = (
        Commitment.objects.filter(
            pk=action.commitment_id, owner_id=action.user_id, owner__is_active=True
        )
        .select_related("owner")
        .first()
    )
    if commitment is None:
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                ActionTokenUse.objects.create(user_id=action.user_id, nonce=action.nonce)
        except IntegrityError:
            return None
        return record_unless_recorded(
            user=commitment.owner,
            commitment=commitment,
            occurrence_date=action.occurrence_date,
            due_at=action.due_at,
            state=CheckIn.State.KEPT,
        )


# --- Push subscriptions -----------------------------------------------------------------


def subscribe(*, user, endpoint: str, p256dh: str, auth: str, name: str) -> PushSubscription:
    """Keep this browser's subscription for `user`, replacing any earlier one it had.

    A browser has one subscription per site: if it last belonged to someone else who
    used this device, it now belongs to whoever turned reminders on here.
    """
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "name": name},
    )
    return subscription
