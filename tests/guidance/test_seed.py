"""The seeded guide covers the whole brief, and loading it again keeps editors' changes."""

import re

import pytest
from django.apps import apps

from guidance.models import Part, Practice, SuggestedCommitment
from guidance.seed import load_guide

SEVEN_PRACTICES = [
    "Learn where it comes from",
    "Value the little things",
    "Remember they are trying",
    "Repeat, repeat, repeat",
    "Keep healthy boundaries",
    "Don't take it personally",
    "Encourage professional help",
]
FOUR_SIGNS = ["Withdrawing", "Lashing out", "Hard to engage", "Suspicion"]
THREE_SOURCES = ["Childhood and surroundings", "Romantic relationships", "Work"]


def _site_text(client) -> str:
    """Every published page of the guide, as a reader would fetch it, stripped of tags."""
    index = client.get("/guide/").content.decode()
    links = sorted(set(re.findall(r'href="(/guide/[a-z0-9-]+/)"', index)))
    pages = [client.get(link) for link in links]
    assert all(page.status_code == 200 for page in pages)
    html = index + "".join(page.content.decode() for page in pages)
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("’", "'")


@pytest.mark.parametrize("title", SEVEN_PRACTICES + FOUR_SIGNS + THREE_SOURCES)
def test_the_published_site_covers_each_practice_sign_and_source(client, title):
    assert title in _site_text(client)


def test_the_guide_covers_every_section_of_the_brief(client):
    text = _site_text(client)
    for phrase in [
        "Why trust matters",
        "What having trust issues means",
        "How trust issues develop",
        "What trust issues look like",
        "only your friend can overcome",
        "Cognitive behavioural therapy",
        "online",
        "local emergency number",
        "not a substitute for diagnosis",
        "The road ahead",
        "assuming others mean harm",
        "Never feeling safe",
        "low self-esteem",
    ]:
        assert phrase.lower() in text.lower(), phrase


def test_each_practice_has_two_to_five_suggestions():
    for practice in Practice.objects.all():
        assert 2 <= practice.suggestions.count() <= 5, practice.slug


def test_the_brief_examples_are_suggested():
    assert SuggestedCommitment.objects.filter(
        practice__slug="value-the-little-things",
        title="Arrive five minutes early to our next coffee",
        kind="promise",
    ).exists()
    weekly = SuggestedCommitment.objects.get(title="Tell them one thing I appreciate, every Sunday")
    assert (weekly.kind, weekly.schedule_type, weekly.weekdays) == ("routine", "weekdays", 64)


def test_every_routine_suggestion_has_a_complete_schedule():
    for suggestion in SuggestedCommitment.objects.all():
        suggestion.full_clean()


def test_loading_again_keeps_an_editors_changes():
    practice = Practice.objects.get(slug="value-the-little-things")
    practice.body = "An editor's own words."
    practice.save()
    suggestion = practice.suggestions.first()
    suggestion.delete()
    load_guide(apps)
    assert Practice.objects.get(pk=practice.pk).body == "An editor's own words."
    assert not SuggestedCommitment.objects.filter(pk=suggestion.pk).exists()
    assert Practice.objects.filter(slug="value-the-little-things").count() == 1


def test_the_seeded_text_is_kept_as_a_first_revision():
    part = Part.objects.get(slug="why-trust-matters")
    assert part.history.count() >= 1
