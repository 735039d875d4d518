# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client

from odoo.api import call_kw
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class ClientCallsMixin:
    """Calls made the way a client makes them, for the tests that prove a guard holds over the API."""

    def _rpc(self, user, records, method, *args, **kwargs):
        """Call ``method`` on ``records`` as ``user`` the way /jsonrpc, XML-RPC and the web client do."""
        return call_kw(self.env[records._name].with_user(user), method, [records.ids, *args], kwargs)

    def _confirm_reason(self, wizard_model, records, reason):
        """Give ``reason`` in the wizard ``wizard_model`` for ``records`` and confirm it, as the user of
        ``records`` and through ``call_kw``, the way a client returns, refuses or revokes."""
        field = "statistic_ids" if records._name == "hoctap.statistic" else "evaluation_ids"
        user = records.env.user
        wizard = self.env[wizard_model].with_user(user).create({field: [(6, 0, records.ids)], "reason": reason})
        return self._rpc(user, wizard, "action_confirm")

    def assertMarshals(self, result):
        """What a public method returns travels over XML-RPC (which cannot carry ``None``)."""
        xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)


class HoctapCase(ClientCallsMixin, TransactionCase):
    """A small tree of associations and a few people, shared by the tests.

    Province HN
    ├── Commune A
    │   ├── Branch A1 (village)
    │   └── Branch A2 (school)
    └── Commune B
        └── Branch B1 (village)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Association = cls.env["hoctap.association"]
        cls.Membership = cls.env["hoctap.membership"]
        cls.Partner = cls.env["res.partner"]
        cls.company = cls.env.company
        cls.province = cls.Association.create({"name": "Hội Khuyến học tỉnh Thử", "code": "HN", "level": "province"})
        cls.commune_a = cls._association("Xã A", "A", "commune", cls.province)
        cls.commune_b = cls._association("Xã B", "B", "commune", cls.province)
        cls.branch_a1 = cls._association("Thôn A1", "A1", "branch", cls.commune_a, kind="village")
        cls.branch_a2 = cls._association("Trường A2", "A2", "branch", cls.commune_a, kind="school")
        cls.branch_b1 = cls._association("Thôn B1", "B1", "branch", cls.commune_b, kind="village")
        cls._cccd_serial = 0

    @classmethod
    def _association(cls, name, code, level, parent, kind=False):
        return cls.Association.create(
            {"name": name, "code": code, "level": level, "parent_id": parent.id, "branch_kind": kind}
        )

    @classmethod
    def _person(cls, name, **vals):
        cls._cccd_serial += 1
        return cls.Partner.create({"name": name, "citizen_id": "001%09d" % cls._cccd_serial, **vals})

    @classmethod
    def _member(cls, association, name=None, **vals):
        partner = cls._person(name or "Hội viên %s" % (cls._cccd_serial + 1))
        return cls.Membership.create({"partner_id": partner.id, "association_id": association.id, **vals})

    # Role users of the shared tree, created once per class by _create_role_users() and used by
    # login with @users(...): login -> (group, attribute naming the association they work for).
    ROLE_USERS = {
        "hoctap_viewer_p": ("congdan_hoctap.group_viewer", "province"),
        "hoctap_branch_a1": ("congdan_hoctap.group_branch_officer", "branch_a1"),
        "hoctap_officer_a": ("congdan_hoctap.group_officer", "commune_a"),
        "hoctap_officer_b": ("congdan_hoctap.group_officer", "commune_b"),
        "hoctap_officer_p": ("congdan_hoctap.group_officer", "province"),
        "hoctap_manager": ("congdan_hoctap.group_manager", "province"),
    }

    @classmethod
    def _create_role_users(cls):
        """One user per role of the tree (``ROLE_USERS``), in ``cls.role_users`` by login.

        Not created for every class: attaching users to the associations changes who gets their
        activities, so a class asks for them."""
        cls.role_users = {
            login: cls._user(login, group, getattr(cls, association))
            for login, (group, association) in cls.ROLE_USERS.items()
        }

    @classmethod
    def _user(cls, login, groups, associations):
        user = new_test_user(cls.env, login=login, groups=groups, hoctap_association_ids=[(6, 0, associations.ids)])
        return user
