# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Set-based creation of many records: what the ORM's ``create`` does, in a few statements.

:func:`bulk_create` completes each row as ``BaseModel.create`` would (defaults from ``default_get``,
precomputed fields, the four log columns), converts the values with each field's own
``convert_to_column_insert`` and inserts the rows with one ``INSERT … SELECT FROM unnest(…)`` per chunk,
ids drawn beforehand (:func:`draw_ids`). The stored computed fields ``create`` would compute on the new
records are filled in the same INSERT:

- given by the caller in the rows (a value the caller computed set-based: it is then trusted, and
  protected from recomputation as ``create`` protects the values it is given);
- else, when the field depends only on fields of the record itself, computed by the field's own
  compute method once per distinct combination of those values (on a new record, as Odoo precomputes);
- else computed by the ORM after the INSERT (``modified(create=True)``, then a flush: an UPDATE).

Then it does what follows ``create``'s INSERT: what depends on the new records elsewhere is marked
and flushed, the Python constraints run (``_validate_fields``), company consistency
(``_check_company``) and the record rules (``check_access('create')``) are checked on the result.
It does not call the ``create`` overrides of the model (nor ``mail.thread``'s followers, creation
message and tracking): a caller uses it only where it makes explicitly what those overrides would have
made or checked. It takes stored column fields only (no x2many commands, no ``_inherits``).
"""

import contextlib
import itertools
from collections import defaultdict

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.osv import expression
from odoo.tools import SQL

CHUNK = 10000


def draw_ids(model, count):
    """``count`` new ids of ``model``'s table, in one query (for rows that refer to their own id)."""
    cr = model.env.cr
    cr.execute(SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", model._table, count))
    return [row[0] for row in cr.fetchall()]


def bulk_create(model, vals_list, ids=None, protect=()):
    """Create the records of ``vals_list`` set-based (see the module's docstring); returns them, in order.

    ``ids``: the ids drawn by :func:`draw_ids`, one per row; ``protect``: ``[(field names, records)]``
    of other records the caller already wrote what depends on the new ones (not recomputed).
    """
    if not vals_list:
        return model.browse()
    model = model.browse()
    model.check_access("create")
    assert not model._inherits, f"bulk_create does not handle _inherits ({model._name})"
    ids = ids or draw_ids(model, len(vals_list))
    assert len(ids) == len(vals_list)
    rows = _complete(model, vals_list)
    later, empty = _precompute(model, rows)
    columns = sorted({name for row in rows for name in row})
    for name in columns:
        if not model._fields[name].column_type:
            raise ValueError(f"bulk_create takes column fields only: {model._name}.{name}")
    with _index_scans_for_foreign_keys(model.env.cr):
        for start in range(0, len(rows), CHUNK):
            _insert(model, columns, rows[start : start + CHUNK], ids[start : start + CHUNK])
    records = model.browse(ids)
    _after_insert(records, rows, later, [(empty, records), *protect])
    return records


# ---- Completing the rows ----
def _complete(model, vals_list):
    """Each row with the defaults and log columns ``create`` would add."""
    fields_ = model._fields
    bad = {"id", "parent_path"} | ({*LOG_ACCESS_COLUMNS} if model._log_access else set())
    bad |= {name for name, field in fields_.items() if field.precompute and field.readonly}
    missing = [name for name in fields_ if not all(name in vals for vals in vals_list)]
    defaults = {}
    for name, value in model.default_get(missing).items():
        field = fields_[name]
        if field.store and field.column_type:
            defaults[name] = value
        elif field.type in ("one2many", "many2many"):
            if value and any(command[0] != 6 or command[2] for command in value):
                raise ValueError(f"bulk_create: a default for the relation {model._name}.{name}")
        elif field.inverse and value:  # create would call the inverse with it
            raise ValueError(f"bulk_create: a default for the inversed field {model._name}.{name}")
    now = model.env.cr.now()
    log = (
        {"create_uid": model.env.uid, "create_date": now, "write_uid": model.env.uid, "write_date": now}
        if model._log_access
        else {}
    )
    rows = []
    for vals in vals_list:
        row = {**defaults, **vals}
        for name in bad:
            row.pop(name, None)
        row.update(log)
        rows.append(row)
    return rows


def _precompute(model, rows):
    """Fill the stored computed fields ``create`` would compute; return those left to the ORM and those
    known to stay empty (kept as attachments, computed from fields no row gives)."""
    fields_ = model._fields
    given = {name for row in rows for name in row}
    tree = model.pool.get_trigger_tree(list(fields_.values()))  # create marks what depends on any field
    todo = [field for field in fields_.values() if field.store and field.compute and field.model_name == model._name]
    todo = [field for field in todo if field in tree.root or field.precompute]
    later, empty = [], []
    for field in todo:
        if all(field.name in row for row in rows):
            continue
        depends = model.pool.field_depends[field]
        if not field.column_type:  # kept as attachments: empty unless what it depends on is given
            (later if given & set(depends) else empty).append(field)
            continue
        if any("." in path for path in depends) or not _compute_by_groups(model, field, rows, depends):
            later.append(field)
    return later, empty


def _compute_by_groups(model, field, rows, depends):
    """The field's compute, once per distinct combination of the values it depends on (on a new record)."""
    groups = defaultdict(list)
    try:
        for row in rows:
            if field.name not in row:
                groups[tuple(row.get(name) for name in depends)].append(row)
    except TypeError:  # unhashable values (commands): the ORM computes it after the INSERT
        return False
    for members in groups.values():
        record = model.new({name: value for name, value in members[0].items() if name in model._fields})
        value = field.convert_to_write(record[field.name], model)
        for row in members:
            row[field.name] = value
    return True


# ---- Inserting ----
@contextlib.contextmanager
def _index_scans_for_foreign_keys(cr):
    """The foreign-key checks of the INSERTs look up the referenced row by its index, whatever the table's size.

    PostgreSQL checks each foreign key of each inserted row with ``SELECT 1 FROM ONLY <table> x WHERE id = $1
    FOR KEY SHARE OF x``, planned once per backend and kept. Planned while the referenced table is small (a
    page or two: a new database, or the first rows of this very INSERT when a person refers to themself as
    their commercial partner), that plan is a sequential scan, kept while the table grows by the rows this
    transaction inserts (no statistics change, nothing replans it): each check then reads every row inserted
    so far, and an import of 100,000 persons took minutes per chunk of 10,000. The cached plans are dropped
    (``DISCARD PLANS``, allowed in a transaction) and made again while sequential scans are off, which leaves
    the primary-key index scan, right for one row at any size; the setting is restored after the INSERTs (on an
    error, by the rollback of the caller's savepoint or transaction, as any ``SET LOCAL``).
    """
    cr.execute("SELECT current_setting('enable_seqscan')")
    previous = cr.fetchone()[0]
    cr.execute("DISCARD PLANS")
    cr.execute("SELECT set_config('enable_seqscan', 'off', true)")
    yield
    cr.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def _insert(model, columns, rows, ids):
    """One ``INSERT … SELECT FROM unnest(…)`` of ``rows`` with their ``ids``; a constant column is one parameter."""
    selects, arrays, names = [SQL("u.c0")], [SQL("%s::int4[]", ids)], [SQL.identifier("id")]
    for name in columns:
        field = model._fields[name]
        names.append(SQL.identifier(name))
        column_type = field.column_type[1]
        first = rows[0].get(name)
        if field.type != "monetary" and all(row.get(name) == first for row in rows):
            value = field.convert_to_column_insert(first, model, rows[0]) if name in rows[0] else None
            selects.append(SQL("%s::%s", value, SQL(column_type)))
            continue
        if field.type == "monetary":  # its currency is the row's
            values = [field.convert_to_column_insert(row[name], model, row) if name in row else None for row in rows]
        else:
            convert = _once_per_value(lambda value, field=field: field.convert_to_column_insert(value, model))
            values = [convert(row[name]) if name in row else None for row in rows]
        if column_type == "jsonb":
            values = [value.dumps(value.adapted) if value is not None else None for value in values]
        arrays.append(SQL("%s::%s[]", values, SQL(column_type)))
        selects.append(SQL("u.c%s", len(arrays) - 1))
    model.env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM unnest(%s) AS u(%s)",
            SQL.identifier(model._table),
            SQL(", ").join(names),
            SQL(", ").join(selects),
            SQL(", ").join(arrays),
            SQL(", ").join(SQL("c%s", i) for i in range(len(arrays))),
        )
    )


