import json
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import reauthenticate
from tests.tracker.factories import history, promise, routine
from tracker.data import export, imports
from tracker.models import (
    CheckIn,
    Commitment,
    CommitmentPause,
    CommitmentReminder,
    DataSettings,
    Person,
)

URL = reverse("data-import")


def upload(content: bytes | str, name="steady.json"):
    if isinstance(content, str):
        content = content.encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def send(client, document):
    body = document if isinstance(document, bytes | str) else json.dumps(document)
    return client.post(URL, {"file": upload(body)})


def counts(user) -> dict:
    return {
        kind.name: kind.model.objects.filter(**{kind.owner_path: user}).count()
        for kind in export.REGISTRY
    }


def comparable(document: dict) -> dict:
    """The document without ids, timestamps and the export time; links become positions."""
    data = document["data"]
    positions = {
        name: {row["id"]: index for index, row in enumerate(rows)} for name, rows in data.items()
    }
    out = {"profile": {k: v for k, v in document["profile"].items() if k != "date_joined"}}
    for kind in export.REGISTRY:
        timestamps = set(kind.fields) - set(kind.imported_fields())
        out[kind.name] = [
            {
                **{k: v for k, v in row.items() if k != "id" and k not in timestamps},
                **{
                    link: None if row[link] is None else positions[target][row[link]]
                    for link, target in kind.links.items()
                },
            }
            for row in data[kind.name]
        ]
    return out


def rich_account(user):
    made = history(user, commitments=6, days=20)
    CommitmentReminder.objects.create(commitment=made[0], enabled=True, minutes_before=15)
    CheckIn.objects.create(
        commitment=made[2],
        occurrence_date=made[2].due_at.date(),
        due_at=made[2].due_at,
        state="rescheduled",
        rescheduled_to=made[4].due_at,
    )
    row = DataSettings.objects.for_user(user)
    row.digest_enabled = True
    row.digest_time = time(6, 45)
    row.save()
    user.time_zone = "Europe/Berlin"
    user.week_start = 6
    user.save()
    _journal_and_reading(user)
    return made


def _journal_and_reading(user):
    """Journal entries of every kind and two "read" marks on the seeded guide."""
    from guidance.models import Part, Practice, ReadingProgress
    from tracker.journal.models import (
        Boundary,
        BoundaryTest,
        ListeningNote,
        Reflection,
        SupportCircleMember,
    )
    from tracker.models import Person

    sam = Person.objects.for_user(user).first()
    ListeningNote.objects.create(
        owner=user, date=date(2024, 2, 1), person=sam, text="Their dad often left."
    )
    Reflection.objects.create(
        owner=user,
        date=date(2024, 2, 2),
        person=sam,
        what_happened="They went quiet.",
        first_reading="They are angry with me.",
        feelings=["hurt", "overwhelmed"],
        kinder_reading="They are scared.",
        next_step="Ask gently tomorrow.",
    )
    boundary = Boundary.objects.create(owner=user, statement="No shouting", why="It scares me")
    BoundaryTest.objects.create(
        owner=user, boundary=boundary, date=date(2024, 2, 3), response="held", note="Calm."
    )
    SupportCircleMember.objects.create(
        owner=user, name="Dr Ada", kind="friend", support_type="professional"
    )
    ReadingProgress.objects.create(user=user, practice=Practice.objects.order_by("pk").first())
    ReadingProgress.objects.create(user=user, part=Part.objects.order_by("pk").first())


def test_export_delete_sign_up_again_import_gives_the_same_document(client, make_user, password):
    first = make_user("round@example.com", display_name="Rae")
    rich_account(first)
    client.force_login(first)
    reauthenticate(client, password)
    before = json.loads(
        client.post(reverse("data-export"), {"password": password, "format": "json"}).content
    )
    client.post(reverse("data-delete"), {"password": password, "confirm": "delete"})
    assert not Commitment.objects.exists()

    again = make_user("round@example.com")
    client.force_login(again)
    reauthenticate(client, password)
    response = send(client, before)
    assert response.status_code == 302
    after = json.loads(
        client.post(reverse("data-export"), {"password": password, "format": "json"}).content
    )
    assert comparable(after) == comparable(before)
    for name in ("listening_notes", "reflections", "boundaries", "boundary_tests"):
        assert len(after["data"][name]) == 1, name
    assert after["data"]["reflections"][0]["feelings"] == ["hurt", "overwhelmed"]
    assert after["data"]["boundary_tests"][0]["boundary"] == after["data"]["boundaries"][0]["id"]
    assert len(after["data"]["support_circle"]) == 1
    assert len(after["data"]["reading_progress"]) == 2


