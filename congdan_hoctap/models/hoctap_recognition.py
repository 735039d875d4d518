# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import date

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hoctap_criteria_set import MODEL_TYPES
from .hoctap_evaluation import OFFICIAL_TITLES

_logger = logging.getLogger(__name__)

# First key of the advisory locks serialising certificate numbering ("HKCN" as a 32-bit integer).
CERTIFICATE_LOCK_CLASS = 0x484B434E
# The code of the numbering sequence of an issuer (one date range per year); one sequence per code
# (unique index).
CERTIFICATE_SEQUENCE_CODE = "hoctap.certificate.%s"


# The signer's title is printed on official texts, which are always in Vietnamese: the English
# titles a client may have sent (or an English user's default) print as their Vietnamese wording.
SIGNER_TITLES_VI = {
    "chair": "Chủ tịch",
    "vice chair": "Phó Chủ tịch",
    "standing vice chair": "Phó Chủ tịch Thường trực",
    "president": "Chủ tịch",
    "vice president": "Phó Chủ tịch",
}


class HoctapRecognition(models.Model):
    """A recognition decision (quyết định công nhận) of one association.

    Issuing it recognises every listed evaluation and numbers their
    certificates from the issuer's sequence for the year: consecutive within
    the decision, and serialised between decisions issued at the same time.
    """

    _name = "hoctap.recognition"
    _description = "Recognition Decision"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _workflow_fields = ("state", "issued_by_id", "date_issued")
    # An issued decision is final: its content stays as signed (only its chatter moves on).
    _workflow_locked_states = ("issued",)
    _workflow_scope_fields = ("association_id",)

    name = fields.Char(string="Decision Number", required=True, tracking=True)
    association_id = fields.Many2one(
        "hoctap.association", string="Issued by", required=True, index=True, tracking=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True, aggregator=False
    )
    model_type = fields.Selection(MODEL_TYPES, string="Learning Model", required=True, default="citizen", tracking=True)
    signer_id = fields.Many2one("res.partner", string="Signed by", tracking=True)
    signer_title = fields.Char(
        string="Signer's Title",
        default=lambda self: SIGNER_TITLES_VI["chair"],
        help="As printed on the decision and the certificates, in Vietnamese (e.g. Chủ tịch).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    issued_by_id = fields.Many2one(
        "res.users",
        string="Issued by (User)",
        readonly=True,
        copy=False,
        tracking=True,
        help="The user who issued the decision in the application.",
    )
    date_issued = fields.Date(readonly=True, copy=False)
    evaluation_ids = fields.Many2many(
        "hoctap.evaluation",
        "hoctap_recognition_evaluation_rel",
        "recognition_id",
        "evaluation_id",
        string="Evaluations",
        copy=False,
        domain="[('state', '=', 'verified'), ('passed', '=', True), ('year', '=', year), "
        "('model_type', '=', model_type), ('association_id', 'child_of', association_id)]",
    )
    evaluation_count = fields.Integer(compute="_compute_evaluation_count")
    note = fields.Html()

    _sql_constraints = [
        (
            "name_association_uniq",
            "unique(association_id, name)",
            "The decision number is already used by this association.",
        ),
    ]

    @api.depends("evaluation_ids")
    def _compute_evaluation_count(self):
        for recognition in self:
            recognition.evaluation_count = len(recognition.evaluation_ids)

    @api.constrains("year")
    def _check_year(self):
        for recognition in self:
            self.env["hoctap.evaluation"]._check_year_range(recognition.year)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if any(recognition.state == "issued" for recognition in self):
            raise UserError(self.env._("An issued decision cannot be deleted: revoke its certificates instead."))

    def action_issue(self):
        """Draft → issued: recognise every evaluation and number its certificate.

        One pass over the evaluations: :meth:`hoctap.evaluation._recognise` checks them all (rules of the
        whole decision from one query), then draws the numbers, in the order of the names.
        """
        if self._hoctap_issue_in_background():  # a large decision: see hoctap_recognition_jobs.py
            return True
        for recognition in self:
            if recognition.state != "draft":
                raise UserError(self.env._("Decision %(name)s is already issued.", name=recognition.name))
            evaluations = recognition.evaluation_ids
            with evaluations._duties_cache():
                recognition._check_issuer_right()
                evaluations.sorted("name")._recognise(recognition)
            recognition.sudo()._workflow().write(
                {"state": "issued", "issued_by_id": self.env.uid, "date_issued": fields.Date.context_today(self)}
            )
        return True

    def _check_can_issue(self):
        """The user may issue the decision and every evaluation listed can be recognised by it."""
        self.ensure_one()
        self._check_issuer_right()
        evaluations = self.evaluation_ids
        with evaluations._duties_cache():
            refusals = evaluations._recognition_refusals(self.association_id, self.year, self.model_type)
        if refusals:
            raise next(iter(refusals.values()))

    def _check_issuer_right(self):
        """An officer or approver of the issuing association, for a model the association recognises itself,
        with evaluations listed."""
        self.ensure_one()
        user = self.env.user
        evaluation_model = self.env["hoctap.evaluation"]
        allowed = (
            user.has_group("congdan_hoctap.group_officer") or user.has_group("congdan_hoctap.group_approver")
        ) and evaluation_model._in_user_scope(self.association_id)
        if not allowed:
            raise UserError(self.env._("You may only issue decisions of your own associations."))
        authority = self.env["hoctap.recognition.authority"]._for(self.model_type, False, self.company_id)
        if authority and authority.kind != "association":
            raise UserError(
                self.env._(
                    "%(model)s is recognised by %(authority)s on a proposal dossier, not by the association's own "
                    "decision: prepare a recognition dossier.",
                    model=dict(self._fields["model_type"]._description_selection(self.env)).get(self.model_type),
                    authority=authority.name,
                )
            )
        if not self.evaluation_ids:
            raise UserError(self.env._("Add the evaluations the decision recognises."))

    def _next_certificate_numbers(self, count):
        """``count`` consecutive certificate numbers of the issuer for the year.

        A transaction-level advisory lock on the issuer is taken first, so a
        second decision of the same issuer waits until this one commits or
        rolls back: the numbers of a decision are consecutive and never shared
        with another decision, and the no-gap sequence never skips a number.
        """
        self.ensure_one()
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", self._certificate_lock_key())
        date_range = self._certificate_date_range()
        sequence = date_range.sequence_id.with_context(ir_sequence_date_range=date_range.date_from)
        if sequence.implementation != "no_gap":
            return [date_range.sequence_id.next_by_id(sequence_date=date_range.date_from) for _i in range(count)]
        # the year's range moved by the whole decision in one locked update (as Odoo's no-gap draw does one at a time)
        self.env.cr.execute(
            """UPDATE ir_sequence_date_range SET number_next = number_next + %(step)s * %(count)s
                WHERE id = %(id)s RETURNING number_next - %(step)s * %(count)s""",
            {"step": sequence.number_increment, "count": count, "id": date_range.id},
        )
        first = self.env.cr.fetchone()[0]
        date_range.invalidate_recordset(["number_next"])
        return [sequence.get_next_char(first + sequence.number_increment * i) for i in range(count)]

    def _certificate_lock_key(self):
        return (CERTIFICATE_LOCK_CLASS, self.association_id.id)

    def _certificate_date_range(self):
        """The ``ir.sequence.date_range`` numbering the issuer's certificates of the decision's year.

        Call it under the issuer's lock (:meth:`_certificate_lock_key`). Its
        ``number_next`` is the next certificate number of the year; the prefix
        (``<issuer code>/<year>/``) comes from the range's year. Two first
        decisions of a year issued at once must not create two ranges: the
        creator first updates the issuer's sequence row, so the other
        transaction gets a serialisation failure (Odoo retries it with fresh
        data) instead of a second range starting at 1.
        """
        self.ensure_one()
        sequence = self._certificate_sequence()
        Range = self.env["ir.sequence.date_range"].sudo()
        date_from = date(self.year, 1, 1)
        date_range = Range.search([("sequence_id", "=", sequence.id), ("date_from", "=", date_from)], limit=1)
        if not date_range:
            self.env.cr.execute("UPDATE ir_sequence SET write_date = write_date WHERE id = %s", [sequence.id])
            date_range = Range.create(
                {
                    "sequence_id": sequence.id,
                    "date_from": date_from,
                    "date_to": date(self.year, 12, 31),
                    "number_next": 1,
                }
            )
        return date_range

    def _certificate_sequence(self):
        """The issuer's no-gap certificate sequence (one date range per year), created with its first decision.

        Two first decisions issued at the same time must not create two sequences (both would
        start at 1). A unique index keeps one sequence per code, and the sequence is created with
        ``INSERT … ON CONFLICT DO NOTHING``: a transaction whose snapshot predates the other's
        sequence gets a serialisation failure, which Odoo retries with fresh data, instead of a
        second sequence and a duplicate certificate number.
        """
        code = CERTIFICATE_SEQUENCE_CODE % self.association_id.id
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code)], limit=1)
        if sequence:
            return sequence
        self.env.cr.execute(
            """
            INSERT INTO ir_sequence (name, code, implementation, prefix, padding, number_next, number_increment,
                                     use_date_range, active, company_id, create_uid, write_uid,
                                     create_date, write_date)
            VALUES (%(name)s, %(code)s, 'no_gap', %(prefix)s, 5, 1, 1, true, true, %(company)s,
                    %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (code) WHERE code LIKE 'hoctap.certificate.%%' DO NOTHING
            RETURNING id
            """,
            {
                "name": self.env._("Certificates of %(name)s", name=self.association_id.name),
                "code": code,
                "prefix": f"{self.association_id.code}/%(range_year)s/",
                "company": self.company_id.id or None,
                "uid": self.env.uid,
            },
        )
        row = self.env.cr.fetchone()
        if not row:
            # Conflict with a sequence this snapshot already sees cannot happen (searched above).
            raise UserError(
                self.env._(
                    "The certificate numbering of %(name)s is being set up: try again.", name=self.association_id.name
                )
            )
        Sequence.invalidate_model()
        return Sequence.browse(row[0])

    def init(self):
        """One certificate sequence per issuer (see ``_certificate_sequence``)."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "CREATE UNIQUE INDEX IF NOT EXISTS hoctap_certificate_sequence_code_uniq "
                    "ON ir_sequence (code) WHERE code LIKE 'hoctap.certificate.%'"
                )
        except psycopg2.Error:
            _logger.warning(
                "Two certificate sequences share a code: merge them, then update the module "
                "to create hoctap_certificate_sequence_code_uniq."
            )

    def _official_title(self):
        """The title in capitals, as printed on the decision."""
        self.ensure_one()
        return OFFICIAL_TITLES[self.model_type].upper()

    @api.model
    def _official_lang(self):
        """The language of official texts: Vietnamese, activated (with the addon's terms) when an administrator
        turned it off, so a decision or certificate never prints in the user's language."""
        if not self.env["res.lang"]._get_data(code="vi_VN"):
            self.env["res.lang"].sudo()._activate_lang("vi_VN")
            self.env["ir.module.module"].sudo()._load_module_terms(["congdan_hoctap"], ["vi_VN"])
        return "vi_VN"

    def _printed_signer_title(self):
        """The signer's title as printed: official texts are Vietnamese, whatever language it was entered in."""
        self.ensure_one()
        title = (self.signer_title or "").strip()
        return SIGNER_TITLES_VI.get(title.lower(), title)

    def action_view_evaluations(self):
        """The evaluations of the decision: an action dict, so XML-RPC carries it."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evaluations"),
            "res_model": "hoctap.evaluation",
            "view_mode": "list,form",
            "domain": [("id", "in", self.evaluation_ids.ids)],
        }
