"""Bringing a JSON export back in.

Import rules (documented for users on the data page):
- JSON only, at most `IMPORT_MAX_BYTES`, "format" and "version" must match.
- All or nothing: everything is validated first, then written in one transaction.
- Ids in the file are labels inside the file only: every row is created new and owned by
  the importing user; links between rows are remapped; shared guide rows are matched by
  slug. So a file can never reach another user's rows.
- Importing the same file twice does not duplicate: a row whose imported values (links
  remapped, timestamps left out) equal a row the user already has is matched to it
  instead of being created, counting duplicates so that two identical rows in a file stay
  two rows.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tracker.data import import_schema
from tracker.data.export import (
    FORMAT,
    KINDS,
    PROFILE_IMPORTED,
    REGISTRY,
    VERSION,
    Kind,
)

IMPORT_MAX_BYTES = 5 * 1024 * 1024


# --- Import -----------------------------------------------------------------------------


class ImportProblem(Exception):
    """The file cannot be imported; the message is shown to the user as it is."""


@dataclass
class ImportResult:
    created: dict[str, int]
    matched: dict[str, int]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def parse_upload(upload) -> dict:
    """The JSON document from an uploaded file, or ImportProblem with a plain reason."""
    if upload is None:
        raise ImportProblem("Choose a Steady export file (.json) to import.")
    if upload.size > IMPORT_MAX_BYTES:
        raise ImportProblem("That file is larger than 5 MB, the most Steady can import.")
    raw = upload.read(IMPORT_MAX_BYTES + 1)
    if len(raw) > IMPORT_MAX_BYTES:
        raise ImportProblem("That file is larger than 5 MB, the most Steady can import.")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: nesting deeper than any export has ("[" * 100000).
        raise ImportProblem(
            "That file is not a complete JSON export: it may be cut short or a different "
            "kind of file. Nothing was imported."
        ) from None
    return document


def check_header(document) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem("That file is not a Steady export. Nothing was imported.")
    if document.get("version") != VERSION:
        raise ImportProblem(
            f"That export uses format version {document.get('version')!r:.20}; this server "
            f"reads version {VERSION}. Nothing was imported."
        )
    if not isinstance(document.get("data"), dict) or not isinstance(
        document.get("profile", {}), dict
    ):
        raise ImportProblem("That export is missing its data section. Nothing was imported.")
    unknown = set(document["data"]) - set(KINDS)
    if unknown:
        raise ImportProblem(
            f"That export has sections this server does not know ({', '.join(sorted(unknown))})."
            " Nothing was imported."
        )


def _bad(kind: Kind, index: int, reason: str) -> ImportProblem:
    return ImportProblem(
        f"Row {index + 1} of “{kind.name}” could not be read: {reason}. Nothing was imported."
    )


def _build(kind: Kind, index: int, row, file_ids: dict[str, set]) -> models.Model:
    """An unsaved, validated model instance from one row (links still hold file ids)."""
    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
        raise _bad(kind, index, "each row needs a whole-number id")
    instance = kind.model()
    for name in kind.imported_fields():
        if name not in row and name not in kind.added_later:
            raise _bad(kind, index, f"“{name}” is missing")
        model_field = kind.model._meta.get_field(name)
        value = row.get(name, kind.added_later.get(name))
        if value is None and not model_field.null:
            value = "" if isinstance(model_field, models.CharField | models.TextField) else value
        try:
            value = None if value is None else model_field.to_python(value)
        except ValidationError as error:
            raise _bad(kind, index, f"“{name}”: {' '.join(error.messages)}") from None
        if isinstance(value, datetime) and timezone.is_naive(value):
            raise _bad(kind, index, f"“{name}” needs a time zone offset")
        setattr(instance, name, value)
    for name, target in kind.links.items():
        value = row.get(name)
        if value is None:
            if not kind.model._meta.get_field(name).null:
                raise _bad(kind, index, f"“{name}” is missing")
        elif value not in file_ids[target]:
            raise _bad(kind, index, f"“{name}” points to a row that is not in the file")
        setattr(instance, f"{name}_id", value)
    try:
        # Keys are checked above and set on writing; database constraints are checked by
        # the database inside the import's transaction.
        instance.full_clean(
            exclude=[name for name in (kind.owner, *kind.links, *kind.lookups) if name],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        raise _bad(kind, index, " ".join(error.messages)) from None
    return instance


def _hashable(value):
    """JSON values (a reflection's feelings) become text so rows can be compared in sets."""
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True)
    return value


