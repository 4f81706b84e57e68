import pytest
from django.core.exceptions import ValidationError

from tests.tracker.factories import DAY, boundary, boundary_test, reflection
from tracker.journal.models import BoundaryTest, Reflection

pytestmark = pytest.mark.django_db


def test_a_reflection_that_felt_overwhelming_needs_support(owner):
    assert reflection(owner, feelings=["sad", "overwhelmed"]).needs_support
    assert not reflection(owner, feelings=["sad"]).needs_support


def test_a_bent_boundary_needs_support_and_a_held_one_does_not(owner):
    assert boundary_test(owner, response="bent").needs_support
    assert not boundary_test(owner, response="held").needs_support


def test_feelings_must_come_from_the_list(owner):
    item = Reflection(owner=owner, date=DAY, what_happened="x", feelings=["furious"])
    with pytest.raises(ValidationError):
        item.full_clean()


def test_feeling_labels_read_as_words(owner):
    assert reflection(owner, feelings=["hurt", "calm"]).feeling_labels == ["Hurt", "Calm"]


def test_a_test_of_another_users_boundary_is_invalid(owner, other_user):
    theirs = boundary(other_user)
    with pytest.raises(ValidationError):
        BoundaryTest(owner=owner, boundary=theirs, date=DAY, response="held").full_clean()


def test_for_user_gives_only_that_users_rows(owner, other_user):
    mine = reflection(owner)
    reflection(other_user)
    assert list(Reflection.objects.for_user(owner)) == [mine]
    assert BoundaryTest.objects.for_user(None).count() == 0


def test_factories_make_rows_owned_by_the_given_user(owner):
    made = boundary_test(owner)
    assert made.owner == owner
    assert made.boundary.owner == owner
