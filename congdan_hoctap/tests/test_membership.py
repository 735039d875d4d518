# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client
from unittest.mock import patch

from odoo import fields
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.base.controllers.rpc import dumps as rpc_dumps

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestMembership(HoctapCase):
    def test_number_from_association_sequence(self):
        """Members are numbered by a sequence of their association, prefixed by its code."""
        first = self._member(self.branch_a1)
        second = self._member(self.branch_a1)
        other = self._member(self.branch_b1)
        self.assertEqual(first.number, "A1-000001")
        self.assertEqual(second.number, "A1-000002")
        self.assertEqual(other.number, "B1-000001")

    def test_one_running_membership_per_person(self):
        """A person cannot hold two running memberships, even a suspended one."""
        membership = self._member(self.branch_a1)
        with self.assertRaises(ValidationError) as error:
            self.Membership.create({"partner_id": membership.partner_id.id, "association_id": self.branch_b1.id})
        self.assertIn(membership.number, str(error.exception))
        membership.action_suspend()
        with self.assertRaises(ValidationError):
            self.Membership.create({"partner_id": membership.partner_id.id, "association_id": self.branch_b1.id})
        membership._leave(reason="moved")
        again = self.Membership.create({"partner_id": membership.partner_id.id, "association_id": self.branch_b1.id})
        self.assertEqual(again.state, "active")

    def test_state_changes_check_source_state(self):
        """Suspend, reactivate and leave each start from the right state only."""
        membership = self._member(self.branch_a1)
        with self.assertRaises(UserError):
            membership.action_reactivate()
        membership.action_suspend()
        self.assertEqual(membership.state, "suspended")
        with self.assertRaises(UserError):
            membership.action_suspend()
        membership.action_reactivate()
        membership.action_mark_deceased()
        self.assertEqual(membership.state, "deceased")
        self.assertEqual(membership.leave_reason, "deceased")
        self.assertTrue(membership.date_leave)
        with self.assertRaises(UserError):
            membership._leave()

    def test_transfer_keeps_history(self):
        """Moving a member closes one membership and opens the next, linked to it."""
        membership = self._member(self.branch_a1, date_join="2020-01-10")
        wizard = self.env["hoctap.membership.transfer"].create(
            {"membership_ids": [(6, 0, membership.ids)], "association_id": self.branch_b1.id, "date": "2025-07-01"}
        )
        wizard.action_transfer()
        self.assertEqual(membership.state, "left")
        self.assertEqual(membership.leave_reason, "transfer")
        self.assertEqual(str(membership.date_leave), "2025-07-01")
        following = membership.next_membership_id
        self.assertEqual(following.association_id, self.branch_b1)
        self.assertEqual(following.previous_membership_id, membership)
        self.assertEqual(str(following.date_join), "2025-07-01")
        self.assertEqual(following.state, "active")
        self.assertEqual(self.branch_a1.member_count, 0)
        self.assertEqual(self.branch_b1.member_count, 1)
        with self.assertRaises(UserError):
            membership.unlink()

    def test_transfer_to_same_association_refused(self):
        """A member cannot be transferred where they already are."""
        membership = self._member(self.branch_a1)
        with self.assertRaises(UserError):
            membership._transfer_to(self.branch_a1, "2025-07-01")

    def test_collective_member_is_an_organisation(self):
        """Collective members are organisations; individual members are persons."""
        company = self.Partner.create({"name": "Công ty TNHH Học Tốt", "is_company": True})
        collective = self.Membership.create(
            {"partner_id": company.id, "association_id": self.commune_a.id, "member_type": "collective"}
        )
        self.assertEqual(collective.member_type, "collective")
        person = self._person("Phạm Văn F")
        with self.assertRaises(ValidationError):
            self.Membership.create(
                {"partner_id": person.id, "association_id": self.commune_a.id, "member_type": "collective"}
            )
        with self.assertRaises(ValidationError):
            self.Membership.create(
                {
                    "partner_id": self.Partner.create({"name": "HTX", "is_company": True}).id,
                    "association_id": self.commune_a.id,
                }
            )

    def test_leave_wizard_and_dates(self):
        """Ending a membership records date and reason; leaving before joining is refused."""
        membership = self._member(self.branch_a1, date_join="2024-05-01")
        with self.assertRaises(ValidationError):
            membership._leave(reason="resigned", date="2024-01-01")
        self.env["hoctap.membership.leave"].create(
            {"membership_ids": [(6, 0, membership.ids)], "reason": "moved", "date": "2025-02-01"}
        ).action_leave()
        self.assertEqual((membership.state, membership.leave_reason), ("left", "moved"))

    def test_form_registers_member(self):
        """The membership form registers a person and shows their data."""
        partner = self._person("Đỗ Thị G", occupation_group="farmer")
        form = Form(self.Membership)
        form.partner_id = partner
        form.association_id = self.branch_a2
        membership = form.save()
        self.assertEqual(membership.occupation_group, "farmer")
        self.assertEqual(membership.citizen_id, partner.citizen_id)
        self.assertTrue(membership.number.startswith("A2-"))

    def test_invitation_link_e_mailed_to_the_member_only(self):
        """With an e-mail address, the invitation goes to the member by e-mail: not to the officer, not to the
        chatter."""
        membership = self._member(self.branch_a1, name="Trần Văn Thư")
        membership.partner_id.email = "thu@example.com"
        officer = self._user("invite_mail_a1", "congdan_hoctap.group_branch_officer", self.branch_a1)
        sent = []
        Template = type(self.env["mail.template"])
        with patch.object(
            Template,
            "send_mail",
            autospec=True,
            side_effect=lambda template, res_id, **kw: sent.append((template, res_id, kw)),
        ):
            result = membership.with_user(officer).action_invite_to_portal()
        user = membership.partner_id.user_ids
        self.assertEqual(
            [(template, res_id, kw["email_values"]["email_to"]) for template, res_id, kw in sent],
            [(self.env.ref("auth_signup.set_password_email"), user.id, "thu@example.com")],
        )
        self.assertNotIn("token=", result["params"]["message"])
        self.assertFalse(membership.message_ids.filtered(lambda m: "token=" in (m.body or "")))

    def test_branch_officer_invites_member_to_portal(self):
        """A branch officer gives a member a portal account (login: CCCD); the invitation link is shown
        once to them when the member has no e-mail, and never kept in the chatter other users read."""
        membership = self._member(self.branch_a1, name="Lê Thị Mời")
        other = self._member(self.branch_b1, name="Người xã khác")
        officer = self._user("invite_a1", "congdan_hoctap.group_branch_officer", self.branch_a1)
        result = membership.with_user(officer).action_invite_to_portal()
        user = membership.partner_id.user_ids
        self.assertEqual(user.login, membership.partner_id.citizen_id)
        self.assertTrue(user._is_portal())
        # Before, the link (valid 144 h) was posted as an internal note every viewer of the branch could use.
        self.assertFalse(
            membership.message_ids.filtered(lambda m: "token=" in (m.body or "")),
            "the invitation link is not kept in the chatter",
        )
        self.assertIn("token=", result["params"]["message"], "shown once to the inviting officer")
        xmlrpc.client.loads(rpc_dumps((result,)))
        with self.assertRaisesRegex(UserError, "already has an account"):
            membership.with_user(officer).action_invite_to_portal()
        with self.assertRaises(AccessError):
            other.with_user(officer).action_invite_to_portal()
        no_id = self.Membership.create(
            {"partner_id": self.Partner.create({"name": "Không CCCD"}).id, "association_id": self.branch_a1.id}
        )
        with self.assertRaisesRegex(UserError, "no citizen ID"):
            no_id.with_user(officer).action_invite_to_portal()


