"""The helper's side of sharing: the person page, the link's settings, revoking it,
choosing what it shows, and the preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tracker.factories import make_checkin, make_person, make_routine, make_share
from tracker.models import Commitment, PersonShare


@pytest.fixture
def sam(owner):
    return make_person(owner, "Sam", note="Private: likes mornings")


def page(pk):
    return reverse("tracker:person", args=[pk])


HELPER_VIEWS = [
    ("get", "tracker:person", {}),
    ("get", "tracker:share-preview", {}),
    ("post", "tracker:share-save", {"shown_name": "Olive"}),
    ("post", "tracker:share-revoke", {}),
    ("post", "tracker:share-choose", {}),
]


@pytest.mark.parametrize(("method", "name", "data"), HELPER_VIEWS)
def test_another_user_gets_not_found(other_client, sam, method, name, data):
    response = getattr(other_client, method)(reverse(name, args=[sam.pk]), data)
    assert response.status_code == 404
    assert not PersonShare.objects.exists()


@pytest.mark.parametrize(("method", "name", "data"), HELPER_VIEWS)
def test_anonymous_users_are_sent_to_sign_in(client, sam, method, name, data):
    response = getattr(client, method)(reverse(name, args=[sam.pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_person_page_says_no_link_yet_and_asks_to_ask_first(owner_client, sam):
    response = owner_client.get(page(sam.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "No link yet" in html
    assert "Ask them first." in html
    assert "Private: likes mornings" in html  # the helper's own page shows their note
    assert 'value="Olive"' in html  # the display name is offered as the shown name


def test_making_a_link_opens_the_page_for_the_person(owner_client, client, sam):
    response = owner_client.post(
        reverse("tracker:share-save", args=[sam.pk]), {"shown_name": "Liv", "expires_in": ""}
    )
    assert response.status_code == 302
    share = PersonShare.objects.get(person=sam)
    assert share.is_live() and share.expires_at is None
    html = owner_client.get(page(sam.pk)).content.decode()
    assert "The link is open." in html
    assert f"/p/{share.token}/" in html
    client.logout()
    assert "What Liv promised you" in client.get(f"/p/{share.token}/").content.decode()


def test_a_link_can_expire(owner_client, sam):
    owner_client.post(
        reverse("tracker:share-save", args=[sam.pk]), {"shown_name": "Liv", "expires_in": "7"}
    )
    share = PersonShare.objects.get(person=sam)
    assert timedelta(days=6) < share.expires_at - timezone.now() <= timedelta(days=7)
    assert "It stops working on" in owner_client.get(page(sam.pk)).content.decode()


def test_an_expired_link_shows_as_run_out_and_making_it_again_gives_a_new_address(
    owner_client, sam, client
):
    share = make_share(sam, expires_at=timezone.now() - timedelta(minutes=1))
    old = share.token
    assert "ran out" in owner_client.get(page(sam.pk)).content.decode()
    owner_client.post(reverse("tracker:share-save", args=[sam.pk]), {"shown_name": "Olive"})
    share.refresh_from_db()
    assert share.is_live() and share.token != old


def test_a_bad_form_changes_nothing(owner_client, sam):
    share = make_share(sam, shown_name="Olive")
    response = owner_client.post(
        reverse("tracker:share-save", args=[sam.pk]), {"shown_name": "", "expires_in": "999"}
    )
    assert response.status_code == 400
    assert "Give the name they know you by." in response.content.decode()
    share.refresh_from_db()
    assert share.shown_name == "Olive" and share.expires_at is None


def test_saving_settings_keeps_the_address_and_a_new_address_replaces_it(owner_client, sam):
    share = make_share(sam)
    old = share.token
    save = reverse("tracker:share-save", args=[sam.pk])
    owner_client.post(save, {"shown_name": "O."})
    share.refresh_from_db()
    assert share.token == old and share.shown_name == "O."
    owner_client.post(save, {"shown_name": "O.", "new_link": "1"})
    share.refresh_from_db()
    assert share.token != old
    assert owner_client.get(f"/p/{old}/").status_code == 404


def test_stopping_sharing_closes_the_link_at_once(owner_client, client, sam):
    share = make_share(sam)
    response = owner_client.post(reverse("tracker:share-revoke", args=[sam.pk]))
    assert response.status_code == 302
    assert client.get(f"/p/{share.token}/").status_code == 404
    html = owner_client.get(page(sam.pk)).content.decode()
    assert "Sharing is stopped" in html
    assert share.token not in html


def test_choosing_what_is_shared(owner_client, owner, sam, client):
    start = owner.local_today() - timedelta(days=2)
    walk = make_routine(owner, start_date=start, title="Walk", person=sam)
    call = make_routine(owner, start_date=start, title="Call", person=sam, shared=True)
    html = owner_client.get(page(sam.pk)).content.decode()
    assert "Sharing is off for each commitment until you turn it on." in html
    response = owner_client.post(
        reverse("tracker:share-choose", args=[sam.pk]), {"shared": [walk.pk]}
    )
    assert response.status_code == 302
    walk.refresh_from_db()
    call.refresh_from_db()
    assert walk.shared and not call.shared


def test_another_persons_or_users_commitment_cannot_be_shared_here(
    owner_client, owner, other_user, sam
):
    alex = make_person(owner, "Alex")
    theirs = make_routine(owner, start_date=owner.local_today(), title="Alex's", person=alex)
    foreign = make_routine(other_user, start_date=owner.local_today(), title="Other's")
    for pk in (theirs.pk, foreign.pk, "nonsense"):
        response = owner_client.post(
            reverse("tracker:share-choose", args=[sam.pk]), {"shared": [pk]}
        )
        assert response.status_code == 400
    assert not Commitment.objects.filter(shared=True).exists()


def test_the_preview_is_exactly_what_the_person_sees(owner_client, client, owner, sam):
    walk = make_routine(
        owner, start_date=owner.local_today() - timedelta(days=5), person=sam, shared=True
    )
    make_checkin(walk, owner.local_today() - timedelta(days=1), "kept", shared_note="Thanks!")
    share = make_share(sam)
    preview = owner_client.get(reverse("tracker:share-preview", args=[sam.pk])).content.decode()
    client.logout()
    theirs = client.get(f"/p/{share.token}/").content.decode()

    def record(html: str) -> str:
        return html.split('<div class="shared-record">')[1].split("</div>\n\n")[0]

    assert record(preview) == record(theirs)
    assert "Thanks!" in record(theirs)
    assert "A preview, exactly as Sam sees it." in preview


def test_the_preview_works_before_any_link_exists(owner_client, sam):
    response = owner_client.get(reverse("tracker:share-preview", args=[sam.pk]))
    assert response.status_code == 200
    assert "What Olive promised you" in response.content.decode()
    assert not PersonShare.objects.exists()


def test_the_people_list_links_to_each_person_page(owner_client, sam):
    assert f'href="{page(sam.pk)}"' in owner_client.get(reverse("tracker:people")).content.decode()


def test_saving_the_name_keeps_when_a_live_link_ends(owner_client, sam):
    ends = timezone.now() + timedelta(days=20)
    share = make_share(sam, expires_at=ends)
    html = owner_client.get(page(sam.pk)).content.decode()
    assert "As it is: until" in html
    owner_client.post(
        reverse("tracker:share-save", args=[sam.pk]), {"shown_name": "O.", "expires_in": "keep"}
    )
    share.refresh_from_db()
    assert share.expires_at == ends and share.shown_name == "O."
