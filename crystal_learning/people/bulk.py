"""Many rows in one statement: what the HR import writes thousands of at once.

Django's bulk_create and bulk_update build a model instance per row and
compile every value into SQL (SQLite in batches of 999 values); one
`executemany` of a single parameterised statement over plain rows is several
times faster on both databases. Values other than strings, numbers and None go
through their field's own conversion (`get_db_prep_save`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

PLAIN = (str, int, bool, float)


def _prep(field: models.Field, value):
    if value is None or type(value) in PLAIN:
        return value
    return field.get_db_prep_save(value, connection)


def _defaults(fields: list[models.Field]) -> dict[str, object]:
    """What save() would give a column the row does not name."""
    now = timezone.now()
    defaults: dict[str, object] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = field.get_default()  # "" for text, or None
    return defaults


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> None:
    """INSERT `rows` (dicts by attname, e.g. team_id) into `model`'s table.

    Columns a row leaves out get their default (auto_now fields: now). The
    new pks are not read: the caller selects them if it needs them.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = _defaults(fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    params = [
        [_prep(f, row.get(f.attname, defaults[f.attname])) for f in fields]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(model: type[models.Model], rows: Sequence[dict]) -> None:
    """UPDATE each row (a dict by attname with "pk" and the same other keys)."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "pk"]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = quote(model._meta.pk.column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model
    params = [[*(_prep(f, row[f.attname]) for f in fields), row["pk"]] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
