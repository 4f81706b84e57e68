import pytest
from django.apps import apps

from guidance.models import Part, Practice, Status, SuggestedCommitment
from guidance.seed import create_editor_group, load_guide


@pytest.fixture(autouse=True)
def seeded_guide(db):
    """The guide and the editors group, as the data migration leaves them.

    Browser tests flush the database after they run, which empties the migration's rows
    for whichever tests come next; loading again only adds what is missing.
    """
    load_guide(apps)
    create_editor_group(apps)


@pytest.fixture
def admin_user(make_user):
    return make_user("admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def practice():
    return Practice.objects.get(slug="value-the-little-things")


@pytest.fixture
def make_practice():
    counter = {"n": 0}

    def make(**fields) -> Practice:
        counter["n"] += 1
        defaults = {
            "title": f"Extra practice {counter['n']}",
            "slug": f"extra-practice-{counter['n']}",
            "summary": "An extra practice.",
            "body": "Some *words* here.",
            "order": 900 + counter["n"],
            "status": Status.PUBLISHED,
        }
        practice = Practice.objects.create(**{**defaults, **fields})
        SuggestedCommitment.objects.create(practice=practice, title="Do a thing", kind="promise")
        return practice

    return make


@pytest.fixture
def make_part():
    counter = {"n": 0}

    def make(**fields) -> Part:
        counter["n"] += 1
        defaults = {
            "title": f"Extra part {counter['n']}",
            "slug": f"extra-part-{counter['n']}",
            "summary": "An extra part.",
            "body": "Some words here.",
            "section": "understanding",
            "order": 900 + counter["n"],
            "status": Status.PUBLISHED,
        }
        return Part.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def grow_guide(make_part, make_practice):
    """Multiply the guide's published content roughly tenfold."""

    def grow(factor: int = 10) -> None:
        parts, practices = Part.objects.count(), Practice.objects.count()
        for _ in range(parts * (factor - 1)):
            make_part()
        for _ in range(practices * (factor - 1)):
            make_practice()

    return grow


HX = {"HX-Request": "true"}
