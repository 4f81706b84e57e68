"""Small factories for the journal's tests (imported by the other test_journal_* files)."""

import datetime

from guidance.models import Practice, Status
from tracker.journal_models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)
from tracker.models import Person

DAY = datetime.date(2026, 3, 10)


def person(owner, name="Sam"):
    return Person.objects.create(owner=owner, name=name)


def note(owner, text="They were let down by a teacher.", date=DAY, **extra):
    return ListeningNote.objects.create(owner=owner, text=text, date=date, **extra)


def reflection(owner, what_happened="They checked my phone.", date=DAY, **extra):
    return Reflection.objects.create(owner=owner, what_happened=what_happened, date=date, **extra)


def boundary(owner, statement="I keep my passcode to myself.", **extra):
    return Boundary.objects.create(owner=owner, statement=statement, **extra)


def boundary_test(owner, boundary_=None, response="held", date=DAY, **extra):
    boundary_ = boundary_ or boundary(owner)
    return BoundaryTest.objects.create(
        owner=owner, boundary=boundary_, response=response, date=date, **extra
    )


def member(owner, name="Dr Ada", kind="me", support_type="professional", **extra):
    return SupportCircleMember.objects.create(
        owner=owner, name=name, kind=kind, support_type=support_type, **extra
    )


def practice(slug, title=None, summary=""):
    """A published practice with this slug; the seeded guide may already hold it."""
    return Practice.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title or slug.replace("-", " ").capitalize(),
            "summary": summary,
            "status": Status.PUBLISHED,
            "publish_at": None,
        },
    )[0]


def test_factories_make_rows_owned_by_the_given_user(owner):
    made = boundary_test(owner)
    assert made.owner == owner
    assert made.boundary.owner == owner
