# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.xlsx import XlsxFile, iter_chunks

TREASURER = "congdan_hoctap.group_treasurer"

# Held by Python only (a client's context is JSON): the reversal of a fund document's entry
# is posted by the document's cancellation, never by Odoo's "Reverse" button on the entry.
FUND_REVERSAL_TOKEN = object()
FUND_REVERSAL_KEY = "hoctap_fund_reversal"


def check_related_unchanged(records, vals):
    """Refuse a client write to a stored read-only related field (``association_id``, ``state`` of a line…).

    Odoo stores such a value as given, without writing it through: a donation
    would change association (and scope) without its fund, a dues line would
    say posted in a draft collection. They follow their source only.
    """
    written = [
        name
        for name in vals
        if (field := records._fields.get(name)) is not None
        and field.related
        and field.store
        and field.readonly
        and not field.inherited
    ]
    changed = [name for name in written if any(_plain(record[name]) != (vals[name] or False) for record in records)]
    if changed:
        raise UserError(
            records.env._(
                "%(fields)s follow their source and cannot be written.",
                fields=", ".join(records._fields[name].get_description(records.env)["string"] for name in changed),
            )
        )


def _export_cell(value, labels=None):
    """A read value as the export writes it: a selection by its label, a date as text."""
    if labels is not None:
        return labels.get(value, "")
    if isinstance(value, date):
        return fields.Date.to_string(value)
    return value


def _plain(value):
    return value.id if isinstance(value, models.BaseModel) else (value or False)


class HoctapFundDocument(models.AbstractModel):
    """What a donation, a dues collection and an award share: a numbered money document.

    Its flow is always the same: it gets its number, builds one balanced entry,
    posts it, and is cancelled by posting the reversal of that entry (posted
    entries are never deleted nor reset to draft, see ``account.move``). Its
    state, number and entries are workflow fields (:class:`hoctap.workflow.mixin`):
    no client writes them, only the ``action_*`` methods, after checking the
    source state and the user's role themselves.

    A model sets ``_fund_sequence_code`` (its ``ir.sequence``), ``_fund_post_group``
    (who posts or cancels a posted document) and implements ``_prepare_move_vals``.
    """

    _name = "hoctap.fund.document"
    _description = "Fund Document"
    _inherit = ["hoctap.workflow.mixin"]

    _fund_sequence_code = None
    _fund_post_group = TREASURER
    _workflow_fields = ("state", "name", "move_id", "reversal_move_id")

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    reversal_move_id = fields.Many2one(
        "account.move",
        string="Reversal Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    # ---- CRUD ----
    def write(self, vals):
        check_related_unchanged(self, vals)
        return super().write(vals)

    # ---- Actions ----
    def action_cancel(self):
        """Cancel the documents; a posted entry is reversed by the treasurer, never deleted."""
        self._check_state(
            self._fund_cancellable_states(), self.env._("These documents cannot be cancelled in their state.")
        )
        if self.filtered("move_id"):
            self._check_group(
                self._fund_post_group, self.env._("Only a treasurer can cancel a document whose entry is posted.")
            )
        self.filtered("move_id")._lock_fund_rows()
        for document in self.filtered("move_id"):
            document._workflow().reversal_move_id = document._fund_reverse_entry()
        self._workflow().write({"state": "cancelled"})
        return True

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }

    # ---- Export ----
    def _hoctap_export_xlsx(self, domain):
        """The documents of ``domain`` (record rules applied) as XLSX, streamed in id-ordered chunks: a
        province's years of donations or awards in flat memory. The columns are the model's
        ``_fund_export_fields()``, headed by their labels, selections by their labels."""
        fnames = self._fund_export_fields()
        headers = [self._fields[fname]._description_string(self.env) for fname in fnames]
        labels = {
            fname: dict(self._fields[fname]._description_selection(self.env))
            for fname in fnames
            if self._fields[fname].type == "selection"
        }

        def rows():
            for chunk in iter_chunks(self, domain):
                for record, values in zip(chunk, chunk.read(fnames, load="_classic_read"), strict=True):
                    record._fund_export_hide(values)
                    yield [_export_cell(values[fname], labels.get(fname)) for fname in fnames]

        xlsx = XlsxFile()
        xlsx.table(self.env["ir.model"]._get(self._name).name, headers, rows(), widths=[18, 12, 30, 30])
        return xlsx.deliver(self.browse(), f"{self._table}.xlsx")

    def _fund_export_fields(self):
        """Field names of the XLSX export's columns, in order (a fund document model defines them)."""
        return ["name", "state"]

    def _fund_export_hide(self, values):
        """Blank in ``values`` (this record's exported row, as read) what the export must not show."""

    # ---- Flow: number → entry → post → reverse ----
    def _fund_cancellable_states(self):
        return tuple(
            state for state, _label in self._fields["state"]._description_selection(self.env) if state != "cancelled"
        )

    def _fund_assign_number(self):
        """Give each document without a number the next number of its company's sequence."""
        for document in self.filtered(lambda d: not d.name or d.name == "/"):
            sequence = self.env["ir.sequence"].with_company(document.company_id)
            document._workflow().name = sequence.next_by_code(self._fund_sequence_code) or "/"

    def _fund_post_entry(self, **kwargs):
        """Build and post the document's entry; return it."""
        self.ensure_one()
        move = self.env["account.move"].create(self._prepare_move_vals(**kwargs))
        move.action_post()
        return move

    def _fund_reverse_entry(self):
        """Post the reversal of the document's entry, dated today; return it."""
        self.ensure_one()
        return self.move_id.with_context(**{FUND_REVERSAL_KEY: FUND_REVERSAL_TOKEN})._reverse_moves(
            [{"date": fields.Date.context_today(self), "ref": self.env._("Cancellation of %(name)s", name=self.name)}],
            cancel=True,
        )

    def _prepare_move_vals(self, **kwargs):
        raise NotImplementedError()

    def _lock_fund_rows(self):
        """Serialise the steps that lower a fund's money or commit it, per fund.

        Odoo's transactions are REPEATABLE READ: a transaction that waited on a
        plain ``FOR UPDATE`` lock still decides on the snapshot it took before.
        Taking the lock with an ``UPDATE`` makes the waiting transaction fail
        with a serialisation error once the first one commits; Odoo then runs
        the whole call again, and the retry reads the committed figures.
        """
        funds = self.mapped("fund_id")
        if funds:
            self.env.cr.execute(SQL("UPDATE hoctap_fund SET write_date = write_date WHERE id IN %s", tuple(funds.ids)))

    # ---- Rules ----
    def _check_group(self, xmlid, message):
        """As the mixin's (the user's group, even under ``sudo()``), but an access error."""
        if not self.env.user.has_group(xmlid):
            raise AccessError(message)

    def _check_posted_moves_untouched(self):
        """A document pointing to an entry is never deleted (the entry stays its proof)."""
        if any(document.move_id or document.reversal_move_id for document in self):
            raise UserError(self.env._("A document with a journal entry cannot be deleted; cancel it instead."))
