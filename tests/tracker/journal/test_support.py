import pytest
from django.urls import reverse

from tests.tracker.factories import member
from tracker.journal.models import SupportCircleMember

pytestmark = pytest.mark.django_db

URL = reverse("tracker:journal-support")
HTMX = {"HX-Request": "true"}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_it_lists_the_circle_for_my_friend_and_for_me(owner_client, owner, other_user):
    member(owner, name="Their therapist", kind="friend")
    member(owner, name="My running club", kind="me", support_type="group")
    member(other_user, name="Not mine")
    response = owner_client.get(URL)
    content = response.content.decode()
    assert content.index("For my friend") < content.index("Their therapist")
    assert content.index("For me") < content.index("My running club")
    assert "Not mine" not in content
    assert reverse("guidance:professional-help") in content
    assert response.context["nav"] == "journal"


def test_an_htmx_refresh_gets_only_the_list(owner_client, owner):
    member(owner, name="Ana")
    response = owner_client.get(URL, headers={**HTMX, "HX-Target": "support-list"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="support-list"')
    assert "Ana" in content


def test_adding_someone_without_javascript_returns_to_the_circle(owner_client, owner):
    response = owner_client.post(
        reverse("tracker:journal-new", args=["support"]),
        {"name": "Ana", "kind": "friend", "support_type": "person", "contact_note": "Tue evenings"},
    )
    added = SupportCircleMember.objects.get()
    assert response.url == f"{URL}#member-{added.pk}"
    assert added.owner == owner


def test_an_unknown_type_is_refused(owner_client):
    response = owner_client.post(
        reverse("tracker:journal-new", args=["support"]),
        {"name": "Ana", "kind": "neighbour", "support_type": "person"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not SupportCircleMember.objects.exists()


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_costs_the_same_queries_at_any_size(
    owner_client, owner, count, django_assert_num_queries
):
    for n in range(count):
        member(owner, name=f"M{n}", kind=["me", "friend"][n % 2])
    # user (the session comes from the session cache), practices, members
    with django_assert_num_queries(3):
        owner_client.get(URL)
