from guidance.models import ReadingProgress, Status
from tests.guidance.conftest import HX

URL = "/guide/value-the-little-things/read/"


def test_marking_a_page_read_redirects_back_to_it(owner_client, owner, practice):
    response = owner_client.post(URL, {"read": "true"})
    assert response.status_code == 302
    assert response.url == "/guide/value-the-little-things/"
    assert ReadingProgress.objects.filter(user=owner, practice=practice).exists()


def test_marking_it_read_twice_keeps_one_row(owner_client, owner):
    owner_client.post(URL, {"read": "true"})
    owner_client.post(URL, {"read": "true"})
    assert ReadingProgress.objects.filter(user=owner).count() == 1


def test_marking_it_not_read_undoes_it(owner_client, owner, practice):
    ReadingProgress.objects.create(user=owner, practice=practice)
    owner_client.post(URL, {"read": "false"})
    assert not ReadingProgress.objects.filter(user=owner).exists()


def test_the_page_shows_the_toggle_and_its_state(owner_client, owner, practice):
    html = owner_client.get("/guide/value-the-little-things/").content.decode()
    assert "Mark as read" in html
    ReadingProgress.objects.create(user=owner, practice=practice)
    html = owner_client.get("/guide/value-the-little-things/").content.decode()
    assert "Mark as not read" in html


def test_the_htmx_answer_is_the_toggle_alone_with_an_announcement(owner_client):
    response = owner_client.post(URL, {"read": "true"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<form id="reading-toggle"')
    assert "Mark as not read" in html
    assert "data-autofocus" in html
    assert 'id="messages"' in html and "Marked “Value the little things” as read." in html
    assert "HX-Request" in response["Vary"]


def test_reading_progress_is_per_user(owner_client, other_user, practice):
    owner_client.post(URL, {"read": "true"})
    assert not ReadingProgress.objects.filter(user=other_user).exists()
    owner_client.force_login(other_user)
    html = owner_client.get("/guide/value-the-little-things/").content.decode()
    assert "Mark as read" in html and "Mark as not read" not in html


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = client.post(URL, {"read": "true"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not ReadingProgress.objects.exists()


def test_anonymous_readers_see_no_toggle(client):
    assert "Mark as read" not in client.get("/guide/value-the-little-things/").content.decode()


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(URL).status_code == 405


def test_a_draft_cannot_be_marked_read(owner_client, make_practice):
    make_practice(slug="draft-two", status=Status.DRAFT)
    assert owner_client.post("/guide/draft-two/read/", {"read": "true"}).status_code == 404
    assert not ReadingProgress.objects.exists()
