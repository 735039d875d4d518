# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import csv
import io
from types import SimpleNamespace
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import xlsxwriter

from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

from ..tools.bulk import bulk_create, draw_ids
from ..wizards.hoctap_membership_import import COLUMNS
from .common import HoctapCase

HEADERS = [header for _key, header, _required in COLUMNS]


def _csv(rows):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return base64.b64encode(output.getvalue().encode("utf-8"))


def _row(branch, cccd, name, birth="1990", ethnicity="", consent="", **extra):
    cells = dict(
        zip(
            [key for key, _h, _r in COLUMNS],
            [
                branch,
                cccd,
                name,
                birth,
                "Nam",
                ethnicity,
                consent,
                "Nông dân",
                "Cá nhân",
                "01/02/2024",
                "",
                "0912000000",
                "Thôn 1",
            ],
            strict=False,
        )
    )
    cells.update(extra)
    return [cells[key] for key, _h, _r in COLUMNS]


@tagged("post_install", "-at_install")
class TestMembershipImport(HoctapCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("import_officer", "congdan_hoctap.group_branch_officer", cls.commune_a)

    def _wizard(self, rows, user=None, **vals):
        Wizard = self.env["hoctap.membership.import"].with_user(user or self.officer)
        return Wizard.create({"file": _csv(rows), "filename": "ds.csv", "consent_confirmed": True, **vals})

    def _persons(self, *cccds):
        return self.Partner.with_context(active_test=False).search([("citizen_id", "in", list(cccds))])

    def _error_file_rows(self, wizard):
        raw = base64.b64decode(wizard.sudo().error_file_id.datas).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(raw)))

    def test_dry_run_lists_every_bad_row_and_writes_nothing(self):
        """A dry run names each bad row's line and column with the reason, and writes nothing."""
        wizard = self._wizard(
            [
                _row("A1", "001190000001", "Nguyễn Văn Tốt"),
                _row("A1", "12345", "Trần Thị Sai"),
                _row("ZZ", "001190000003", "Lê Văn Lạc"),
                _row("A1", "001190000004", "", birth="1890"),
            ]
        )
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.line_count, wizard.error_count), ("failed", 4, 3))
        self.assertIn("Line 3, column “Số CCCD”", wizard.error_summary)
        self.assertIn("Line 4, column “Chi hội (mã hoặc đường dẫn)”", wizard.error_summary)
        self.assertIn("Line 5, column “Họ và tên”", wizard.error_summary)
        self.assertIn("Line 5, column “Ngày sinh hoặc năm sinh”", wizard.error_summary)
        self.assertFalse(self._persons("001190000001"))
        rows = self._error_file_rows(wizard)
        self.assertEqual(rows[0][-1], "Lỗi")
        self.assertEqual(rows[1][-1], "")
        self.assertIn("12 digits", rows[2][-1])
        self.assertEqual(rows[2][:-1], _row("A1", "12345", "Trần Thị Sai"))

    def test_dry_run_of_a_good_file_writes_nothing(self):
        """Checking a good file reports no error and creates no person or membership."""
        wizard = self._wizard([_row("A1", "001190000011", "Nguyễn Văn Một")])
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.error_count), ("checked", 0))
        self.assertFalse(self._persons("001190000011"))

    def test_import_writes_persons_memberships_and_consents(self):
        """The import creates each person with their consent and a numbered membership of the row's branch."""
        wizard = self._wizard(
            [
                _row(
                    self.branch_a1.complete_name,
                    "001190000021",
                    "Nguyễn Văn Hai",
                    birth="15/03/1990",
                    ethnicity="Tày",
                    consent="Có",
                ),
                _row("A2", "001190000022", "Trần Thị Ba", number="A2-LEGACY-7"),
            ]
        )
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.membership_count, wizard.new_person_count), ("done", 2, 2))
        first, second = self._persons("001190000021"), self._persons("001190000022")
        self.assertEqual(str(first.birth_date), "1990-03-15")
        self.assertEqual((first.gender, first.occupation_group, first.ethnicity), ("male", "farmer", "Tày"))
        self.assertEqual(first.hoctap_consent_ids.channel, "import")
        self.assertTrue(first.hoctap_sensitive_consent)
        self.assertFalse(second.hoctap_sensitive_consent)
        membership = first.hoctap_membership_ids
        self.assertEqual((membership.association_id, membership.state), (self.branch_a1, "active"))
        self.assertTrue(membership.number.startswith("A1-"))
        self.assertEqual(second.hoctap_membership_ids.number, "A2-LEGACY-7")
        self.assertEqual(str(membership.date_join), "2024-02-01")

    def test_all_or_nothing(self):
        """One bad row: the real run writes none of the rows."""
        wizard = self._wizard([_row("A1", "001190000031", "Nguyễn Văn Bốn"), _row("A1", "abc", "Sai")])
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.error_count), ("failed", 1))
        self.assertFalse(self._persons("001190000031"))

    def test_all_or_nothing_when_the_models_refuse_a_row(self):
        """A refusal the models raise while writing rolls back every row already written."""
        running = self._member(self.branch_a2)
        Wizard = type(self.env["hoctap.membership.import"])
        original = Wizard._membership_vals

        def second_row_breaks(wizard, row):
            vals = original(wizard, row)
            return dict(vals, partner_id=running.partner_id.id) if row.line == 3 else vals

        wizard = self._wizard([_row("A1", "001190000041", "Nguyễn Văn Năm"), _row("A1", "001190000042", "Sáu")])
        with patch.object(Wizard, "_membership_vals", second_row_breaks), self.assertRaises(UserError):
            wizard.action_import()
        self.assertFalse(self._persons("001190000041", "001190000042"))

    def test_known_person_matched_by_citizen_id(self):
        """A person already known by their CCCD gets a new membership, not a duplicate."""
        old = self._member(self.branch_a2, date_join="2020-01-01")
        old._leave(reason="moved", date="2023-12-31")
        cccd = old.partner_id.citizen_id
        wizard = self._wizard([_row("A1", cccd, "Tên Khác Trong Sổ")])
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.known_person_count, wizard.new_person_count), ("done", 1, 0))
        self.assertEqual(len(self._persons(cccd)), 1)
        self.assertEqual(
            old.partner_id.hoctap_membership_ids.filtered(lambda m: m.state == "active").association_id, self.branch_a1
        )

    def test_running_membership_elsewhere_refused_with_its_place(self):
        """A known person running elsewhere is refused, and the message names that association."""
        running = self._member(self.branch_b1)
        wizard = self._wizard([_row("A1", running.partner_id.citizen_id, "Nguyễn Văn Bảy")])
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1)
        self.assertIn(self.branch_b1.complete_name, wizard.error_summary)
        self.assertIn(running.number, wizard.error_summary)
        self.assertEqual(len(running.partner_id.hoctap_membership_ids), 1)

    def test_branch_officer_imports_into_their_scope_only(self):
        """An officer of commune A cannot import members into a branch of commune B (even over RPC)."""
        wizard = self._wizard([_row(self.branch_b1.complete_name, "001190000051", "Nguyễn Văn Tám")])
        self._rpc(self.officer, wizard, "action_import")
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("outside your associations", wizard.error_summary)
        self.assertFalse(self._persons("001190000051"))
        manager = self._user("import_manager", "congdan_hoctap.group_manager", self.province)
        wizard = self._wizard([_row(self.branch_b1.complete_name, "001190000051", "Nguyễn Văn Tám")], user=manager)
        wizard.action_import()
        self.assertEqual(self._persons("001190000051").hoctap_membership_ids.association_id, self.branch_b1)

    def test_viewer_cannot_import(self):
        """Only branch officers and above import members."""
        viewer = self._user("import_viewer", "congdan_hoctap.group_viewer", self.commune_a)
        wizard = self._wizard([_row("A1", "001190000061", "Chín")]).sudo()
        with self.assertRaises(UserError):
            wizard.with_user(viewer).action_import()

    def test_match_by_name_only_when_asked(self):
        """A row without CCCD is the same-named member of the branch born that year, only with the option."""
        person = self.Partner.create({"name": "Phạm Văn Mười", "birth_year": 1960})
        membership = self.Membership.create(
            {"partner_id": person.id, "association_id": self.branch_a1.id, "date_join": "2020-01-01"}
        )
        membership._leave(reason="moved", date="2024-01-01")
        rows = [_row("A1", "", "Phạm  văn Mười", birth="1960")]
        self._wizard(rows).action_import()
        self.assertEqual(len(self.Partner.search([("name", "=ilike", "Phạm%Mười")])), 2)
        person2 = self.Partner.create({"name": "Đỗ Thị Mười Một", "birth_year": 1961})
        self.Membership.create(
            {"partner_id": person2.id, "association_id": self.branch_a2.id, "date_join": "2020-01-01"}
        )._leave(reason="moved", date="2024-01-01")
        wizard = self._wizard([_row("A2", "", "Đỗ Thị Mười Một", birth="1961")], match_by_name=True)
        wizard.action_import()
        self.assertEqual((wizard.known_person_count, wizard.new_person_count), (1, 0))
        self.assertEqual(len(person2.hoctap_membership_ids), 2)

    def test_ethnicity_needs_explicit_consent(self):
        """The ethnic group (sensitive data) is refused without the person's explicit consent in the row."""
        wizard = self._wizard([_row("A1", "001190000071", "Mười Hai", ethnicity="Mường")])
        wizard.action_check()
        self.assertIn("column “Dân tộc”", wizard.error_summary)

    def test_personal_data_needs_the_consent_confirmation(self):
        """Without confirming the persons consented, rows with personal data are refused."""
        wizard = self._wizard([_row("A1", "001190000081", "Mười Ba")], consent_confirmed=False)
        wizard.action_import()
        self.assertEqual(wizard.error_count, 1)
        self.assertFalse(self._persons("001190000081"))

    def test_xlsx_file_and_template(self):
        """XLSX works too (a CCCD typed as a number keeps its leading zeros); the template has the headers."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADERS)
        sheet.write_row(1, 0, ["A1", 1190000091, "Mười Bốn", 1985])
        sheet.write_row(2, 0, ["A1", "bad", "Mười Lăm", 1985])
        workbook.close()
        wizard = (
            self.env["hoctap.membership.import"]
            .with_user(self.officer)
            .create({"file": base64.b64encode(output.getvalue()), "filename": "ds.xlsx", "consent_confirmed": True})
        )
        wizard.action_check()
        self.assertEqual(wizard.error_count, 1)
        errors = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.sudo().error_file_id.datas))).active
        self.assertEqual(errors.cell(1, len(HEADERS) + 1).value, "Lỗi")
        self.assertIn("12 digits", errors.cell(3, len(HEADERS) + 1).value)
        good = io.BytesIO()
        workbook = xlsxwriter.Workbook(good, {"in_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADERS)
        sheet.write_row(1, 0, ["A1", 1190000091, "Mười Bốn", 1985])
        workbook.close()
        wizard.write({"file": base64.b64encode(good.getvalue())})
        wizard.action_import()
        self.assertEqual(self._persons("001190000091").birth_year, 1985)
        action = self.env["hoctap.membership.import"].with_user(self.officer).create({}).action_download_template()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        template = openpyxl.load_workbook(io.BytesIO(attachment.raw)).active
        self.assertEqual([cell.value for cell in template[1]], HEADERS)


@tagged("post_install", "-at_install")
class TestMembershipImportInBackground(HoctapCase):
    """A file of more rows than the job threshold is imported by one job, as the user, all rows or none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("import_job_officer", "congdan_hoctap.group_branch_officer", cls.commune_a)
        cls.env["ir.config_parameter"].sudo().set_param("congdan_hoctap.job_threshold", 2)
        cls.cccds = ["001190000101", "001190000102", "001190000103"]

    def setUp(self):
        super().setUp()
        self.notified = []
        Mixin = type(self.env["hoctap.job.mixin"])
        original = Mixin._hoctap_notify_done

        def record(mixin, message, title=None, notification_type="success"):
            self.notified.append((message, notification_type))
            return original(mixin, message, title=title, notification_type=notification_type)

        self.startPatcher(patch.object(Mixin, "_hoctap_notify_done", record))

    def _wizard(self, rows, **vals):
        Wizard = self.env["hoctap.membership.import"].with_user(self.officer)
        return Wizard.create({"file": _csv(rows), "filename": "ds.csv", "consent_confirmed": True, **vals})

    def _large(self):
        names = ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba"]
        return self._wizard([_row("A1", cccd, name) for cccd, name in zip(self.cccds, names, strict=True)])

    def _persons(self, *cccds):
        return self.Partner.with_context(active_test=False).search([("citizen_id", "in", list(cccds))])

    def _kept_files(self):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "hoctap.membership.import"),
                ("res_id", "=", 0),
                ("create_uid", "=", self.officer.id),
            ]
        )

    def test_large_file_queued_then_written_by_the_job(self):
        """Above the threshold the checked file is queued (nothing written, no CCCD in the job's name); the job
        writes every row, deletes the kept file and tells the user the counts."""
        wizard = self._large()
        with trap_jobs() as trap:
            wizard.action_import()
            trap.assert_jobs_count(1, only=self.env["hoctap.membership"]._job_import_members)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.recordset.env.uid, self.officer.id)  # the job runs as the user who asked
            self.assertNotIn(self.cccds[0], f"{job.description} {job.identity_key} {job.args}")
            self.assertEqual((wizard.state, wizard.line_count), ("queued", 3))
            self.assertIn("3 rows", wizard.job_message)
            self.assertFalse(self._persons(*self.cccds))
            self.assertEqual(len(self._kept_files()), 1)
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._persons(*self.cccds).hoctap_membership_ids), 3)
        self.assertEqual((wizard.state, wizard.membership_count, wizard.new_person_count), ("done", 3, 3))
        self.assertFalse(self._kept_files())
        self.assertEqual(len(self.notified), 1)
        self.assertIn("3 rows imported: 3 new persons", self.notified[0][0])
        self.assertEqual(wizard.job_message, self.notified[0][0])  # shown on the wizard reopened
        self.assertEqual(self.notified[0][1], "success")

    def test_check_and_wrong_files_stay_inline(self):
        """The dry run never queues; a large file with an error is refused in the request, nothing queued."""
        wizard = self._large()
        with trap_jobs() as trap:
            wizard.action_check()
            self.assertEqual(wizard.state, "checked")
            bad = self._wizard([_row("A1", cccd, "Tên") for cccd in [*self.cccds[:2], "123"]])
            bad.action_import()
            self.assertEqual((bad.state, bad.error_count), ("failed", 1))
            trap.assert_jobs_count(0)
        self.assertFalse(self._kept_files())

    def test_small_file_imported_inline(self):
        """Up to the threshold the import runs in the request."""
        wizard = self._wizard([_row("A1", cccd, "Tên Người") for cccd in self.cccds[:2]])
        with trap_jobs() as trap:
            wizard.action_import()
            trap.assert_jobs_count(0)
        self.assertEqual((wizard.state, wizard.membership_count), ("done", 2))

    def test_file_invalid_when_the_job_runs_writes_nothing(self):
        """The job checks the whole file again: a person who became a running member elsewhere meanwhile makes
        it write no row; the user gets the file with errors."""
        wizard = self._large()
        with trap_jobs() as trap:
            wizard.action_import()
            running = self._member(self.branch_b1)
            running.partner_id.citizen_id = self.cccds[1]
            trap.perform_enqueued_jobs()
        self.assertFalse(self._persons(self.cccds[0], self.cccds[2]))
        self.assertEqual(len(running.partner_id.hoctap_membership_ids), 1)
        self.assertEqual((wizard.state, wizard.error_count), ("failed", 1))
        self.assertIn(self.branch_b1.complete_name, wizard.error_summary)
        message, kind = self.notified[0]
        self.assertEqual(kind, "warning")
        self.assertIn(f"/web/content/{wizard.error_file_id.id}?download=true", message)
        self.assertFalse(self._kept_files())

    def test_job_runs_with_the_users_rights(self):
        """The job imports as the user who asked: moved out of the rows' commune meanwhile, they are refused."""
        wizard = self._large()
        with trap_jobs() as trap:
            wizard.action_import()
            self.officer.sudo().hoctap_association_ids = self.commune_b
            trap.perform_enqueued_jobs()
        self.assertFalse(self._persons(*self.cccds))
        self.assertEqual((wizard.state, wizard.error_count), ("failed", 3))
        self.assertIn("outside your associations", wizard.error_summary)
        self.assertEqual(self.notified[0][1], "warning")

    def test_job_imports_when_the_wizard_is_gone(self):
        """The file is kept for the job: a wizard vacuumed before the job runs does not lose the import."""
        wizard = self._large()
        with trap_jobs() as trap:
            wizard.action_import()
            wizard.sudo().unlink()
            trap.perform_enqueued_jobs()
        self.assertEqual(len(self._persons(*self.cccds).hoctap_membership_ids), 3)
        self.assertIn("3 rows imported", self.notified[0][0])
        self.assertFalse(self._kept_files())

    def test_progress_shown_while_the_job_waits(self):
        """The wizard shows the stored job's progress; the job is the user's, names no person, and runs from the
        stored record."""
        wizard = self._large()
        wizard.action_import()
        job = self.env["queue.job"].search([("method_name", "=", "_job_import_members")])
        self.assertEqual(job.user_id, self.officer)
        self.assertNotIn(self.cccds[0], f"{job.name} {job.identity_key} {job.args}")
        self.assertIn("Running in the background", wizard.job_progress)
        wizard.action_import()  # again while the job waits: not queued twice, the file kept once
        self.assertEqual(self.env["queue.job"].search_count([("method_name", "=", "_job_import_members")]), 1)
        self.assertEqual(len(self._kept_files()), 1)
        Job.load(self.env, job.uuid).perform()  # as the runner does: arguments and user from the stored job
        self.assertEqual(len(self._persons(*self.cccds)), 3)
        self.assertFalse(wizard.job_progress)


