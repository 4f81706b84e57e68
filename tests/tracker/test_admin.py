import pytest
from django.contrib import admin

from tracker.models import CheckIn, Commitment, CommitmentPause, Person


@pytest.fixture
def superuser(make_user):
    return make_user("root@example.com", is_staff=True, is_superuser=True)


def test_superusers_manage_accounts_by_email(client, superuser, owner):
    client.force_login(superuser)
    response = client.get("/admin/tracker/user/")
    assert response.status_code == 200
    assert "owner@example.com" in response.content.decode()
    assert client.get(f"/admin/tracker/user/{owner.pk}/change/").status_code == 200
    assert client.get("/admin/tracker/user/add/").status_code == 200


def test_a_superuser_can_add_an_account(client, superuser, password):
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/user/add/",
        {
            "email": "added@example.com",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(email="added@example.com").exists()


def test_editors_cannot_see_accounts(client, editor):
    client.force_login(editor)
    assert client.get("/admin/tracker/user/").status_code == 403


@pytest.mark.parametrize("model", [Person, Commitment, CommitmentPause, CheckIn])
def test_private_tracker_data_is_not_in_the_admin(model):
    assert not admin.site.is_registered(model)
