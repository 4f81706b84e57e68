from datetime import timedelta

import pytest
from django.utils import timezone

from guidance.models import Status


@pytest.fixture
def draft(make_practice):
    return make_practice(slug="draft-practice", title="Draft practice", status=Status.DRAFT)


def test_staff_preview_shows_a_draft_as_the_site_will(admin_client, draft):
    response = admin_client.get(f"/guide/preview/practice/{draft.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Draft practice</h1>" in html
    assert "This is a draft" in html
    assert "Do a thing" in html


def test_staff_preview_shows_a_scheduled_part(admin_client, make_part):
    later = make_part(title="Coming soon", publish_at=timezone.now() + timedelta(days=2))
    html = admin_client.get(f"/guide/preview/part/{later.pk}/").content.decode()
    assert "Coming soon" in html
    assert "Scheduled" in html


def test_a_content_editor_can_preview(editor_client, draft):
    assert editor_client.get(f"/guide/preview/practice/{draft.pk}/").status_code == 200


def test_a_signed_in_non_staff_reader_cannot_preview(owner_client, draft):
    response = owner_client.get(f"/guide/preview/practice/{draft.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_staff_without_guide_permissions_get_403(client, make_user, draft):
    client.force_login(make_user(is_staff=True))
    assert client.get(f"/guide/preview/practice/{draft.pk}/").status_code == 403


def test_anonymous_visitors_cannot_preview(client, draft):
    assert client.get(f"/guide/preview/practice/{draft.pk}/").status_code == 302


def test_an_unknown_kind_is_not_found(admin_client, draft):
    assert admin_client.get(f"/guide/preview/user/{draft.pk}/").status_code == 404
