"""Repair after a miss or a late arrival: offered once after recording it (with and
without JavaScript), written on its own page, editable, listed in the journal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode

from tests.tracker.factories import (
    make_checkin,
    make_person,
    make_repair,
    make_routine,
    make_share,
)
from tracker.commitments.schedule import Occurrence
from tracker.models import CheckIn, Commitment, Repair

HX = {"HX-Request": "true"}


@pytest.fixture
def today(owner):
    return owner.local_today()


@pytest.fixture
def sam(owner):
    return make_person(owner, "Sam")


@pytest.fixture
def walk(owner, today, sam):
    return make_routine(
        owner,
        start_date=today - timedelta(days=20),
        title="Walk with Sam",
        person=sam,
        shared=True,
    )


def record(client, commitment, day, state, **extra):
    return client.post(
        f"/track/{commitment.pk}/check-in/",
        {"occurrence_date": day.isoformat(), "state": state, "next": "/today/"},
        **extra,
    )


def repair_url(checkin):
    return reverse("tracker:repair", args=[checkin.pk])


def recorded_at(commitment, day) -> str:
    """Where a plain recording POST lands: Today, naming the row it recorded."""
    return f"/today/?recorded={Occurrence(commitment.pk, day).key}"


# --- The offer --------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["missed", "late"])
def test_recording_a_miss_without_javascript_leads_to_the_repair_page(
    owner_client, walk, today, state
):
    response = record(owner_client, walk, today, state)
    checkin = CheckIn.objects.get()
    assert response.status_code == 302
    # "Not now" goes where the recording would have: Today, showing what was recorded.
    back = f"/today/?recorded={Occurrence(walk.pk, today).key}"
    assert response["Location"] == repair_url(checkin) + "?" + urlencode({"next": back})
    page = owner_client.get(response["Location"]).content.decode()
    assert "Turning it into a repair" in page
    assert f'href="{escape(back)}">Not now</a>' in page


def test_recording_kept_offers_nothing(owner_client, walk, today):
    assert record(owner_client, walk, today, "kept")["Location"] == recorded_at(walk, today)


def test_the_offer_comes_once(owner_client, walk, today):
    record(owner_client, walk, today, "missed")
    # Recording the same again (a double tap, a replayed form) does not offer it again.
    assert record(owner_client, walk, today, "missed")["Location"] == recorded_at(walk, today)


def test_no_offer_once_a_repair_is_written(owner_client, walk, today):
    checkin = make_checkin(walk, today, "kept")
    make_repair(checkin)
    assert record(owner_client, walk, today, "late")["Location"] == recorded_at(walk, today)


def test_with_htmx_the_row_comes_with_a_dismissable_offer_after_it(owner_client, walk, today):
    response = record(owner_client, walk, today, "missed", headers=HX)
    checkin = CheckIn.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    key = f"occ-{walk.pk}-{today.isoformat()}"
    assert f'<li class="occurrence occurrence-missed" id="{key}"' in html
    assert f'hx-swap-oob="afterend:#{key}"' in html
    assert f'href="{repair_url(checkin)}?next=%2Ftoday%2F"' in html
    assert f'data-dismiss="repair-offer-{checkin.pk}"' in html


def test_with_htmx_kept_has_no_offer(owner_client, walk, today):
    html = record(owner_client, walk, today, "kept", headers=HX).content.decode()
    assert "repair-offer" not in html


# --- The repair page --------------------------------------------------------------------


def test_the_page_starts_from_a_plain_acknowledgement(owner_client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    html = owner_client.get(repair_url(checkin)).content.decode()
    assert "I didn’t do “Walk with Sam” (Today) as I said I would." in html


def test_another_user_gets_not_found(other_client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    assert other_client.get(repair_url(checkin)).status_code == 404
    response = other_client.post(repair_url(checkin), {"acknowledgement": "x", "next_step": "none"})
    assert response.status_code == 404
    assert not Repair.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    for response in (client.get(repair_url(checkin)), client.post(repair_url(checkin))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_kept_checkin_has_no_repair_page(owner_client, walk, today):
    assert owner_client.get(repair_url(make_checkin(walk, today, "kept"))).status_code == 404
    assert owner_client.get(reverse("tracker:repair", args=[999999])).status_code == 404


def test_offering_a_new_time_creates_a_prefilled_promise(owner_client, owner, walk, today, sam):
    checkin = make_checkin(walk, today, "missed")
    tomorrow = today + timedelta(days=1)
    response = owner_client.post(
        repair_url(checkin) + "?next=/today/",
        {
            "acknowledgement": "I didn't come.",
            "next_step": "new_time",
            "promise_date": tomorrow.isoformat(),
            "promise_time": "18:30",
            "note_for_them": "Sorry. Tomorrow at half six?",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    repair = Repair.objects.get()
    offered = repair.follow_up
    assert (offered.kind, offered.title, offered.person, offered.shared) == (
        "promise",
        "Walk with Sam",
        sam,
        True,
    )
    local = offered.due_at.astimezone(owner.zone)
    assert (local.date(), local.strftime("%H:%M")) == (tomorrow, "18:30")
    assert repair.note_for_them == "Sorry. Tomorrow at half six?"


def test_a_smaller_promise_needs_its_words_and_a_time_ahead(owner_client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    response = owner_client.post(
        repair_url(checkin),
        {
            "acknowledgement": "I didn't come.",
            "next_step": "smaller",
            "promise_date": (today - timedelta(days=1)).isoformat(),
            "promise_time": "09:00",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what the smaller promise is." in html
    assert "Choose a time that is still ahead, with notice." in html
    assert not Repair.objects.exists()
    assert Commitment.objects.count() == 1

    later = timezone.localdate(timezone.now() + timedelta(days=2))
    owner_client.post(
        repair_url(checkin),
        {
            "acknowledgement": "I didn't come.",
            "next_step": "smaller",
            "promise_title": "Text Sam good morning",
            "promise_date": later.isoformat(),
            "promise_time": "09:00",
        },
    )
    assert Repair.objects.get().follow_up.title == "Text Sam good morning"


def test_an_acknowledgement_is_needed(owner_client, walk, today):
    checkin = make_checkin(walk, today, "late")
    response = owner_client.post(repair_url(checkin), {"acknowledgement": "", "next_step": "none"})
    assert response.status_code == 400
    assert "Say in a few words what happened." in response.content.decode()
    assert not Repair.objects.exists()


def test_a_repair_is_editable_and_its_promise_is_not_made_twice(owner_client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    data = {
        "acknowledgement": "I didn't come.",
        "next_step": "new_time",
        "promise_date": (today + timedelta(days=2)).isoformat(),
        "promise_time": "10:00",
    }
    owner_client.post(repair_url(checkin), data)
    html = owner_client.get(repair_url(checkin)).content.decode()
    assert "Your repair" in html and "You offered:" in html
    owner_client.post(repair_url(checkin), {**data, "acknowledgement": "I forgot, plainly."})
    assert Repair.objects.get().acknowledgement == "I forgot, plainly."
    assert Commitment.objects.filter(kind="promise").count() == 1


def test_the_note_for_them_shows_on_the_shared_page(owner_client, client, walk, sam, today):
    checkin = make_checkin(walk, today - timedelta(days=1), "missed")
    share = make_share(sam)
    owner_client.post(
        repair_url(checkin),
        {"acknowledgement": "PRIVATE-ACK", "next_step": "none", "note_for_them": "I'm sorry."},
    )
    client.logout()
    html = client.get(f"/p/{share.token}/").content.decode()
    assert "I&#x27;m sorry." in html
    assert "PRIVATE-ACK" not in html


# --- The journal and progress ----------------------------------------------------------


def test_the_journal_lists_repairs(owner_client, walk, today):
    make_repair(make_checkin(walk, today, "missed"), note_for_them="See you Friday")
    response = owner_client.get(reverse("tracker:journal-repairs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Walk with Sam" in html and "See you Friday" in html
    assert 'aria-current="page">Repairs' in html


def test_the_journal_lists_only_your_own_repairs(other_client, walk, today):
    make_repair(make_checkin(walk, today, "missed"))
    assert (
        "Walk with Sam" not in other_client.get(reverse("tracker:journal-repairs")).content.decode()
    )


def test_the_journal_list_needs_sign_in(client):
    response = client.get(reverse("tracker:journal-repairs"))
    assert response.status_code == 302


def test_progress_counts_repairs_after_misses_warmly(owner_client, walk, today):
    for back in range(1, 6):
        checkin = make_checkin(walk, today - timedelta(days=back), "missed")
        if back < 5:
            make_repair(checkin)
    html = owner_client.get(reverse("tracker:progress")).content.decode()
    assert "You offered a repair after 4 of 5 misses in the last three months." in html


def test_progress_says_nothing_about_repairs_without_misses(owner_client, walk, today):
    make_checkin(walk, today, "kept")
    assert (
        "Repairs after a miss" not in owner_client.get(reverse("tracker:progress")).content.decode()
    )


# --- The note for them on the check-in page ---------------------------------------------


def test_the_check_in_page_has_a_separate_note_for_them(owner_client, walk, today):
    page = owner_client.get(f"/track/{walk.pk}/check-in/?date={today.isoformat()}")
    assert "Note for them (optional)" in page.content.decode()
    owner_client.post(
        f"/track/{walk.pk}/check-in/",
        {
            "occurrence_date": today.isoformat(),
            "state": "kept",
            "note": "private",
            "shared_note": "Thank you for waiting.",
        },
    )
    checkin = CheckIn.objects.get()
    assert (checkin.note, checkin.shared_note) == ("private", "Thank you for waiting.")
    # Today's one-tap buttons send no notes: both stay as written.
    record(owner_client, walk, today, "late")
    checkin.refresh_from_db()
    assert (checkin.note, checkin.shared_note) == ("private", "Thank you for waiting.")


def test_after_not_now_the_check_in_page_still_offers_the_repair(owner_client, walk, today):
    checkin = make_checkin(walk, today, "missed")
    page = f"/track/{walk.pk}/check-in/?date={today.isoformat()}"
    html = owner_client.get(page).content.decode()
    assert f'href="{repair_url(checkin)}?next=' in html and "Write a repair" in html
    make_repair(checkin)
    assert "Edit your repair" in owner_client.get(page).content.decode()
    checkin.state = "kept"
    checkin.save()
    assert "repair" not in owner_client.get(page).content.decode().split("</main>")[0].lower()