# ---- After the INSERT ----
def _after_insert(records, rows, later, protect):
    """What ``_create`` and ``create`` do after the INSERT: computes, constraints, company, record rules."""
    env = records.env
    fields_ = records._fields
    # the new rows are not in the cached x2many of the records they point to (create updates those)
    for name in {name for row in rows for name in row}:
        for inverse in records.pool.field_inverses[fields_[name]]:
            env[inverse.model_name].invalidate_model([inverse.name])
    _fill_cache(records, rows)
    # a computed value given in a row is not recomputed on that row (create protects it the same way)
    groups = defaultdict(list)
    for record_id, row in zip(records._ids, rows, strict=True):
        groups[frozenset(fields_[name] for name in row if fields_[name].compute)].append(record_id)
    protected = [(fields, records.browse(ids)) for fields, ids in groups.items() if fields]
    protected += [([r._fields[f] if isinstance(f, str) else f for f in names], r) for names, r in protect if names]
    with env.protecting(protected):
        records.modified(list(fields_), create=True)
        env.flush_all()
    records._validate_fields({name for row in rows for name in row})
    if records._check_company_auto:
        records._check_company()
    _check_rules(records)


def _check_rules(records):
    """``check_access('create')`` of ``create``, with the record rules evaluated in SQL (one query).

    ``create`` evaluates them in Python (``filtered_domain``) record by record; a search restricted to the
    new ids under the same domain, as the superuser, gives the same verdict. (The access rights of the
    model, ``ir.model.access``, were checked before the INSERT.)
    """
    Rule = records.env["ir.rule"]
    domain = Rule._compute_domain(records._name, "create")
    if not domain:
        return
    allowed = set(
        records.sudo().with_context(active_test=False)._search(expression.AND([[("id", "in", records.ids)], domain]))
    )
    forbidden = records.browse([record_id for record_id in records._ids if record_id not in allowed])
    if forbidden:
        raise Rule._make_access_error("create", forbidden)


