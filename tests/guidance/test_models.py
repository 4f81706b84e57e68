from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from guidance.models import Part, Practice, ReadingProgress, Status, published_guide


def test_published_hides_drafts(make_part):
    draft = make_part(status=Status.DRAFT)
    assert draft not in Part.objects.published()


def test_published_hides_items_scheduled_for_later_without_any_job(make_part):
    later = make_part(publish_at=timezone.now() + timedelta(hours=1))
    assert later not in Part.objects.published()
    assert later in Part.objects.published(now=timezone.now() + timedelta(hours=2))


def test_published_shows_items_whose_time_has_come(make_part):
    earlier = make_part(publish_at=timezone.now() - timedelta(minutes=1))
    assert earlier in Part.objects.published()


def test_published_guide_reads_section_by_section():
    guide = published_guide()
    slugs = [item.slug for item in guide]
    assert slugs[0] == "why-trust-matters"
    assert slugs.index("how-to-help") < slugs.index("learn-where-it-comes-from")
    assert slugs.index("encourage-professional-help") < slugs.index("professional-help")
    assert slugs[-1] == "closing"


def test_a_slug_cannot_be_shared_between_a_part_and_a_practice(make_part, practice):
    part = Part(title="Clash", slug=practice.slug, section="understanding")
    with pytest.raises(ValidationError) as error:
        part.full_clean()
    assert "slug" in error.value.message_dict


def test_a_slug_cannot_take_the_search_address():
    practice = Practice(title="Search", slug="search")
    with pytest.raises(ValidationError):
        practice.full_clean()


def test_an_item_may_keep_its_own_slug(practice):
    practice.full_clean()


def test_reading_progress_is_unique_per_user_and_page(owner, practice):
    ReadingProgress.objects.create(user=owner, practice=practice)
    with pytest.raises(IntegrityError):
        ReadingProgress.objects.create(user=owner, practice=practice)


def test_reading_progress_points_at_exactly_one_page(owner, practice):
    part = Part.objects.first()
    with pytest.raises(IntegrityError):
        ReadingProgress.objects.create(user=owner, practice=practice, part=part)


def test_reading_progress_for_anonymous_is_empty(owner, practice):
    from django.contrib.auth.models import AnonymousUser

    ReadingProgress.objects.create(user=owner, practice=practice)
    assert not ReadingProgress.objects.for_user(AnonymousUser()).exists()