def test_importing_the_same_file_twice_does_not_duplicate(owner_client, owner, other_user):
    rich_account(other_user)
    document = export.build_document(other_user)
    send(owner_client, document)
    once = counts(owner)
    assert once["checkins"] == 3 * 20 + 1
    response = send(owner_client, document)
    assert response.status_code == 302
    assert counts(owner) == once


def test_two_identical_rows_in_a_file_stay_two_rows(owner_client, owner, other_user):
    Person.objects.create(owner=other_user, name="Sam")
    Person.objects.create(owner=other_user, name="Sam")
    document = export.build_document(other_user)
    send(owner_client, document)
    send(owner_client, document)
    assert Person.objects.filter(owner=owner).count() == 2


def test_ids_in_the_file_never_touch_another_users_rows(owner_client, owner, other_user):
    theirs = promise(other_user, title="Theirs")
    their_person = Person.objects.create(owner=other_user, name="Their friend")
    document = export.build_document(owner)
    document["data"]["people"] = [
        {
            "id": their_person.pk,
            "name": "Mine now?",
            "relationship": "friend",
            "note": "",
            "created_at": None,
        }
    ]
    document["data"]["commitments"] = [
        row | {"id": theirs.pk, "title": "Hijack", "person": their_person.pk}
        for row in export.build_document(other_user)["data"]["commitments"]
    ]
    document["data"]["checkins"] = [
        {
            "id": 1,
            "commitment": theirs.pk,
            "occurrence_date": "2030-01-01",
            "due_at": "2030-01-01T09:00:00+00:00",
            "state": "kept",
            "note": "",
            "rescheduled_to": None,
            "rescheduled_to_date": None,
        }
    ]
    other_before = counts(other_user)
    response = send(owner_client, document)
    assert response.status_code == 302
    theirs.refresh_from_db()
    their_person.refresh_from_db()
    assert theirs.title == "Theirs" and theirs.owner == other_user
    assert their_person.name == "Their friend"
    assert counts(other_user) == other_before
    mine = Commitment.objects.get(owner=owner)
    assert mine.title == "Hijack" and mine.pk != theirs.pk
    assert mine.person.owner == owner
    assert CheckIn.objects.get(commitment__owner=owner).commitment == mine


def test_a_link_to_a_row_outside_the_file_is_refused(owner_client, owner, other_user):
    theirs = promise(other_user)
    document = export.build_document(owner)
    document["data"]["checkins"] = [
        {
            "id": 1,
            "commitment": theirs.pk,
            "occurrence_date": "2030-01-01",
            "due_at": None,
            "state": "kept",
            "note": "",
            "rescheduled_to": None,
            "rescheduled_to_date": None,
        }
    ]
    response = send(owner_client, document)
    assert response.status_code == 400
    assert "points to a row that is not in the file" in response.content.decode()
    assert counts(owner)["checkins"] == 0


def a_valid_document(user) -> dict:
    rich_account(user)
    return export.build_document(user)


def wrong_version(doc):
    return doc | {"version": 2}


def not_steady(doc):
    return doc | {"format": "something-else"}


def bad_state(doc):
    doc["data"]["checkins"][-1]["state"] = "perfect"
    return doc


def bad_date(doc):
    doc["data"]["checkins"][-1]["occurrence_date"] = "yesterday-ish"
    return doc


def naive_time(doc):
    doc["data"]["commitments"][0]["due_at"] = "2030-01-01T09:00:00"
    return doc


def missing_field(doc):
    del doc["data"]["commitments"][-1]["title"]
    return doc


def unknown_section(doc):
    doc["data"]["secrets"] = []
    return doc


def repeated_id(doc):
    doc["data"]["people"].append(dict(doc["data"]["people"][0]))
    return doc


def clashing_checkins(doc):
    doc["data"]["checkins"].append(dict(doc["data"]["checkins"][0], id=999_999))
    return doc


def promise_without_time(doc):
    doc["data"]["commitments"][0]["due_at"] = None
    return doc


def bad_zone(doc):
    doc["profile"]["time_zone"] = "Mars/Olympus"
    return doc


def list_for_id(doc):
    doc["data"]["people"][0]["id"] = [1, 2]
    return doc


def object_for_row(doc):
    doc["data"]["commitments"][0] = {"id": {"$gt": 1}}
    return doc


def rows_as_object(doc):
    doc["data"]["checkins"] = {"1": doc["data"]["checkins"][0]}
    return doc


def number_for_date(doc):
    doc["data"]["commitments"][-1]["start_date"] = 20260314
    return doc


def far_future_instant(doc):
    doc["data"]["commitments"][0]["due_at"] = "9999-12-31T23:59:59-12:00"
    return doc