def _fill_cache(records, rows):
    """The cache ``_create`` leaves: the values given, and nothing (None, no lines) where nothing was given.

    Without it, what follows the INSERT (triggers of other models, constraints, the ORM's computes) would
    read back from the database what is known, all columns of every new row, and for the fields kept as
    attachments (the partner's image sizes) one query per record. Filled by shape of row, column-wise.
    """
    cache = records.env.cache
    records = records.with_context(bin_size=False)
    shapes = defaultdict(list)
    for index, row in enumerate(rows):
        shapes[frozenset(row)].append(index)
    for names, indexes in shapes.items():
        group = records.browse([records._ids[i] for i in indexes])
        for name, field in records._fields.items():
            if name == "id":
                continue
            if field.type in ("one2many", "many2many"):
                cache.update(group, field, itertools.repeat(()))
            elif name in names:
                convert = _once_per_value(lambda value, field=field, group=group: field.convert_to_cache(value, group))
                cache.update(group, field, [convert(rows[i][name]) for i in indexes])
            elif (field.related and not field.column_type) or (field.store and not field.compute):
                cache.update(group, field, itertools.repeat(field.convert_to_cache(None, group)))


def _once_per_value(convert):
    """``convert``, called once per distinct value (by type and value): most columns of an import repeat a few
    values (a gender, a date, the user), and a field's conversion of 100,000 values costs seconds."""
    done = {}

    def converted(value):
        try:
            key = (type(value), value)
            return done[key]
        except KeyError:
            done[key] = result = convert(value)
            return result
        except TypeError:  # not hashable (a dict of translations…): converted each time
            return convert(value)

    return converted
