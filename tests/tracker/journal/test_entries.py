"""New, edit, show and delete for every kind of journal item (one set of views)."""

import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from guidance.models import Practice
from tests.tracker.factories import (
    boundary,
    boundary_test,
    make_person,
    member,
    note,
    practice,
    reflection,
)
from tracker.journal.models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
MAKERS = {
    "note": note,
    "reflection": reflection,
    "test": boundary_test,
    "boundary": boundary,
    "support": member,
}
MODELS = {
    "note": ListeningNote,
    "reflection": Reflection,
    "test": BoundaryTest,
    "boundary": Boundary,
    "support": SupportCircleMember,
}
# The main free-text field of each kind, used for the bad-input tests.
TEXT_FIELD = {
    "note": "text",
    "reflection": "what_happened",
    "test": "note",
    "boundary": "why",
    "support": "contact_note",
}


def valid_data(kind: str, owner) -> dict:
    if kind == "note":
        return {"date": "2026-03-10", "text": "Their dad often forgot them."}
    if kind == "reflection":
        return {
            "date": "2026-03-10",
            "what_happened": "They went quiet when I was late.",
            "first_reading": "They think I don't care.",
            "feelings": ["hurt"],
            "kinder_reading": "Lateness used to mean being forgotten.",
            "next_step": "Text when I leave work",
        }
    if kind == "test":
        return {"boundary": boundary(owner).pk, "date": "2026-03-10", "response": "held"}
    if kind == "boundary":
        return {"statement": "I keep my evenings free", "why": "I need rest", "active": "on"}
    return {"name": "Ana", "kind": "friend", "support_type": "person"}


def urls(kind: str, pk: int) -> dict[str, str]:
    return {
        "detail": reverse("tracker:journal-entry", args=[kind, pk]),
        "edit": reverse("tracker:journal-edit", args=[kind, pk]),
        "delete": reverse("tracker:journal-delete", args=[kind, pk]),
    }


KINDS = list(MAKERS)


# --- Who may do what --------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["detail", "edit", "delete"])
def test_anonymous_visitors_are_sent_to_sign_in(client, owner, kind, action):
    url = urls(kind, MAKERS[kind](owner).pk)[action]
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert MODELS[kind].objects.count() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_visitors_cannot_add(client, kind):
    url = reverse("tracker:journal-new", args=[kind])
    assert client.get(url).status_code == 302
    assert client.post(url, {"name": "x"}).status_code == 302
    assert MODELS[kind].objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["detail", "edit", "delete"])
def test_another_users_item_is_not_found(owner_client, other_user, kind, action):
    item = MAKERS[kind](other_user)
    url = urls(kind, item.pk)[action]
    assert owner_client.get(url).status_code == 404
    assert owner_client.get(url, headers=HTMX).status_code == 404
    if action != "detail":  # the detail page only answers GET (405 for anyone)
        assert owner_client.post(url, valid_data(kind, other_user)).status_code == 404
    item.refresh_from_db()  # still there, unchanged
    assert MODELS[kind].objects.filter(pk=item.pk).exists()


def test_an_unknown_kind_is_not_found(owner_client):
    assert owner_client.get("/journal/diary/new/").status_code == 404