def ancient_date(doc):
    doc["data"]["checkins"][0]["occurrence_date"] = "0001-01-01"
    return doc


def nul_in_text(doc):
    doc["data"]["people"][0]["note"] = "Likes\x00 mornings"
    return doc


def nul_in_lookup(doc):
    doc["data"]["commitments"][0]["practice"] = "keep\x00"
    return doc


def huge_number(doc):
    doc["data"]["commitments"][0]["tolerance_minutes"] = 10**30
    return doc


def long_note(doc):
    doc["data"]["checkins"][0]["note"] = "x" * 10_001
    return doc


def long_journal_note(doc):
    doc["data"]["listening_notes"][0]["text"] = "x" * 10_001
    return doc


def nested_feelings(doc):
    nested = []
    for _ in range(500):
        nested = [nested]
    doc["data"]["reflections"][0]["feelings"] = nested
    return doc


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (list_for_id, "Row 1 of “people”, “id”: should be a whole number, not a list"),
        (object_for_row, "Row 1 of “commitments”"),
        (rows_as_object, "The “checkins” section: should be a list, not an object"),
        (number_for_date, "“start_date”: should be text (a date like 2026-03-14), not a whole"),
        (far_future_instant, "between 1 January 1900 and 31 December 2200"),
        (ancient_date, "between 1 January 1900 and 31 December 2200"),
        (nul_in_text, "“note”: holds a NUL character"),
        (nul_in_lookup, "“practice”: holds a NUL character"),
        (huge_number, "out of range"),
        (long_note, "at most 2000 characters"),
        (long_journal_note, "at most 10000 characters"),
        (nested_feelings, "“feelings”"),
        (wrong_version, "format version 2"),
        (not_steady, "not a Steady export"),
        (bad_state, "Row"),
        (bad_date, "occurrence_date"),
        (naive_time, "needs a time zone offset"),
        (missing_field, "“title” is missing"),
        (unknown_section, "secrets"),
        (repeated_id, "repeats an id"),
        (clashing_checkins, "clash"),
        (promise_without_time, "do not fit together"),
        (bad_zone, "time zone"),
    ],
)
def test_a_bad_file_writes_nothing(spoil, says, owner_client, owner, other_user):
    document = spoil(a_valid_document(other_user))
    owner_name = owner.display_name
    response = send(owner_client, document)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert "Nothing was imported" in response.content.decode()
    assert counts(owner) == {kind.name: 0 for kind in export.REGISTRY} | {
        "settings": counts(owner)["settings"]
    }
    owner.refresh_from_db()
    assert owner.display_name == owner_name and owner.time_zone == "UTC"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "The submitted file is empty"),
        ('{"format": "steady-export", "version": 1, "da', "cut short"),
        (b"\xff\xfe\x00garbage", "not a complete JSON export"),
        ("[1, 2, 3]", "not a Steady export"),
        ("[" * 100_000, "not a complete JSON export"),
        ('{"format": "steady-export", "version": [[[[[[[[1]]]]]]]], "data": {}}', "version"),
    ],
)
def test_a_malformed_or_truncated_file_writes_nothing(content, says, owner_client, owner):
    response = owner_client.post(URL, {"file": upload(content)})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Commitment.objects.count() == 0


def test_a_truncated_real_export_writes_nothing(owner_client, owner, other_user):
    whole = export.document_to_json(a_valid_document(other_user))
    response = owner_client.post(URL, {"file": upload(whole[: len(whole) // 2])})
    assert response.status_code == 400
    assert Commitment.objects.filter(owner=owner).count() == 0


def test_a_file_over_five_megabytes_is_refused(owner_client, owner, monkeypatch):
    big = b" " * (imports.IMPORT_MAX_BYTES + 1)
    response = owner_client.post(URL, {"file": upload(big)})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


def test_no_file_at_all_is_a_clear_message(owner_client):
    response = owner_client.post(URL, {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_practice_unknown_on_this_server_is_left_empty(owner_client, owner, other_user):
    routine(other_user)
    document = export.build_document(other_user)
    document["data"]["commitments"][0]["practice"] = "no-such-practice"
    assert send(owner_client, document).status_code == 302
    assert Commitment.objects.get(owner=owner).practice is None


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.post(URL, {"file": upload("{}")})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(URL).status_code == 405


def test_a_pause_keeps_its_commitment(owner_client, owner, other_user):
    history(other_user, commitments=2, days=1)
    send(owner_client, export.build_document(other_user))
    pause = CommitmentPause.objects.get(commitment__owner=owner)
    assert pause.commitment.title == "Routine 1"