@tagged("post_install", "-at_install")
class TestMembershipWorkflowGuard(HoctapCase):
    """Finding 2 (issue 9): status, number and history of a membership hold over the external API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keeper = cls._user("wf_branch_a1", "congdan_hoctap.group_branch_officer", cls.branch_a1)
        cls.viewer = cls._user("wf_viewer_a", "congdan_hoctap.group_viewer", cls.commune_a)

    def test_deceased_member_cannot_be_made_active(self):
        """A deceased member is never made active again by writing the state."""
        membership = self._member(self.branch_a1)
        membership.with_user(self.keeper).action_mark_deceased()
        for vals in ({"state": "active"}, {"state": "suspended"}, {"date_leave": False}, {"leave_reason": "moved"}):
            with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
                self._rpc(self.keeper, membership, "write", vals)
        self.assertEqual((membership.state, membership.leave_reason), ("deceased", "deceased"))

    def test_numbers_and_history_links_not_rewritten(self):
        """Member numbers and the links between a membership and its continuation are the workflow's."""
        membership = self._member(self.branch_a1)
        following = membership._transfer_to(self.branch_a2, fields.Date.today())
        with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
            self._rpc(self.keeper, following, "write", {"number": "A1-999999"})
        with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
            self._rpc(self.keeper, following, "write", {"previous_membership_id": False})
        self.assertEqual(following.previous_membership_id, membership)
        self.assertEqual(following.state, "active", "a transfer still opens the continuation")

    def test_create_takes_no_workflow_field(self):
        """A client creates an active membership numbered by the sequence, nothing else."""
        for vals in (
            {"state": "deceased"},
            {"number": "A1-000042"},
            {"date_leave": "2020-01-01"},
            {"previous_membership_id": self._member(self.branch_a2).id},
        ):
            partner = self._person("Người tạo")
            with self.assertRaisesRegex(UserError, "change only through the workflow buttons"):
                call_kw(
                    self.Membership.with_user(self.keeper),
                    "create",
                    [{"partner_id": partner.id, "association_id": self.branch_a1.id, **vals}],
                    {},
                )

    def test_ended_membership_is_locked(self):
        """A membership that ended is history: its type and join date are locked."""
        membership = self._member(self.branch_a1)
        membership.with_user(self.keeper)._leave(reason="moved")
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self._rpc(self.keeper, membership, "write", {"date_join": "2001-01-01"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self._rpc(self.keeper, membership, "write", {"member_type": "honorary"})

    def test_status_actions_need_a_member_keeper(self):
        """A viewer is refused by the action itself (not only by the access rights) even under sudo."""
        membership = self._member(self.branch_a1)
        for method in ("action_suspend", "action_mark_deceased"):
            with self.assertRaises(UserError) as caught:
                getattr(membership.with_user(self.viewer).sudo(), method)()
            self.assertNotIsInstance(caught.exception, AccessError)
            self.assertIn("Only a branch officer", str(caught.exception))
        self.assertEqual(membership.state, "active")

    def test_actions_answer_xmlrpc(self):
        """Every status action returns a value XML-RPC can carry (never None)."""
        membership = self._member(self.branch_a1)
        for method in ("action_suspend", "action_reactivate", "action_mark_deceased"):
            result = self._rpc(self.keeper, membership, method)
            self.assertMarshals(result)
        self.assertEqual(membership.state, "deceased")
        other = self._member(self.branch_a1)
        self.assertMarshals(self._rpc(self.keeper, other, "action_leave"))
        wizard = (
            self.env["hoctap.membership.leave"]
            .with_user(self.keeper)
            .create({"membership_ids": [(6, 0, other.ids)], "reason": "moved"})
        )
        self.assertMarshals(self._rpc(self.keeper, wizard, "action_leave"))
        self.assertEqual(other.state, "left")