# --- Adding -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_new_page_states_the_text_limit(owner_client, owner, kind):
    boundary(owner)  # a test is logged against one; without any the page explains that
    response = owner_client.get(reverse("tracker:journal-new", args=[kind]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Up to 10,000 characters." in content
    assert 'maxlength="10000"' in content
    assert "hx-post" not in content  # a plain form without JavaScript


@pytest.mark.parametrize("kind", KINDS)
def test_the_new_form_comes_inline_for_htmx(owner_client, owner, kind):
    boundary(owner)
    editor = {"note": "journal-editor", "reflection": "journal-editor", "test": "journal-editor"}
    target = editor.get(kind, f"{'boundary' if kind == 'boundary' else 'support'}-editor")
    response = owner_client.get(
        reverse("tracker:journal-new", args=[kind]), headers={**HTMX, "HX-Target": target}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert f'<div id="{target}"' in content
    assert f'hx-target="#{target}"' in content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("kind", KINDS)
def test_adding_without_javascript_saves_and_redirects(owner_client, owner, kind):
    data = valid_data(kind, owner)
    response = owner_client.post(reverse("tracker:journal-new", args=[kind]), data)
    item = MODELS[kind].objects.get()
    assert item.owner == owner
    assert response.status_code == 302
    if kind in ("note", "reflection", "test"):
        assert response.url == urls(kind, item.pk)["detail"]
    else:
        assert "#" in response.url


@pytest.mark.parametrize("kind", KINDS)
def test_adding_in_the_editor_with_htmx_confirms_and_refreshes_the_list(owner_client, owner, kind):
    response = owner_client.post(
        reverse("tracker:journal-new", args=[kind]),
        valid_data(kind, owner),
        headers={**HTMX, "HX-Target": "journal-editor"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert '<div id="journal-editor" class="journal-saved">' in content
    assert "journal-changed" in json.loads(response["HX-Trigger"])
    assert 'id="messages"' in content and "hx-swap-oob" in content  # the live region
    assert MODELS[kind].objects.filter(owner=owner).count() == 1


def test_a_new_test_form_preselects_the_boundary_from_the_link(owner_client, owner):
    mine = boundary(owner, statement="Mine")
    content = owner_client.get(
        reverse("tracker:journal-new", args=["test"]), {"boundary": mine.pk}
    ).content.decode()
    assert f'<option value="{mine.pk}" selected>Mine</option>' in content


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["note", "reflection", "boundary", "support"])
def test_an_empty_required_field_is_an_error_and_nothing_is_saved(owner_client, owner, kind):
    required = {"note": "text", "reflection": "what_happened", "boundary": "statement"}
    data = valid_data(kind, owner)
    data[required.get(kind, "name")] = ""
    response = owner_client.post(reverse("tracker:journal-new", args=[kind]), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert MODELS[kind].objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_text_over_the_limit_is_an_error_and_what_was_typed_is_kept(owner_client, owner, kind):
    data = valid_data(kind, owner)
    data[TEXT_FIELD[kind]] = "word " * 2001  # 10,005 characters
    response = owner_client.post(reverse("tracker:journal-new", args=[kind]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "at most 10000 characters" in content
    assert content.count("word word word") > 0
    assert 'aria-invalid="true"' in content
    assert MODELS[kind].objects.count() == 0


@pytest.mark.parametrize("kind", ["note", "reflection", "boundary"])
def test_another_users_person_is_refused(owner_client, owner, other_user, kind):
    data = {**valid_data(kind, owner), "person": make_person(other_user, "Their Sam").pk}
    response = owner_client.post(reverse("tracker:journal-new", args=[kind]), data)
    content = response.content.decode()
    assert "Select a valid choice" in content
    assert "Their Sam" not in content
    assert MODELS[kind].objects.count() == 0


def test_another_users_boundary_is_refused(owner_client, owner, other_user):
    boundary(owner)
    theirs = boundary(other_user, statement="Their boundary")
    data = {"boundary": theirs.pk, "date": "2026-03-10", "response": "held"}
    response = owner_client.post(reverse("tracker:journal-new", args=["test"]), data)
    assert "Select a valid choice" in response.content.decode()
    assert BoundaryTest.objects.count() == 0


def test_editing_cannot_move_a_test_to_another_users_boundary(owner_client, owner, other_user):
    mine = boundary_test(owner)
    theirs = boundary(other_user)
    data = {"boundary": theirs.pk, "date": "2026-03-10", "response": "bent"}
    owner_client.post(urls("test", mine.pk)["edit"], data)
    mine.refresh_from_db()
    assert mine.boundary.owner == owner
    assert mine.response == "held"


def test_an_unknown_feeling_is_refused(owner_client, owner):
    data = {**valid_data("reflection", owner), "feelings": ["furious"]}
    response = owner_client.post(reverse("tracker:journal-new", args=["reflection"]), data)
    assert "Select a valid choice" in response.content.decode()
    assert Reflection.objects.count() == 0


def test_an_invalid_htmx_post_reshows_the_inline_form(owner_client, owner):
    response = owner_client.post(
        reverse("tracker:journal-new", args=["note"]),
        {"date": "2026-03-10", "text": ""},
        headers={**HTMX, "HX-Target": "journal-editor"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert '<div id="journal-editor"' in content
    assert "This field is required." in content
    assert "<html" not in content


@pytest.mark.parametrize("kind", KINDS)
def test_html_in_text_is_shown_escaped(owner_client, owner, kind):
    data = valid_data(kind, owner)
    data[TEXT_FIELD[kind]] = "<script>alert('x')</script><b>bold</b>"
    owner_client.post(reverse("tracker:journal-new", args=[kind]), data)
    item = MODELS[kind].objects.get()
    content = owner_client.get(urls(kind, item.pk)["detail"]).content.decode()
    assert "<script>alert" not in content
    assert "<b>bold</b>" not in content
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content


def test_a_region_name_from_the_request_is_checked_before_it_is_echoed(owner_client):
    response = owner_client.get(
        reverse("tracker:journal-new", args=["note"]),
        headers={**HTMX, "HX-Target": '"><script>x</script>'},
    )
    content = response.content.decode()
    assert "<script>x" not in content
    assert '<div id="note-form"' in content


# --- Editing ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_edit_page_shows_the_saved_values(owner_client, owner, kind):
    item = MAKERS[kind](owner)
    response = owner_client.get(urls(kind, item.pk)["edit"])
    assert response.status_code == 200
    assert response.context["form"].instance == item


def test_date_fields_hold_iso_dates_so_browsers_can_show_them(owner_client, owner):
    item = note(owner)
    content = owner_client.get(urls("note", item.pk)["edit"]).content.decode()
    assert 'type="date" name="date" value="2026-03-10"' in content


def test_editing_without_javascript_saves_and_redirects(owner_client, owner):
    item = note(owner, text="Before")
    response = owner_client.post(
        urls("note", item.pk)["edit"], {"date": "2026-03-09", "text": "After"}
    )
    item.refresh_from_db()
    assert item.text == "After"
    assert response.url == urls("note", item.pk)["detail"]


def test_editing_in_place_with_htmx_returns_the_card(owner_client, owner):
    item = note(owner, text="Before")
    region = f"entry-note-{item.pk}"
    form = owner_client.get(urls("note", item.pk)["edit"], headers={**HTMX, "HX-Target": region})
    assert f'<div id="{region}"' in form.content.decode()
    response = owner_client.post(
        urls("note", item.pk)["edit"],
        {"date": "2026-03-09", "text": "After"},
        headers={**HTMX, "HX-Target": region},
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article id="{region}"')
    assert "After" in content
    assert response["HX-Retarget"] == f"#{region}"
    assert response["HX-Reswap"] == "outerHTML"


def test_cancelling_an_inline_edit_puts_the_card_back(owner_client, owner):
    item = note(owner, text="Kept")
    response = owner_client.get(urls("note", item.pk)["detail"], headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith(f'<article id="entry-note-{item.pk}"')
    assert "<html" not in content


# --- Deleting ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_delete_asks_first_on_its_own_page(owner_client, owner, kind):
    item = MAKERS[kind](owner)
    response = owner_client.get(urls(kind, item.pk)["delete"])
    assert response.status_code == 200
    assert "This cannot be undone." in response.content.decode()
    assert MODELS[kind].objects.filter(pk=item.pk).exists()


def test_delete_asks_inline_with_htmx(owner_client, owner):
    item = note(owner)
    region = f"entry-note-{item.pk}"
    response = owner_client.get(
        urls("note", item.pk)["delete"], headers={**HTMX, "HX-Target": region}
    )
    content = response.content.decode()
    assert content.lstrip().startswith(f'<div id="{region}" class="journal-confirm"')
    assert f'hx-post="{urls("note", item.pk)["delete"]}"' in content


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_without_javascript_redirects_to_the_list(owner_client, owner, kind):
    item = MAKERS[kind](owner)
    response = owner_client.post(urls(kind, item.pk)["delete"])
    assert response.status_code == 302
    assert not MODELS[kind].objects.filter(pk=item.pk).exists()


def test_deleting_with_htmx_empties_the_region_and_refreshes_lists(owner_client, owner):
    item = note(owner)
    response = owner_client.post(urls("note", item.pk)["delete"], headers=HTMX)
    assert response.status_code == 200
    assert "journal-changed" in json.loads(response["HX-Trigger"])
    assert "Deleted a listening note." in response.content.decode()  # live region, OOB
    assert not ListeningNote.objects.exists()


def test_deleting_a_boundary_says_its_tests_go_too(owner_client, owner):
    test = boundary_test(owner)
    content = owner_client.get(urls("boundary", test.boundary_id)["delete"]).content.decode()
    assert "with the 1 time it was tested" in content
    owner_client.post(urls("boundary", test.boundary_id)["delete"])
    assert not BoundaryTest.objects.exists()


# --- Reflections: prompts, promise link, support ----------------------------------------


def test_the_reflection_form_shows_the_two_practices_as_prompts(owner_client):
    practice("remember-they-are-trying", "Remember they are trying", "Trust is rebuilt slowly.")
    practice("dont-take-it-personally", "Don't take it personally", "It is often not about you.")
    content = owner_client.get(reverse("tracker:journal-new", args=["reflection"])).content
    content = content.decode()
    assert "Trust is rebuilt slowly." in content
    assert "It is often not about you." in content


def test_the_reflection_prompts_have_words_even_before_the_guide_is_published(owner_client):
    Practice.objects.filter(
        slug__in=["remember-they-are-trying", "dont-take-it-personally"]
    ).update(status="draft")
    content = owner_client.get(reverse("tracker:journal-new", args=["reflection"])).content
    assert b"Remember they are trying" in content
    assert b"Don&#x27;t take it personally" in content


def test_the_next_step_turns_into_a_prefilled_promise_link(owner_client, owner):
    little = practice("value-the-little-things")
    sam = make_person(owner)
    item = reflection(owner, next_step="Text when I leave & arrive", person=sam)
    response = owner_client.get(urls("reflection", item.pk)["detail"])
    link = response.context["card"].promise_url
    parsed = urlparse(link)
    assert parsed.path == reverse("tracker:commitment-new")
    assert parse_qs(parsed.query) == {
        "kind": ["promise"],
        "title": ["Text when I leave & arrive"],
        "practice": [str(little.pk)],
        "person": [str(sam.pk)],
    }
    assert "Turn the next step into a promise" in response.content.decode()


def test_a_reflection_without_a_next_step_offers_no_promise(owner_client, owner):
    item = reflection(owner, next_step="")
    assert (
        owner_client.get(urls("reflection", item.pk)["detail"]).context["card"].promise_url is None
    )


def test_feeling_overwhelmed_shows_the_support_circle_after_saving(owner_client, owner):
    member(owner, name="Dr Ada")
    data = {**valid_data("reflection", owner), "feelings": ["overwhelmed", "sad"]}
    response = owner_client.post(
        reverse("tracker:journal-new", args=["reflection"]), data, follow=True
    )
    content = response.content.decode()
    assert "You are not the only support." in content
    assert "Dr Ada" in content
    assert reverse("guidance:professional-help") in content
    assert "You don&#x27;t have to carry it alone" in content


def test_feeling_overwhelmed_shows_the_support_circle_inline_with_htmx(owner_client, owner):
    member(owner, name="Dr Ada")
    data = {**valid_data("reflection", owner), "feelings": ["overwhelmed"]}
    response = owner_client.post(
        reverse("tracker:journal-new", args=["reflection"]),
        data,
        headers={**HTMX, "HX-Target": "journal-editor"},
    )
    content = response.content.decode()
    assert "Dr Ada" in content
    assert reverse("guidance:professional-help") in content


def test_other_feelings_do_not_bring_up_the_support_circle(owner_client, owner):
    member(owner, name="Dr Ada")
    response = owner_client.post(
        reverse("tracker:journal-new", args=["reflection"]),
        valid_data("reflection", owner),
        follow=True,
    )
    assert "Dr Ada" not in response.content.decode()


def test_an_empty_support_circle_invites_adding_one(owner_client, owner):
    item = reflection(owner, feelings=["overwhelmed"])
    content = owner_client.get(urls("reflection", item.pk)["detail"]).content.decode()
    assert "Your support circle is empty." in content


@pytest.mark.parametrize("kind", ["test", "support"])
def test_radio_choices_offer_no_blank_option(owner_client, owner, kind):
    boundary(owner)
    content = owner_client.get(reverse("tracker:journal-new", args=[kind])).content.decode()
    assert "Select an option" not in content
    assert 'type="radio"' in content


def test_a_missing_response_is_still_an_error(owner_client, owner):
    data = {**valid_data("test", owner), "response": ""}
    response = owner_client.post(reverse("tracker:journal-new", args=["test"]), data)
    assert "This field is required." in response.content.decode()
    assert not BoundaryTest.objects.exists()
