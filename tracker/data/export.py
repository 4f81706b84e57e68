"""Taking a user's data out: JSON and a ZIP of CSVs. Importing is `tracker.data.imports`.

Everything hangs off `REGISTRY`: one `Kind` per model a user owns. Adding a model to the
export (and so to the import) is one entry; `tests/tracker/data/test_export.py` fails when a
model with a foreign key to the user is neither in the registry nor in `NOT_EXPORTED`.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

from guidance.models import Part, Practice, ReadingProgress
from tracker.journal.models import (
    Boundary,
    BoundaryTest,
    ListeningNote,
    Reflection,
    SupportCircleMember,
)
from tracker.models import (
    ActionTokenUse,
    CheckIn,
    Commitment,
    CommitmentPause,
    CommitmentReminder,
    DataSettings,
    NotificationSettings,
    OfflineReceipt,
    Person,
    PersonShare,
    PushSubscription,
    ReminderLog,
    Repair,
)

FORMAT = "steady-export"
VERSION = 1

PROFILE_FIELDS = ("email", "display_name", "time_zone", "week_start", "date_joined")
# The login email and join date are the account's own; an import never changes them.
PROFILE_IMPORTED = ("display_name", "time_zone", "week_start")


@dataclass(frozen=True)
class Kind:
    """One kind of row in the export.

    name:   the key in the JSON document and the CSV file's name.
    fields: the model's value fields to export. Timestamps set by Django (auto_now,
            auto_now_add) are exported but not imported: the import gets new ones.
    owner:  the model's foreign key to the user, if it has one; rows are created with
            the importing user here.
    links:  foreign keys to rows of other kinds in the same export ({field: kind name}),
            exported as the other row's id and remapped on import. A kind without
            `owner` must link to a parent that has one.
    lookups: foreign keys to shared rows (the guide), exported by a natural field
            ({field: (model, natural field)}) and left empty on import if not found.
    one_per: the field of a OneToOne (to the user or to a parent); an import updates that
            row instead of creating a second one.
    needs_lookup: rows are only worth importing when one of their lookups is found (a
            "read" mark for a guide page this server does not have is dropped).
    added_later: fields added after files of this version were first written, with the
            value a file without them gets ({field: value}), so older exports still import.
    """

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    owner: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, tuple[type[models.Model], str]] = field(default_factory=dict)
    one_per: str | None = None
    needs_lookup: bool = False
    added_later: dict[str, object] = field(default_factory=dict)

    @property
    def owner_path(self) -> str:
        """The ORM path from this model to its owning user."""
        if self.owner:
            return self.owner
        link, parent = next(iter(self.links.items()))
        return f"{link}__{KINDS[parent].owner_path}"

    def imported_fields(self) -> list[str]:
        return [
            name
            for name in self.fields
            if not getattr(self.model._meta.get_field(name), "auto_now", False)
            and not getattr(self.model._meta.get_field(name), "auto_now_add", False)
        ]

    def columns(self) -> list[str]:
        return ["id", *self.fields, *self.links, *self.lookups]


# Parents come before their children: the import creates rows in this order.
REGISTRY: list[Kind] = [
    Kind(
        "settings",
        DataSettings,
        ("digest_enabled", "digest_time", "reminders_enabled"),
        owner="user",
        one_per="user",
    ),
    Kind(
        "notification_settings",
        NotificationSettings,
        ("promise_channel", "digest_channel", "show_titles", "quiet_start", "quiet_end"),
        owner="user",
        one_per="user",
    ),
    Kind("people", Person, ("name", "relationship", "note", "created_at"), owner="owner"),
    Kind(
        "commitments",
        Commitment,
        (
            "kind",
            "title",
            "status",
            "note",
            "due_at",
            "tolerance_minutes",
            "place",
            "schedule_type",
            "weekdays",
            "times_per_week",
            "interval_days",
            "time_of_day",
            "start_date",
            "shared",
            "created_at",
            "updated_at",
        ),
        owner="owner",
        links={"person": "people"},
        lookups={"practice": (Practice, "slug")},
        added_later={"shared": False},
    ),
    Kind(
        "pauses",
        CommitmentPause,
        ("starts_on", "ends_on"),
        links={"commitment": "commitments"},
    ),
    Kind(
        "checkins",
        CheckIn,
        (
            "occurrence_date",
            "due_at",
            "state",
            "note",
            "shared_note",
            "rescheduled_to",
            "rescheduled_to_date",
            "recorded_at",
            "updated_at",
        ),
        links={"commitment": "commitments"},
        added_later={"shared_note": ""},
    ),
    # After check-ins and commitments: a repair links to both (the promise it offered).
    Kind(
        "repairs",
        Repair,
        ("acknowledgement", "next_step", "note_for_them", "created_at", "updated_at"),
        links={"checkin": "checkins", "follow_up": "commitments"},
        one_per="checkin",
    ),
    # Never the link's token: an imported share is a closed one, opened again by choice.
    Kind(
        "shares",
        PersonShare,
        ("shown_name", "expires_at", "created_at", "updated_at"),
        links={"person": "people"},
        one_per="person",
    ),
    Kind(
        "reminders",
        CommitmentReminder,
        ("enabled", "minutes_before"),
        links={"commitment": "commitments"},
        one_per="commitment",
    ),
    Kind(
        "listening_notes",
        ListeningNote,
        ("date", "text", "created_at", "updated_at"),
        owner="owner",
        links={"person": "people"},
    ),
    Kind(
        "reflections",
        Reflection,
        (
            "date",
            "what_happened",
            "first_reading",
            "feelings",
            "feelings_note",
            "kinder_reading",
            "next_step",
            "created_at",
            "updated_at",
        ),
        owner="owner",
        links={"person": "people"},
    ),
    Kind(
        "boundaries",
        Boundary,
        ("statement", "why", "active", "created_at", "updated_at"),
        owner="owner",
        links={"person": "people"},
    ),
    Kind(
        "boundary_tests",
        BoundaryTest,
        ("date", "response", "note", "created_at", "updated_at"),
        owner="owner",
        links={"boundary": "boundaries"},
    ),
    Kind(
        "support_circle",
        SupportCircleMember,
        ("name", "kind", "support_type", "contact_note", "created_at", "updated_at"),
        owner="owner",
    ),
    Kind(
        "reading_progress",
        ReadingProgress,
        ("read_at",),
        owner="user",
        lookups={"part": (Part, "slug"), "practice": (Practice, "slug")},
        needs_lookup=True,
    ),
]
KINDS = {kind.name: kind for kind in REGISTRY}

# Models with a key to the user that are deliberately left out, and why.
NOT_EXPORTED: dict[type[models.Model], str] = {
    ReminderLog: "a delivery log of emails already sent; it means nothing on another server",
    PushSubscription: "a browser's push address and keys, tied to this server's key: "
    "they work nowhere else, and a device subscribes again in a second",
    OfflineReceipt: "receipts that make a replayed offline check-in count once; the "
    "check-ins themselves are exported",
    ActionTokenUse: "spent one-tap tokens from notifications; meaningless elsewhere",
}


# --- Export -----------------------------------------------------------------------------


def _plain(value):
    """A JSON-friendly form of a field value."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _rows(kind: Kind, user) -> list[dict]:
    """The user's rows of one kind as plain dicts, in one query."""
    link_columns = [f"{name}_id" for name in kind.links]
    lookup_columns = [f"{name}__{natural}" for name, (_, natural) in kind.lookups.items()]
    queryset = kind.model._default_manager.filter(**{kind.owner_path: user}).order_by("pk")
    rows = []
    for values in queryset.values("pk", *kind.fields, *link_columns, *lookup_columns):
        row = {"id": values["pk"]}
        row.update({name: _plain(values[name]) for name in kind.fields})
        row.update({name: values[f"{name}_id"] for name in kind.links})
        row.update(
            {name: values[f"{name}__{natural}"] for name, (_, natural) in kind.lookups.items()}
        )
        rows.append(row)
    return rows


def build_document(user) -> dict:
    """Everything the user owns, as the versioned export document."""
    DataSettings.objects.for_user(user)  # Defaults count as the user's settings too.
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {name: _plain(getattr(user, name)) for name in PROFILE_FIELDS},
        "data": {kind.name: _rows(kind, user) for kind in REGISTRY},
    }


def document_to_json(document: dict) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def document_to_zip(document: dict) -> bytes:
    """A ZIP with one CSV per kind (headers on the first line), plus profile.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profile.csv", _csv(list(PROFILE_FIELDS), [document["profile"]]))
        for kind in REGISTRY:
            archive.writestr(f"{kind.name}.csv", _csv(kind.columns(), document["data"][kind.name]))
    return buffer.getvalue()


# A cell starting with one of these is run as a formula by spreadsheets (OWASP's "CSV
# injection"): `=HYPERLINK(…)` in a title could send the sheet's data anywhere.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """Spreadsheet-friendly text: empty for None, lists (feelings) joined by "; ", and
    text that a spreadsheet would run as a formula prefixed with ' so it shows as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in columns])
    return out.getvalue()