@tagged("post_install", "-at_install")
class TestMembershipImportSqlMatchesOrm(HoctapCase):
    """The set-based write leaves in the database what the ORM's ``create`` of the same rows leaves."""

    # differ by nature between two creations: the ids, and the consent's time taken from the clock
    SKIP = {"res_partner": {"id", "commercial_partner_id"}, "hoctap_consent": {"id", "partner_id", "date"}}
    SKIP["hoctap_membership"] = {"id", "partner_id"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user("import_sql_officer", "congdan_hoctap.group_branch_officer", cls.commune_a)
        cls.known = cls.Partner.sudo().create({"name": "Đã Biết", "citizen_id": "001190000105"})
        cls.rows = [
            _row(
                "A1", "001190000101", "Nguyễn Văn Một", birth="15/03/1990", ethnicity="Tày", consent="Có", number="S-1"
            ),
            _row("A2", "001190000102", "Trần  Thị Hai", birth="1985", phone="0987 654 321", number="S-2"),
            _row("A1", "", "Lê Văn Ba", birth="", gender="", occupation_group="", phone="", address="", number="S-3"),
            _row("A1", "001190000104", "Phạm Bốn", birth="02/01/2001", member_type="Danh dự", number="S-4"),
            _row("A2", "001190000105", "Đã Biết", birth="", gender="", occupation_group="", number="S-5"),
        ]

    def _raw(self, table, column, ids):
        self.env.flush_all()
        self.env.cr.execute(f"SELECT * FROM {table} WHERE {column} = ANY(%s) ORDER BY {column}, id", [list(ids)])
        return [
            {k: v for k, v in row.items() if k not in self.SKIP.get(table, ())} for row in self.env.cr.dictfetchall()
        ]

    def _counts(self):
        self.env.cr.execute(
            "SELECT (SELECT count(*) FROM mail_message), (SELECT count(*) FROM mail_followers),"
            " (SELECT count(*) FROM hoctap_personal_data_log)"
        )
        return self.env.cr.fetchone()

    def _snapshot(self, rows):
        """Persons, consents and memberships of the rows' persons, raw, by person id."""
        partner_ids = [row.partner_id for row in rows]
        persons = self._raw("res_partner", "id", partner_ids)
        self.env.cr.execute("SELECT id, commercial_partner_id FROM res_partner WHERE id = ANY(%s)", [partner_ids])
        self.assertTrue(all(pid == commercial or pid == self.known.id for pid, commercial in self.env.cr.fetchall()))
        return (
            persons,
            self._raw("hoctap_consent", "partner_id", partner_ids),
            self._raw("hoctap_membership", "partner_id", partner_ids),
        )

    def test_sql_write_matches_orm_create_column_by_column(self):
        """Every column of each person, consent and membership equals what ORM create writes for the row."""
        wizard = (
            self.env["hoctap.membership.import"]
            .with_user(self.officer)
            .create({"file": _csv(self.rows), "filename": "ds.csv", "consent_confirmed": True})
        )
        quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True}
        before = self._counts()
        with self.env.cr.savepoint(flush=True) as savepoint:
            rows, _source = wizard._prepare()
            self.assertFalse([row.errors for row in rows if row.errors])
            Partner = self.env["res.partner"].with_user(self.officer).with_context(**quiet)
            for row in rows:  # what the import did before it wrote set-based, a row at a time
                if not row.partner_id:
                    vals = wizard._partner_vals(row)
                    if row.values["personal"]:
                        consent = {k: v for k, v in wizard._consent_vals(row).items() if k != "partner_id"}
                        vals["hoctap_consent_ids"] = [(0, 0, consent)]
                    row.partner_id = Partner.create(vals).id
                elif wizard._needs_consent(row):
                    self.env["hoctap.consent"].with_user(self.officer).with_context(**quiet).create(
                        dict(wizard._consent_vals(row), sensitive_data=False)
                    )
            self.env["hoctap.membership"].with_user(self.officer).with_context(**quiet)._workflow().create(
                [wizard._membership_vals(row) for row in rows]
            )
            Partner.env.flush_all()  # the recomputations as the importing officer, as in the import
            orm = self._snapshot(rows)
            orm_counts = self._counts()
            savepoint.rollback()
        self.env.invalidate_all(flush=False)
        self.assertEqual(self._counts(), before)
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.membership_count, wizard.known_person_count), ("done", 5, 1))
        persons = self.Partner.search([("name", "in", ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Bốn"])])
        sql = self._snapshot([SimpleNamespace(partner_id=pid) for pid in [*persons.ids, self.known.id]])
        for table, orm_rows, sql_rows_ in zip(
            ("res_partner", "hoctap_consent", "hoctap_membership"), orm, sql, strict=True
        ):
            self.assertEqual(len(orm_rows), len(sql_rows_), table)
            for orm_row, sql_row in zip(orm_rows, sql_rows_, strict=True):
                differing = {k: (orm_row[k], sql_row.get(k)) for k in orm_row if orm_row[k] != sql_row.get(k)}
                self.assertFalse(differing, f"{table}: {orm_row.get('name') or orm_row.get('number')}")
        self.assertEqual(self._counts()[0] - before[0], orm_counts[0] - before[0], "messages")
        self.assertEqual(self._counts()[1:], orm_counts[1:], "followers, personal-data access log")

    def test_sql_write_checks_scope_and_record_rules_itself(self):
        """The set-based write refuses rows outside the user's scope past the file checks, record rules included."""
        wizard = (
            self.env["hoctap.membership.import"]
            .with_user(self.officer)
            .create(
                {
                    "file": _csv([_row("A1", "001190000111", "Ngoài Phạm Vi")]),
                    "filename": "ds.csv",
                    "consent_confirmed": True,
                }
            )
        )
        rows, _source = wizard._prepare()
        rows[0].association_id = self.branch_b1.id  # as if a check had let it through
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            wizard._write(rows)
        self.assertFalse(self.Partner.search([("citizen_id", "=", "001190000111")]))
        person = self.Partner.create({"name": "Ngoài Phạm Vi"})
        Membership = self.env["hoctap.membership"].with_user(self.officer)._workflow()
        with self.assertRaises(AccessError), self.env.cr.savepoint():  # the rules of create, checked after the INSERT
            bulk_create(Membership, [{"partner_id": person.id, "association_id": self.branch_b1.id, "number": "R-1"}])
        self.assertFalse(self.Membership.search([("partner_id", "=", person.id)]))
        bulk_create(Membership, [{"partner_id": person.id, "association_id": self.branch_a1.id, "number": "R-1"}])
        self.assertEqual(person.hoctap_membership_ids.association_id, self.branch_a1)

    def test_foreign_keys_checked_by_index_whatever_the_plan_kept(self):
        """The foreign-key checks of the INSERTs do not scan the referenced table once per row.

        A plan of the check kept from when ``res_partner`` was small is a sequential scan; kept while the import
        inserts (a person refers to themself as their commercial partner), it read every row inserted so far for
        each row: 100,000 persons took minutes per chunk. Made here on purpose, then the rows are inserted.
        """
        cr = self.env.cr
        cr.execute(
            "SELECT set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true);"
            " DISCARD PLANS"
        )
        self.Partner.create({"name": "Kế Hoạch Cũ"}).flush_recordset()  # its key checks planned as scans, kept
        cr.execute("SELECT set_config('enable_indexscan', 'on', true), set_config('enable_bitmapscan', 'on', true)")

        def scans():
            cr.execute("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'res_partner'")
            return cr.fetchone()[0]

        Partner = self.env["res.partner"].with_context(tracking_disable=True)
        ids = draw_ids(Partner, 300)
        before = scans()
        bulk_create(
            Partner, [{"name": f"Khóa {i}", "commercial_partner_id": pid} for i, pid in enumerate(ids)], ids=ids
        )
        self.assertLess(scans() - before, 30)
        cr.execute("SHOW enable_seqscan")
        self.assertEqual(cr.fetchone()[0], "on")  # restored after the INSERTs
