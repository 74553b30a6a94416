"""Plain multi-row writes for the ingest path, where the ORM's per-object work
(model instances, a chain of calls per field) costs more than the SQL itself
(bench/xapi_profile.py shows where a batch's time goes).

Values are prepared by each field's own `get_db_prep_save`, so the database sees
exactly what `bulk_create` would send; text and integer values that are already
of their column's type are passed as they are (their preparation is the identity).

On PostgreSQL the rows go as one INSERT with many VALUES rows: sent one by one
(executemany), each row is an INSERT the server parses, plans and runs on its own,
which cost more than the writing (bench/README.md, issue 21). SQLite's
executemany reuses one prepared statement and stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router

_PLAIN_TEXT = (models.CharField, models.TextField)
_PLAIN_INTEGER = (models.IntegerField, models.AutoField, models.ForeignKey)
#: PostgreSQL's most parameters in one statement (with server-side binding).
_MOST_PARAMETERS = 65535


def _preparer(field: models.Field, connection) -> Callable[[Any], Any]:
    prepare = field.get_db_prep_save
    if isinstance(field, _PLAIN_TEXT) and not field.choices:
        return lambda value: (
            value if type(value) is str else prepare(value, connection)
        )
    if isinstance(field, _PLAIN_INTEGER) and not isinstance(field, models.BooleanField):
        return lambda value: (
            value if value is None or type(value) is int else prepare(value, connection)
        )
    return lambda value: prepare(value, connection)


def _conflict_clause(
    model: type[models.Model], quote, conflict: Sequence[str], update: Sequence[str]
) -> str:
    if not conflict:
        return ""
    columns = [quote(model._meta.get_field(name).column) for name in conflict]
    updates = [quote(model._meta.get_field(name).column) for name in update]
    return " ON CONFLICT ({}) DO UPDATE SET {}".format(
        ", ".join(columns),
        ", ".join(f"{column} = EXCLUDED.{column}" for column in updates),
    )


def rows_insert(
    model: type[models.Model],
    field_names: Sequence[str],
    values: Iterable[Sequence[Any]],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> int:
    """INSERT the rows (one tuple of values per row, in `field_names` order); with
    `conflict` (the columns of a unique constraint, each row's different), an
    upsert that sets `update` from the new row. Returns how many rows were sent."""
    values = list(values)
    if not values:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 - names from _meta, quoted
        quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    row_sql = "({})".format(", ".join(["%s"] * len(fields)))
    tail = _conflict_clause(model, quote, conflict, update)
    preparers = [_preparer(field, connection) for field in fields]
    params = [
        [prepare(value) for prepare, value in zip(preparers, row, strict=True)]
        for row in values
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(head + row_sql + tail, params)
            return len(params)
        size = _MOST_PARAMETERS // len(fields)
        for start in range(0, len(params), size):
            chunk = params[start : start + size]
            cursor.execute(
                head + ", ".join([row_sql] * len(chunk)) + tail,
                [value for row in chunk for value in row],
            )
    return len(params)
