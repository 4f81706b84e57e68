"""The shape an export file must have, checked (with jsonschema) before the database is
touched, and a plain sentence for whatever does not fit.

The schema is built from the export's `REGISTRY` and the models' fields, so it cannot
drift from what the export writes: each section is a list of objects with a whole-number
`id` and every imported field, of the JSON type that field's values take. Text never holds
a NUL character (PostgreSQL cannot store one). Values are then read and validated by the
models themselves (dates in range, lengths, choices) in `imports._build`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import models

from tracker.data.export import FORMAT, PROFILE_IMPORTED, REGISTRY

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# Whole numbers fit every integer column on SQLite and PostgreSQL alike.
INT_RANGE = {"minimum": -(2**31), "maximum": 2**31 - 1}
TEXT = {"type": "string", "pattern": "^[^\\x00]*$"}
NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "empty (null)",
}
WHAT_TEXT_HOLDS = {
    models.DateField: "text (a date like 2026-03-14)",
    models.DateTimeField: "text (a date and time like 2026-03-14T15:00:00+00:00)",
    models.TimeField: "text (a time like 15:00:00)",
}


def _field_schema(field: models.Field) -> dict:
    """The JSON values one model field's export can hold."""
    if isinstance(field, models.BooleanField):
        schema: dict = {"type": "boolean"}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer", **INT_RANGE}
        positive = models.PositiveIntegerField, models.PositiveSmallIntegerField
        if isinstance(field, positive):
            schema["minimum"] = 0
    elif isinstance(field, models.JSONField):
        # The one JSON field (a reflection's feelings) is a list of names.
        schema = {"type": "array", "items": TEXT}
    else:
        schema = dict(TEXT)
    # A missing text is exported as null; the import reads it as empty.
    schema["type"] = [schema["type"], "null"]
    return schema


def _row_schema(kind) -> dict:
    properties = {"id": {"type": "integer", **INT_RANGE}}
    for name in kind.imported_fields():
        properties[name] = _field_schema(kind.model._meta.get_field(name))
    for name in kind.links:
        properties[name] = {"type": ["integer", "null"], **INT_RANGE}
    for name in kind.lookups:
        properties[name] = {"type": ["string", "null"], "pattern": TEXT["pattern"]}
    # Fields added after files of this format were first written may be missing: the
    # import fills in their defaults (`Kind.added_later`).
    required = ["id", *(n for n in kind.imported_fields() if n not in kind.added_later)]
    return {"type": "object", "properties": properties, "required": required}


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    # jsonschema (with referencing and rpds) is imported here, not at start-up: only an
    # import needs it, and every worker would otherwise hold it (issue 16's memory budget).
    from jsonschema import Draft202012Validator

    from tracker.accounts.models import User

    profile = {name: _field_schema(User._meta.get_field(name)) for name in PROFILE_IMPORTED}
    schema = {
        "type": "object",
        "required": ["format", "version", "data"],
        "properties": {
            "format": {"const": FORMAT},
            "profile": {"type": "object", "properties": profile},
            "data": {
                "type": "object",
                "properties": {
                    kind.name: {"type": "array", "items": _row_schema(kind)} for kind in REGISTRY
                },
                "additionalProperties": False,
            },
        },
    }
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(path: list) -> str:
    """Where in the file: "Row 4 of “commitments”", "The profile's “time_zone”", …"""
    if len(path) >= 3 and path[0] == "data" and isinstance(path[2], int):
        where = f"Row {path[2] + 1} of “{path[1]}”"
        return where + (f", “{path[3]}”" if len(path) > 3 else "")
    if len(path) >= 2 and path[0] == "data":
        return f"The “{path[1]}” section"
    if len(path) >= 2 and path[0] == "profile":
        return f"The profile's “{path[1]}”"
    if path:
        return f"The file's “{path[0]}”"
    return "The file"


def _kind_of(value) -> str:
    if isinstance(value, bool):
        return NAMES["boolean"]
    for name, kind in [("string", str), ("integer", int), ("number", float), ("array", list)]:
        if isinstance(value, kind):
            return NAMES[name]
    return NAMES["object"] if isinstance(value, dict) else NAMES["null"]


def _expected(error: ValidationError) -> str:
    wanted = error.validator_value
    wanted = [wanted] if isinstance(wanted, str) else [t for t in wanted if t != "null"]
    path = list(error.absolute_path)
    if wanted == ["string"] and len(path) == 4 and path[0] == "data":
        kind = next(k for k in REGISTRY if k.name == path[1])
        names = {f.name: f for f in kind.model._meta.get_fields()}
        field = names.get(path[3])
        for field_class, words in WHAT_TEXT_HOLDS.items():
            if isinstance(field, field_class):
                return words
    return " or ".join(NAMES.get(t, t) for t in wanted)


def _reason(error: ValidationError) -> str:
    if error.validator == "type":
        return f"should be {_expected(error)}, not {_kind_of(error.instance)}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"“{missing[0]}” is missing"
    if error.validator == "pattern":
        return "holds a NUL character, which Steady cannot store"
    if error.validator in ("minimum", "maximum"):
        return f"is a number out of range ({error.instance})"
    if error.validator == "additionalProperties":
        return "has a section this server does not know"
    return "is not what a Steady export holds there"


def problem(document) -> str | None:
    """A plain sentence naming what is wrong in the document and where, or None."""
    from jsonschema.exceptions import best_match  # lazily, as in `validator`

    error = best_match(validator().iter_errors(document))
    if error is None:
        return None
    return f"{_where(list(error.absolute_path))}: {_reason(error)}. Nothing was imported."
