import pytest
from django.contrib.auth.models import Group

from guidance.models import Practice
from guidance.seed import EDITOR_GROUP


def _practice_form(practice, **changes) -> dict:
    data = {
        "title": practice.title,
        "slug": practice.slug,
        "summary": practice.summary,
        "body": practice.body,
        "order": practice.order,
        "status": practice.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "suggestions-TOTAL_FORMS": "0",
        "suggestions-INITIAL_FORMS": "0",
        "suggestions-MIN_NUM_FORMS": "0",
        "suggestions-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_an_admin_edits_a_practice_and_the_site_shows_it_on_the_next_request(
    admin_client, client, practice
):
    response = admin_client.post(
        f"/admin/guidance/practice/{practice.pk}/change/",
        _practice_form(practice, body="Fresh words from **the editor**."),
    )
    assert response.status_code == 302
    html = admin_client.get("/guide/value-the-little-things/").content.decode()
    assert "Fresh words from <strong>the editor</strong>." in html


def test_the_practice_list_shows_status_order_and_dates(admin_client):
    html = admin_client.get("/admin/guidance/practice/").content.decode()
    assert "Value the little things" in html
    for column in ("column-status", "column-order", "column-publish_at", "column-updated_at"):
        assert column in html
    assert 'name="form-0-order"' in html


def test_the_part_list_can_be_searched_and_filtered(admin_client):
    response = admin_client.get(
        "/admin/guidance/part/", {"q": "childhood", "status__exact": "published"}
    )
    html = response.content.decode()
    assert "Childhood and surroundings" in html
    assert "Romantic relationships" not in html


def test_the_change_form_has_suggestions_inline_and_a_preview_link(admin_client, practice):
    html = admin_client.get(f"/admin/guidance/practice/{practice.pk}/change/").content.decode()
    assert "Arrive five minutes early to our next coffee" in html
    assert f'href="/guide/preview/practice/{practice.pk}/"' in html


def test_a_slug_taken_by_a_part_is_refused(admin_client, practice):
    response = admin_client.post(
        f"/admin/guidance/practice/{practice.pk}/change/",
        _practice_form(practice, slug="why-trust-matters"),
    )
    assert response.status_code == 200
    assert "already uses this address" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).slug == "value-the-little-things"


def test_a_revision_records_who_and_can_be_restored(admin_client, admin_user, practice):
    original = practice.body
    admin_client.post(
        f"/admin/guidance/practice/{practice.pk}/change/",
        _practice_form(practice, body="A rewrite that did not work out."),
    )
    latest = practice.history.first()
    assert latest.history_user == admin_user
    first = practice.history.last()
    history = admin_client.get(f"/admin/guidance/practice/{practice.pk}/history/")
    assert history.status_code == 200
    assert "A rewrite that did not work out." in history.content.decode()  # the change shown
    restore_url = f"/admin/guidance/practice/{practice.pk}/history/{first.history_id}/"
    assert admin_client.get(restore_url).status_code == 200
    response = admin_client.post(restore_url, _practice_form(first.instance))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.body == original.strip()
    assert "Big change starts small" in practice.body_html


def test_the_content_editors_group_has_exactly_the_guide_permissions():
    group = Group.objects.get(name=EDITOR_GROUP)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"guidance"}
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "change_practice" in codenames
    assert "view_historicalpractice" in codenames
    assert not any("readingprogress" in codename for codename in codenames)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/guidance/part/",
        "/admin/guidance/practice/",
        "/admin/guidance/practice/add/",
    ],
)
def test_a_content_editor_can_reach_the_guide_admin(editor_client, url):
    assert editor_client.get(url).status_code == 200


def test_a_content_editor_can_edit_a_practice(editor_client, practice):
    response = editor_client.post(
        f"/admin/guidance/practice/{practice.pk}/change/", _practice_form(practice, title="Edited")
    )
    assert response.status_code == 302
    assert Practice.objects.get(pk=practice.pk).title == "Edited"


@pytest.mark.parametrize(
    "url",
    ["/admin/auth/group/", "/admin/auth/group/add/"],
)
def test_a_content_editor_cannot_change_permissions(editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tracker/user/",
        "/admin/tracker/commitment/",
        "/admin/tracker/checkin/",
        "/admin/tracker/person/",
    ],
)
def test_a_content_editor_cannot_see_users_or_tracker_data(editor_client, editor, url):
    # 403 once the tracker registers its models for superusers; 404 while it has none.
    assert editor_client.get(url).status_code in {403, 404}
    assert not editor.has_module_perms("tracker")


def test_the_admin_index_shows_an_editor_only_the_guide(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "/admin/guidance/" in html
    assert "/admin/tracker/" not in html
    assert "/admin/auth/" not in html
