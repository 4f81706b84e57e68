"""Writes for sharing, each in one transaction: a link's settings, revoking it, and which
of a person's commitments it shows."""

from datetime import datetime

from django.db import transaction

from tracker.commitments.models import Commitment, Person
from tracker.sharing.models import PersonShare


@transaction.atomic
def save_share(
    *, person: Person, shown_name: str, expires_at: datetime | None, new_link: bool = False
) -> PersonShare:
    """Save the link's settings; a link that is not live (never made, revoked, expired),
    or `new_link`, gets a fresh token. Returns the share."""
    share = PersonShare.objects.select_for_update().filter(person=person).first()
    if share is None:
        share = PersonShare(person=person)
    # A link that had stopped working is never brought back at its old address.
    if new_link or not share.is_live():
        share.new_link()
    share.shown_name = shown_name
    share.expires_at = expires_at
    share.save()
    return share


@transaction.atomic
def revoke_share(*, person: Person) -> bool:
    """Stop the link at once; returns whether one was live."""
    share = PersonShare.objects.select_for_update().filter(person=person).first()
    if share is None or not share.token:
        return False
    was_live = share.is_live()
    share.revoke()
    share.save(update_fields=["token", "token_digest", "updated_at"])
    return was_live


@transaction.atomic
def set_shared(*, person: Person, chosen: list[Commitment]) -> int:
    """Share exactly the `chosen` commitments of this person; returns how many are shared."""
    mine = Commitment.objects.filter(owner_id=person.owner_id, person=person)
    ids = [c.pk for c in chosen]
    mine.exclude(pk__in=ids).filter(shared=True).update(shared=False)
    mine.filter(pk__in=ids, shared=False).update(shared=True)
    return len(ids)
