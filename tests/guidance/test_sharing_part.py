"""The guide's part on sharing your record: seeded by migration 0004 without touching
editors' work."""

import importlib

import pytest
from django.apps import apps

from guidance.models import Part

SLUG = "sharing-what-you-promised"
migration = importlib.import_module("guidance.migrations.0004_sharing_part")

pytestmark = pytest.mark.django_db


def test_the_part_is_published_right_after_value_the_little_things(client):
    html = client.get(f"/guide/{SLUG}/").content.decode()
    assert "When sharing your record helps" in html
    for point in ("Ask them first", "asks for nothing back", "keeping score"):
        assert point in html
    assert 'href="/guide/value-the-little-things/" rel="prev"' in html


def test_the_migration_adds_the_part_when_it_is_missing():
    Part.objects.filter(slug=SLUG).delete()
    migration.forwards(apps, None)
    part = Part.objects.get(slug=SLUG)
    assert part.status == "published" and "Ask them first" in part.body_html


def test_the_migration_keeps_an_editors_changes_and_deleted_parts():
    part = Part.objects.get(slug=SLUG)
    part.body = "An editor's own words."
    part.save()
    Part.objects.filter(slug="trust-at-work").delete()
    migration.forwards(apps, None)
    assert Part.objects.get(slug=SLUG).body == "An editor's own words."
    assert Part.objects.filter(slug=SLUG).count() == 1
    # A part an editor removed stays removed: this migration only adds its own part.
    assert not Part.objects.filter(slug="trust-at-work").exists()
