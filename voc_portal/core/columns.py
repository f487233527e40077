"""Many rows in one INSERT whose statement does not grow with them: `INSERT … SELECT … FROM
unnest(<one array per column>)`.

A multi-row VALUES list carries one parameter per cell: 20,000 cells per 1,000 rows, each one
adapted by the ORM (a model instance, pre_save, get_db_prep_save) and quoted into a statement of
hundreds of kilobytes the driver scans for placeholders. Here a column whose value is the same
for every row is ONE parameter, a column that varies is ONE array (a JSON column: one JSON
array, its n-th element per row), and nothing makes a model
instance: the batch writers (the escalation sweep, the outbox's queue_many) pay per row only
for the values that differ. Defaults come from the model's fields, evaluated once per call
(`default=timezone.now` is one "now" for the batch, as one statement has).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, models


def _sql_type(field: models.Field) -> str:
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.AutoField | models.BigAutoField):
        return "bigint" if isinstance(field, models.BigAutoField) else "integer"
    return field.db_type(connection)


def _prep(field: models.Field, value):
    if isinstance(field, models.JSONField):  # cast to jsonb in the statement
        return None if value is None and field.null else json.dumps(value, cls=field.encoder)
    return None if value is None else field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model],
    rows: Sequence[dict],
    *,
    on_conflict: str = "",
    returning: Sequence[str] = (),
) -> list[tuple]:
    """INSERT `rows` (dicts of field name → value; fields left out take their default) in one
    statement; returns the RETURNING tuples (the rows actually inserted, with `on_conflict`
    such as "(dedupe_key) DO NOTHING"). Runs in the caller's transaction."""
    if not rows:
        return []
    meta = model._meta
    qn = connection.ops.quote_name
    columns, selects, select_params = [], [], []
    arrays: list[tuple[str, list]] = []
    for field in meta.concrete_fields:
        if field.primary_key and all(field.name not in r and field.attname not in r for r in rows):
            continue
        if field.db_default is not models.NOT_PROVIDED and all(field.name not in r for r in rows):
            continue
        # What the ORM would store for a field left out: its default, else "" or None.
        default = field.get_default()
        values = [row.get(field.name, row.get(field.attname, default)) for row in rows]
        columns.append(qn(field.column))
        first = values[0]
        is_json = isinstance(field, models.JSONField)
        if all(v == first for v in values):
            selects.append(f"%s::{'jsonb' if is_json else _sql_type(field)}")
            select_params.append(_prep(field, first))
        elif is_json:
            # One JSON array for the column, its n-th element per row: a text[] of JSON
            # documents would be escaped element by element by the driver.
            element = "(%s::jsonb -> (u.n - 1)::int)"
            selects.append(f"NULLIF({element}, 'null'::jsonb)" if field.null else element)
            select_params.append(json.dumps(values, cls=field.encoder))
        else:
            selects.append(f"u.c{len(arrays)}")
            arrays.append((f"%s::{_sql_type(field)}[]", [_prep(field, v) for v in values]))
    if arrays:
        names = ", ".join(f"c{n}" for n in range(len(arrays)))
        from_sql = (
            f" FROM unnest({', '.join(a for a, _ in arrays)}) WITH ORDINALITY AS u({names}, n)"
        )
        from_params = [values for _, values in arrays]
    else:
        from_sql = " FROM generate_series(1, %s) AS u(n)"
        from_params = [len(rows)]
    # Identifiers come from the model's _meta; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selects)}{from_sql}"
    )
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict}"
    if returning:
        sql += f" RETURNING {', '.join(qn(meta.get_field(n).column) for n in returning)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*select_params, *from_params])
        return cursor.fetchall() if returning else []