def _signature(kind: Kind, instance: models.Model) -> tuple:
    """What makes two rows "the same" for de-duplication: imported values and links."""
    return tuple(
        [_hashable(getattr(instance, name)) for name in kind.imported_fields()]
        + [getattr(instance, f"{name}_id") for name in kind.links]
        + [getattr(instance, f"{name}_id") for name in kind.lookups]
    )


def import_document(*, user, document) -> ImportResult:
    """Validate the whole document, then write it in one transaction (or not at all)."""
    check_header(document)
    reason = import_schema.problem(document)
    if reason:
        raise ImportProblem(reason)
    data = document["data"]
    file_ids: dict[str, set] = {}
    built: dict[str, list[tuple[int, models.Model]]] = {}
    for kind in REGISTRY:
        rows = data.get(kind.name, [])
        if not isinstance(rows, list):
            raise ImportProblem(f"The “{kind.name}” section is not a list. Nothing was imported.")
        dict_rows = [row for row in rows if isinstance(row, dict)]
        file_ids[kind.name] = {row.get("id") for row in dict_rows}
        if len(file_ids[kind.name]) != len(dict_rows):
            raise ImportProblem(f"The “{kind.name}” section repeats an id. Nothing was imported.")
    for kind in REGISTRY:
        built[kind.name] = []
        lookups = {
            name: {
                getattr(row, natural): row.pk
                for row in model.objects.filter(
                    **{f"{natural}__in": [r.get(name) for r in data.get(kind.name, [])]}
                )
            }
            for name, (model, natural) in kind.lookups.items()
        }
        for index, row in enumerate(data.get(kind.name, [])):
            instance = _build(kind, index, row, file_ids)
            for name in kind.lookups:
                setattr(instance, f"{name}_id", lookups[name].get(row.get(name)))
            if kind.needs_lookup and not any(
                getattr(instance, f"{name}_id") for name in kind.lookups
            ):
                continue
            built[kind.name].append((row["id"], instance))
    profile = _build_profile(user, document.get("profile", {}))

    try:
        with transaction.atomic():
            if profile:
                for name, value in profile.items():
                    setattr(user, name, value)
                user.save(update_fields=list(profile))
            return _write(user, built)
    except IntegrityError:
        raise ImportProblem(
            "Some rows in that file do not fit together or clash with what is already in "
            "your account (two check-ins for the same day, say). Nothing was imported."
        ) from None


def _build_profile(user, profile: dict) -> dict:
    values = {}
    for name in PROFILE_IMPORTED:
        if name not in profile:
            continue
        model_field = user._meta.get_field(name)
        try:
            value = model_field.clean(profile[name], user)
        except ValidationError as error:
            raise ImportProblem(
                f"The profile's “{name}” could not be read: {' '.join(error.messages)}. "
                "Nothing was imported."
            ) from None
        values[name] = value
    return values


def _write(user, built: dict[str, list[tuple[int, models.Model]]]) -> ImportResult:
    id_map: dict[str, dict[int, int]] = defaultdict(dict)
    created: dict[str, int] = {}
    matched: dict[str, int] = {}
    for kind in REGISTRY:
        new_rows = []
        pending = []
        existing = kind.model._default_manager.filter(**{kind.owner_path: user}).order_by("pk")
        available: dict[tuple, list[int]] = defaultdict(list)
        by_parent = {}
        for row in existing:
            available[_signature(kind, row)].append(row.pk)
            if kind.one_per:
                by_parent[getattr(row, f"{kind.one_per}_id")] = row
        matched[kind.name] = 0
        for file_id, instance in built[kind.name]:
            if kind.owner:
                setattr(instance, f"{kind.owner}_id", user.pk)
            for name, target in kind.links.items():
                old = getattr(instance, f"{name}_id")
                setattr(instance, f"{name}_id", None if old is None else id_map[target][old])
            same = available.get(_signature(kind, instance))
            if same:
                id_map[kind.name][file_id] = same.pop(0)
                matched[kind.name] += 1
                continue
            current = (
                by_parent.get(getattr(instance, f"{kind.one_per}_id")) if kind.one_per else None
            )
            if current is not None:
                # A one-per row (settings, a promise's reminder): the file's values win.
                instance.pk = current.pk
                instance.save(update_fields=kind.imported_fields())
                id_map[kind.name][file_id] = current.pk
                matched[kind.name] += 1
                continue
            new_rows.append(instance)
            pending.append(file_id)
        saved = kind.model._default_manager.bulk_create(new_rows, batch_size=500)
        for file_id, instance in zip(pending, saved, strict=True):
            id_map[kind.name][file_id] = instance.pk
        created[kind.name] = len(saved)
    return ImportResult(created=created, matched=matched)
