# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError

# Only Python code holds this object: a client (form, /jsonrpc, XML-RPC) sends JSON or XML
# values in its context and can never put it there, so no context key unlocks a workflow field.
_WORKFLOW_TOKEN = object()
_CONTEXT_KEY = "hoctap_workflow"

# Fields Odoo's own mixins write on any record, whatever its state (only those the mail
# mixins define: a model's own ``activity_type`` is not one of them).
_ALWAYS_FREE_PREFIXES = ("message_", "activity_", "website_message")
_ALWAYS_FREE_MODELS = ("mail.thread", "mail.activity.mixin")


class HoctapWorkflowMixin(models.AbstractModel):
    """One workflow mechanism for every state machine of the addon.

    A model opts in with three class attributes, as ``base_tier_validation`` does:

    * ``_workflow_fields``: the state and the fields only the workflow sets
      (numbers, dates of steps, the user who did them, the linked journal entry…).
      No client writes them, on create or on write, whatever its rights: only the
      ``action_*`` methods do, through :meth:`_workflow`.
    * ``_workflow_locked_states``: the states in which the document is locked;
      then only ``_workflow_free_fields`` (and Odoo's chatter/activity fields)
      may still be written by a client.
    * ``_workflow_scope_fields``: the fields that place the record in a user's
      scope (association, fund, team…); after a client writes them, the record
      rules are checked again on the result, so a record cannot be moved out of,
      or into, a scope its user may not write.

    The ``action_*`` methods check the source state (:meth:`_check_state`) and the
    role (:meth:`_check_group`) themselves, then write through ``self._workflow()``.
    """

    _name = "hoctap.workflow.mixin"
    _description = "Learning Promotion Workflow Guard"

    _workflow_fields = ("state",)
    _workflow_locked_states = ()
    _workflow_free_fields = ()
    _workflow_scope_fields = ()

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_allowed():
            for vals in vals_list:
                self._check_workflow_create_vals(vals)
        records = super().create(vals_list)
        return records

    def write(self, vals):
        if self._workflow_allowed():
            return super().write(vals)
        self._check_workflow_write_vals(vals)
        res = super().write(vals)
        if set(vals) & set(self._workflow_scope_fields):
            # record rules are checked before a write, not after: check the result too
            self.check_access("write")
        return res

    # ---- Workflow ----
    def _workflow(self):
        """These records, allowed to write their workflow fields: for ``action_*`` methods only."""
        return self.with_context(**{_CONTEXT_KEY: _WORKFLOW_TOKEN})

    def _workflow_allowed(self):
        return self.env.context.get(_CONTEXT_KEY) is _WORKFLOW_TOKEN

    def _check_state(self, allowed, message):
        """Refuse the step unless every record is in one of the ``allowed`` states."""
        wrong = self.filtered(lambda record: record.state not in allowed)
        if wrong:
            raise UserError(
                self.env._("%(message)s (%(names)s)", message=message, names=", ".join(wrong.mapped("display_name")))
            )

    def _check_group(self, xmlid, message):
        """Refuse the step unless the user (even under ``sudo()``) has the group ``xmlid``."""
        if not self.env.user.has_group(xmlid):
            raise UserError(message)

    def _check_workflow_create_vals(self, vals):
        defaults = self.default_get([name for name in self._workflow_fields if name in vals])
        forbidden = {
            name for name in self._workflow_fields if name in vals and vals[name] and vals[name] != defaults.get(name)
        }
        self._raise_workflow_fields(forbidden)

    def _check_workflow_write_vals(self, vals):
        self._raise_workflow_fields(set(self._workflow_fields) & set(vals))
        if not self._workflow_locked_states:
            return
        locked_fields = {
            name for name in vals if name not in self._workflow_free_fields and not self._workflow_always_free(name)
        }
        locked = self.filtered(lambda record: record.state in self._workflow_locked_states)
        if locked_fields and locked:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(name)s is %(state)s: %(fields)s can no longer be changed.",
                    name=locked[0].display_name,
                    state=states.get(locked[0].state, locked[0].state),
                    fields=self._field_labels(locked_fields),
                )
            )

    def _workflow_always_free(self, name):
        return name.startswith(_ALWAYS_FREE_PREFIXES) and any(
            name in self.env[model]._fields for model in _ALWAYS_FREE_MODELS if model in self.env
        )

    def _raise_workflow_fields(self, names):
        if names:
            raise UserError(
                self.env._("%(fields)s change only through the workflow buttons.", fields=self._field_labels(names))
            )

    def _field_labels(self, names):
        return ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"] if name in self._fields else name
                for name in names
            )
        )
