# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Import a branch's or a commune's member list (XLSX or CSV): one row = a person and their membership.

Built for the first day of an association on the addon, when its members live in Excel workbooks.
Every check a form or the models make is made here too, but on the whole file at once (one query for
all citizen IDs, one for all associations, one for all running memberships), so that a dry run lists
every bad row and a real run writes every row or none.
"""

import base64
import contextlib
import csv
import datetime
import io
import re
import unicodedata

import openpyxl
import psycopg2

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..models.res_partner import CCCD_PATTERN
from ..models.res_partner_personal_data import _personal_names
from ..tools.bulk import bulk_create, draw_ids
from ..tools.xlsx import XlsxFile, download_action

# key, header of the template (Vietnamese: the workbooks are the associations' own), required
COLUMNS = [
    ("association", "Chi hội (mã hoặc đường dẫn)", True),
    ("citizen_id", "Số CCCD", False),
    ("name", "Họ và tên", True),
    ("birth", "Ngày sinh hoặc năm sinh", False),
    ("gender", "Giới tính", False),
    ("ethnicity", "Dân tộc", False),
    ("sensitive_consent", "Đồng ý lưu dân tộc", False),
    ("occupation_group", "Nhóm nghề nghiệp", False),
    ("member_type", "Loại hội viên", False),
    ("date_join", "Ngày vào hội", False),
    ("number", "Số thẻ hội viên", False),
    ("phone", "Điện thoại", False),
    ("address", "Địa chỉ", False),
]
ERROR_HEADER = "Lỗi"
EXAMPLE_ROW = [
    "HN / Xã A / Thôn A1",
    "001090000001",
    "Nguyễn Văn An",
    "15/03/1990",
    "Nam",
    "Kinh",
    "Có",
    "Nông dân",
    "Cá nhân",
    "01/01/2020",
    "",
    "0912345678",
    "Thôn A1, xã A",
]
RUNNING = ("active", "suspended")
# A bulk import leaves no chatter: no creation message, follower or tracking per record (as before).
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True, "mail_notrack": True}


def _norm(text):
    """Lower case, NFC, single spaces: how headers and choices are compared."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).lower().split())


# Choices as written in the workbooks (Vietnamese) or as the addon's keys.
GENDERS = {
    "nam": "male",
    "nữ": "female",
    "nu": "female",
    "khác": "other",
    "male": "male",
    "female": "female",
    "other": "other",
}
OCCUPATIONS = {
    "nông dân": "farmer",
    "nông dân / lao động nông thôn": "farmer",
    "lao động nông thôn": "farmer",
    "công nhân": "worker",
    "thợ thủ công": "worker",
    "công nhân / thợ thủ công": "worker",
    "cán bộ": "official",
    "công chức": "official",
    "viên chức": "official",
    "cán bộ, công chức, viên chức": "official",
    "doanh nhân": "entrepreneur",
    "quản lý": "entrepreneur",
    "doanh nhân / quản lý": "entrepreneur",
    "học sinh": "student",
    "sinh viên": "student",
    "học sinh / sinh viên": "student",
    "hưu trí": "retired",
    "khác": "other",
    **{key: key for key in ("farmer", "worker", "official", "entrepreneur", "student", "retired", "other")},
}
MEMBER_TYPES = {
    "cá nhân": "individual",
    "danh dự": "honorary",
    "tập thể": "collective",
    "individual": "individual",
    "honorary": "honorary",
    "collective": "collective",
}
YES = {"có", "co", "x", "yes", "y", "1", "true", "đồng ý"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


class ImportRow:
    """One data row of the file: its line number, its cells by column key, and what it resolved to."""

    __slots__ = ("line", "cells", "columns", "values", "partner_id", "association_id", "errors")

    def __init__(self, line, cells):
        self.line = line
        self.cells = cells
        self.values = {}
        self.partner_id = False
        self.association_id = False
        self.errors = []
        self.columns = {}


class HoctapMembershipImport(models.TransientModel):
    """Import persons and their memberships from the association's own workbook.

    Persons are matched by citizen ID (no duplicates: a known person gets a new membership, refused
    while they are a running member elsewhere); rows without a citizen ID are matched by name, year of
    birth and branch only when the officer asks for it. A dry run writes nothing; the import writes all
    rows or none. Rows are written as the user: a branch officer imports into their own scope only.
    """

    _name = "hoctap.membership.import"
    _description = "Import Members"

    file = fields.Binary(string="File (XLSX or CSV)", attachment=False)
    filename = fields.Char()
    match_by_name = fields.Boolean(
        string="Match Rows Without Citizen ID by Name",
        help="A row without a citizen ID is the person of the same name and year of birth who has (or had) a "
        "membership of the row's association, if there is exactly one; otherwise a new person is created.",
    )
    consent_confirmed = fields.Boolean(
        string="The Persons Consented",
        help="Every person listed consented to the processing of their personal data for membership "
        "management (the signed forms are kept by the branch). Each new person gets a consent through the "
        "import channel; the ethnic group is kept only where the row says the person agreed to it.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("checked", "Checked"), ("failed", "Errors found"), ("done", "Imported")],
        default="draft",
        readonly=True,
    )
    line_count = fields.Integer(string="Rows", readonly=True)
    error_count = fields.Integer(string="Rows With Errors", readonly=True)
    new_person_count = fields.Integer(string="New Persons", readonly=True)
    known_person_count = fields.Integer(string="Known Persons", readonly=True)
    membership_count = fields.Integer(string="Memberships Created", readonly=True)
    error_summary = fields.Text(readonly=True)
    error_file_id = fields.Many2one("ir.attachment", string="File With Errors", readonly=True)

    # ---- Actions ----
    def action_download_template(self):
        """The empty workbook with the Vietnamese headers and one example row."""
        xlsx = XlsxFile()
        text = xlsx.add_format({"num_format": "@"})
        sheet = xlsx.workbook.add_worksheet("Hoi vien")
        headers = [header for _key, header, _required in COLUMNS]
        for col, (key, _header, _required) in enumerate(COLUMNS):
            sheet.set_column(col, col, 22, text if key in ("citizen_id", "number", "phone") else None)
        sheet.write_row(0, 0, headers, xlsx.header)
        sheet.write_row(1, 0, EXAMPLE_ROW)
        return xlsx.deliver(self[:1] or self.create({}), "mau_nhap_hoi_vien.xlsx")

    def action_check(self):
        """Dry run: check every row and report every error; nothing is written."""
        self.ensure_one()
        rows, source = self._prepare()
        self._finish(rows, source, done=False)
        return self._reopen()

    def action_import(self):
        """Check every row, then write all of them, or none when one row is wrong."""
        self.ensure_one()
        rows, source = self._prepare()
        if not any(row.errors for row in rows) and self._hoctap_import_in_background(rows, source):
            return self._reopen()  # a large file: a job imports it (see hoctap_membership_import_jobs.py)
        if not any(row.errors for row in rows):
            try:
                with self.env.cr.savepoint():
                    counts = self._write(rows)
            except (UserError, ValidationError, psycopg2.IntegrityError) as error:
                self.env.transaction.clear()  # the rows rolled back: no cache or pending computation of theirs
                raise UserError(
                    self.env._("Nothing was imported: %(reason)s", reason=error.args[0] if error.args else error)
                ) from error
            self.write(counts)
        self._finish(rows, source, done=True)
        return self._reopen()

    def action_download_errors(self):
        self.ensure_one()
        if not self.error_file_id:
            raise UserError(self.env._("There is no file with errors."))
        return download_action(self.error_file_id)

    # ---- Reading ----
    def _prepare(self):
        self._check_importer()
        if not self.file:
            raise UserError(self.env._("Choose the file to import."))
        headers, raw_rows, dialect = self._read_file()
        keys = self._map_headers(headers)
        rows = [
            ImportRow(line, {key: raw[col] if col < len(raw) else None for col, key in keys.items()})
            for line, raw in raw_rows
        ]
        if not rows:
            raise UserError(self.env._("The file has no data row under its header."))
        columns = {key: headers[col] for col, key in keys.items()}
        for row in rows:
            row.columns = columns
        self._validate(rows)
        return rows, (headers, raw_rows, dialect)

    def _check_importer(self):
        """Only those who keep members (branch officers and above) import them, even under sudo."""
        if not self.env.user.has_group("congdan_hoctap.group_branch_officer"):
            raise UserError(self.env._("Only a branch officer or above imports members."))

    def _read_file(self):
        """Header, ``(line number, cells)`` of each non-empty row, and the CSV dialect (None for XLSX)."""
        content = base64.b64decode(self.file)
        if content[:2] == b"PK":
            return self._read_xlsx(content) + (None,)
        return self._read_csv(content)

    def _read_xlsx(self, content):
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise UserError(self.env._("The file is not a readable XLSX workbook.")) from error
        lines = book.worksheets[0].iter_rows(values_only=True)
        headers = [str(cell or "").strip() for cell in next(lines, ())]
        rows = [
            (line, list(cells))
            for line, cells in enumerate(lines, start=2)
            if any(cell not in (None, "") for cell in cells)
        ]
        book.close()
        return headers, rows

    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(self.env._("Save the CSV file as UTF-8.")) from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        headers = [cell.strip() for cell in next(reader, [])]
        rows = [(line, cells) for line, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
        return headers, rows, dialect

    def _map_headers(self, headers):
        """Column index → key; a header is the template's Vietnamese one or the key itself."""
        known = {_norm(header): key for key, header, _required in COLUMNS}
        known.update({key: key for key, _header, _required in COLUMNS})
        keys = {col: known[_norm(header)] for col, header in enumerate(headers) if _norm(header) in known}
        missing = [header for key, header, required in COLUMNS if required and key not in keys.values()]
        if missing:
            raise UserError(
                self.env._("The file has no column %(columns)s: start from the template.", columns=", ".join(missing))
            )
        return keys

    # ---- Checking ----
    def _validate(self, rows):
        """Every check, on the whole file: formats, then the database in a few queries."""
        today = fields.Date.context_today(self)
        for row in rows:
            self._parse_row(row, today)
        if not self.consent_confirmed:
            for row in rows:
                if row.values.get("personal"):
                    self._error(
                        row,
                        "citizen_id",
                        self.env._(
                            "Personal data is imported only when the persons consented: tick “The Persons Consented”."
                        ),
                    )
        self._resolve_associations(rows)
        self._check_duplicates_in_file(rows)
        self._match_persons(rows)
        self._check_running_memberships(rows)
        self._check_numbers(rows)

    @staticmethod
    def _error(row, key, message):
        """Record on ``row`` an error of the column ``key``, named by its header in the file."""
        row.errors.append((row.columns.get(key) or next(h for k, h, _r in COLUMNS if k == key), message))

    def _text(self, row, key):
        value = row.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _parse_row(self, row, today):
        values = row.values
        values["name"] = " ".join(self._text(row, "name").split())
        if not values["name"]:
            self._error(row, "name", self.env._("The name is missing."))
        self._parse_citizen_id(row)
        self._parse_birth(row, today)
        for key, choices in (("gender", GENDERS), ("occupation_group", OCCUPATIONS), ("member_type", MEMBER_TYPES)):
            text = self._text(row, key)
            values[key] = choices.get(_norm(text)) if text else False
            if text and not values[key]:
                self._error(row, key, self.env._("“%(value)s” is not one of the choices of the template.", value=text))
        values["member_type"] = values["member_type"] or "individual"
        if values["member_type"] == "collective":
            self._error(
                row,
                "member_type",
                self.env._(
                    "A collective member is an organisation: register it from the Members menu, not with persons."
                ),
            )
        values["ethnicity"] = self._text(row, "ethnicity")
        values["sensitive_consent"] = _norm(self._text(row, "sensitive_consent")) in YES
        if values["ethnicity"] and not values["sensitive_consent"]:
            self._error(
                row,
                "ethnicity",
                self.env._(
                    "The ethnic group is sensitive personal data: it is kept only when the person agreed to it "
                    "explicitly (“Có” in the consent column)."
                ),
            )
        values["date_join"] = self._parse_date(row, "date_join") or today
        if values["date_join"] and values["date_join"] > today:
            self._error(row, "date_join", self.env._("The date of joining is in the future."))
        birth_date = values.get("birth_date")
        if birth_date and values["date_join"] and values["date_join"] < birth_date:
            self._error(row, "date_join", self.env._("The date of joining is before the date of birth."))
        values["number"] = self._text(row, "number")
        values["phone"] = self._text(row, "phone")
        values["address"] = self._text(row, "address")
        values["personal"] = bool(
            values["citizen_id"]
            or values.get("birth_year")
            or values["gender"]
            or values["ethnicity"]
            or values["occupation_group"]
        )

    def _parse_citizen_id(self, row):
        value = row.cells.get("citizen_id")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value)).zfill(12)  # a number cell lost the leading zeros of the province code
        value = str(value or "").strip().replace(" ", "")
        row.values["citizen_id"] = value
        if value and not CCCD_PATTERN.match(value):
            self._error(
                row,
                "citizen_id",
                self.env._("The citizen ID must be exactly 12 digits (got “%(value)s”).", value=value),
            )

    def _parse_birth(self, row, today):
        text = self._text(row, "birth")
        if re.fullmatch(r"\d{4}", text):
            row.values["birth_date"], row.values["birth_year"] = False, int(text)
        else:
            row.values["birth_date"] = self._parse_date(row, "birth")
            row.values["birth_year"] = row.values["birth_date"].year if row.values["birth_date"] else False
        year = row.values["birth_year"]
        if year and not 1900 <= year <= today.year:
            self._error(row, "birth", self.env._("The year of birth must be between 1900 and this year."))
        elif row.values["birth_date"] and row.values["birth_date"] > today:
            self._error(row, "birth", self.env._("The date of birth is in the future."))

    def _parse_date(self, row, key):
        value = row.cells.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self._text(row, key)
        if not text:
            return False
        match = DMY.fullmatch(text)
        if match:  # the template's dd/mm/yyyy without strptime (a third of the checks' time)
            with contextlib.suppress(ValueError):  # 31/02: refused below, as strptime refuses it
                return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self._error(row, key, self.env._("“%(value)s” is not a date (write it as dd/mm/yyyy).", value=text))
        return False

    def _resolve_associations(self, rows):
        """Associations by code or full path, in one query; each must be in the user's scope."""
        wanted = {self._text(row, "association") for row in rows} - {""}
        Association = self.env["hoctap.association"].sudo().with_context(active_test=False)
        found = Association.search_read(
            ["|", ("code", "in", list(wanted)), ("complete_name", "in", list(wanted))],
            ["code", "complete_name", "active"],
        )
        by_key = {}
        for assoc in found:
            for key in {assoc["code"], assoc["complete_name"]} & wanted:
                by_key.setdefault(key, []).append(assoc)
        in_scope = self._scope_association_ids([assoc["id"] for assoc in found])
        for row in rows:
            key = self._text(row, "association")
            matches = by_key.get(key, [])
            if len(matches) > 1:  # a code is unique among siblings only: the user's own association wins
                matches = [assoc for assoc in matches if assoc["id"] in in_scope] or matches
            if not key:
                self._error(row, "association", self.env._("The branch is missing."))
            elif not matches:
                self._error(
                    row, "association", self.env._("No association has the code or path “%(value)s”.", value=key)
                )
            elif len(matches) > 1:
                self._error(
                    row,
                    "association",
                    self.env._(
                        "Several associations have the code “%(value)s”: write the full path, e.g. %(path)s.",
                        value=key,
                        path=matches[0]["complete_name"],
                    ),
                )
            elif not matches[0]["active"]:
                self._error(
                    row,
                    "association",
                    self.env._("%(name)s is archived (merged or closed).", name=matches[0]["complete_name"]),
                )
            elif matches[0]["id"] not in in_scope:
                self._error(
                    row,
                    "association",
                    self.env._(
                        "%(name)s is outside your associations: you cannot import members into it.",
                        name=matches[0]["complete_name"],
                    ),
                )
            else:
                row.association_id = matches[0]["id"]

    def _scope_association_ids(self, ids):
        """The associations among ``ids`` where the user may create memberships (their subtree)."""
        user = self.env.user
        if user.has_group("congdan_hoctap.group_manager"):
            return set(ids)
        return set(
            self.env["hoctap.association"]
            .sudo()
            .with_context(active_test=False)
            ._search([("id", "in", ids), ("id", "child_of", user.hoctap_association_ids.ids)])
        )

    def _check_duplicates_in_file(self, rows):
        first = {}
        for row in rows:
            citizen_id = row.values["citizen_id"]
            if citizen_id and citizen_id in first:
                self._error(
                    row,
                    "citizen_id",
                    self.env._(
                        "The citizen ID %(value)s is already on line %(line)s of the file.",
                        value=citizen_id,
                        line=first[citizen_id],
                    ),
                )
            if citizen_id:
                first.setdefault(citizen_id, row.line)

    def _match_persons(self, rows):
        """Known persons by citizen ID (one query); optionally by name + year of birth + branch (one query)."""
        cr = self.env.cr
        citizen_ids = [row.values["citizen_id"] for row in rows if row.values["citizen_id"]]
        self.env["res.partner"].flush_model(
            ["citizen_id", "active", "name", "birth_year", "hoctap_consent_state", "hoctap_anonymised"]
        )
        cr.execute(
            SQL(
                """SELECT citizen_id, id, hoctap_consent_state, hoctap_anonymised FROM res_partner
                WHERE active AND citizen_id = ANY(%s)""",
                citizen_ids,
            )
        )
        known = {citizen_id: (pid, consent, anonymised) for citizen_id, pid, consent, anonymised in cr.fetchall()}
        by_name = self._persons_by_name(rows) if self.match_by_name else {}
        for row in rows:
            values = row.values
            if values["citizen_id"] in known:
                row.partner_id, values["consent_state"], anonymised = known[values["citizen_id"]]
            else:
                matches = by_name.get((_norm(values["name"]), values["birth_year"] or 0, row.association_id), ())
                if not values["citizen_id"] and len(matches) > 1:
                    self._error(
                        row,
                        "name",
                        self.env._(
                            "Several persons named %(name)s born in %(year)s are in this association: give the "
                            "citizen ID.",
                            name=values["name"],
                            year=values["birth_year"] or "?",
                        ),
                    )
                    continue
                if values["citizen_id"] or not matches:
                    continue
                row.partner_id, values["consent_state"], anonymised = matches[0]
            if values["consent_state"] == "withdrawn" or anonymised:
                self._error(
                    row,
                    "citizen_id",
                    self.env._(
                        "%(name)s withdrew their consent to the processing of their personal data (or was "
                        "anonymised): they cannot be registered again.",
                        name=values["name"],
                    ),
                )

    def _persons_by_name(self, rows):
        todo = [row for row in rows if not row.values["citizen_id"] and row.association_id]
        if not todo:
            return {}
        self.env["hoctap.membership"].flush_model(["partner_id", "association_id"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT lower(p.name), COALESCE(p.birth_year, 0), m.association_id, p.id,
                      p.hoctap_consent_state, p.hoctap_anonymised
                 FROM hoctap_membership m JOIN res_partner p ON p.id = m.partner_id
                WHERE p.active AND m.association_id = ANY(%s) AND lower(p.name) = ANY(%s)""",
                list({row.association_id for row in todo}),
                list({row.values["name"].lower() for row in todo}),
            )
        )
        by_name = {}
        for name, year, association_id, pid, consent, anonymised in self.env.cr.fetchall():
            by_name.setdefault((_norm(name), year, association_id), []).append((pid, consent, anonymised))
        return by_name

    def _check_running_memberships(self, rows):
        """A person has one running membership: a known person running elsewhere is refused, with the place."""
        partner_ids = [row.partner_id for row in rows if row.partner_id]
        self.env["hoctap.membership"].flush_model(["partner_id", "association_id", "state", "number"])
        self.env["hoctap.association"].flush_model(["complete_name"])
        self.env.cr.execute(
            SQL(
                """SELECT m.partner_id, m.association_id, a.complete_name, m.number
                 FROM hoctap_membership m JOIN hoctap_association a ON a.id = m.association_id
                WHERE m.partner_id = ANY(%s) AND m.state IN %s""",
                partner_ids,
                RUNNING,
            )
        )
        running = {pid: (association_id, name, number) for pid, association_id, name, number in self.env.cr.fetchall()}
        seen = {}
        for row in rows:
            if not row.partner_id:
                continue
            if row.partner_id in seen:
                self._error(
                    row,
                    "name",
                    self.env._("This person is already on line %(line)s of the file.", line=seen[row.partner_id]),
                )
            seen.setdefault(row.partner_id, row.line)
            if row.partner_id in running:
                association_id, name, number = running[row.partner_id]
                message = self.env._(
                    "%(name)s is already a member of %(association)s (number %(number)s): a person has one "
                    "running membership; transfer it instead.",
                    name=row.values["name"],
                    association=name,
                    number=number,
                )
                self._error(row, "citizen_id" if row.values["citizen_id"] else "name", message)

    def _check_numbers(self, rows):
        """A member number given in the file is used once in its association."""
        given = [
            (row.association_id, row.values["number"]) for row in rows if row.values["number"] and row.association_id
        ]
        if not given:
            return
        self.env.cr.execute(
            SQL(
                "SELECT association_id, number FROM hoctap_membership"
                " WHERE association_id = ANY(%s) AND number = ANY(%s)",
                list({a for a, _n in given}),
                list({n for _a, n in given}),
            )
        )
        taken = set(self.env.cr.fetchall())
        seen = {}
        for row in rows:
            key = (row.association_id, row.values["number"])
            if not row.values["number"] or not row.association_id:
                continue
            if key in taken:
                self._error(
                    row,
                    "number",
                    self.env._(
                        "The member number %(number)s is already used in this " "association.",
                        number=row.values["number"],
                    ),
                )
            elif key in seen:
                self._error(
                    row,
                    "number",
                    self.env._(
                        "The member number %(number)s is already on line " "%(line)s.",
                        number=row.values["number"],
                        line=seen[key],
                    ),
                )
            seen.setdefault(key, row.line)

    # ---- Writing ----
    def _write(self, rows):
        """Write the checked rows set-based: one INSERT per table (persons, consents, memberships).

        The ORM's ``create`` of 10,000 persons costs seconds per 1,000; :func:`bulk_create` inserts the
        same columns (defaults, computed fields, constraints and record rules included, see there) at a
        fraction. What the ``create`` overrides of the addon checked is checked here explicitly, on the
        whole file: the user's scope, one running membership per person, the consent behind personal data.
        """
        self._check_write_scope(rows)
        new_rows = [row for row in rows if not row.partner_id]
        known_rows = [row for row in rows if row.partner_id]
        Partner = self.env["res.partner"].with_context(**QUIET)
        partner_ids = draw_ids(Partner, len(new_rows))
        for row, partner_id in zip(new_rows, partner_ids, strict=True):
            row.partner_id = partner_id
        partners = bulk_create(Partner, self._partner_vals_list(new_rows), ids=partner_ids)
        consents = [self._consent_vals(row) for row in new_rows if row.values["personal"]]
        consents += [
            dict(self._consent_vals(row), sensitive_data=False) for row in known_rows if self._needs_consent(row)
        ]
        # the new persons' consent fields were written with them (known persons' are recomputed)
        bulk_create(
            self.env["hoctap.consent"].with_context(**QUIET),
            consents,
            protect=[(["hoctap_consent_state", "hoctap_sensitive_consent"], partners)],
        )
        # what res.partner's create checks as the user: personal data only under a consent
        partners._hoctap_check_consent_for([_personal_names(self._partner_vals(row)) for row in new_rows])
        self._assign_numbers(rows)
        memberships = self._membership_vals_list(rows)
        # what hoctap.membership's create checks: one running membership, no processing after a withdrawal
        Membership = self.env["hoctap.membership"].with_context(**QUIET)._workflow()
        Membership._check_one_running_membership([vals["partner_id"] for vals in memberships])
        self.env["res.partner"].browse([vals["partner_id"] for vals in memberships])._hoctap_check_processing_allowed()
        bulk_create(Membership, memberships)
        self.env.invalidate_all()
        return {"new_person_count": len(new_rows), "known_person_count": len(known_rows), "membership_count": len(rows)}

    def _check_write_scope(self, rows):
        """The rows' associations are the user's to write members into (checked again right before writing)."""
        wanted = {row.association_id for row in rows}
        if not wanted <= self._scope_association_ids(list(wanted)) or not all(wanted):
            raise AccessError(self.env._("You cannot import members into associations outside your scope."))

    def _partner_vals(self, row):
        values = row.values
        vals = {"name": values["name"], "phone": values["phone"] or False, "street": values["address"] or False}
        personal = {
            "citizen_id": values["citizen_id"] or False,
            "gender": values["gender"],
            "occupation_group": values["occupation_group"],
            "ethnicity": values["ethnicity"] or False,
        }
        if values["birth_date"]:
            personal["birth_date"] = values["birth_date"]
        elif values["birth_year"]:
            personal["birth_year"] = values["birth_year"]
        vals.update({key: value for key, value in personal.items() if value})
        return vals

    def _partner_vals_list(self, rows):
        """The new persons' values, with the stored computed fields ``create`` would compute, set-based.

        A new person has no parent, company, user or e-mail: their commercial partner is themself, the
        complete name is the name, they are not a user's partner (``partner_share``); the phone is
        sanitised as ``phone_validation`` does; the consent fields say what the consent rows will say.
        """
        Partner = self.env["res.partner"]
        sanitized = {}
        vals_list = []
        for row in rows:
            vals = self._partner_vals(row)
            phone = vals.get("phone")
            if phone and phone not in sanitized:
                sanitized[phone] = Partner._phone_format(number=phone)
            birth_date = vals.get("birth_date")
            vals.update(
                commercial_partner_id=row.partner_id,
                complete_name=vals["name"].strip(),
                commercial_company_name=False,
                partner_share=True,
                phone_sanitized=sanitized.get(phone, False),
                birth_year=birth_date.year if birth_date else vals.get("birth_year", False),
                hoctap_consent_state="given" if row.values["personal"] else "none",
                hoctap_sensitive_consent=bool(row.values["personal"] and row.values["ethnicity"]),
            )
            vals_list.append(vals)
        return vals_list

    def _membership_vals_list(self, rows):
        """The memberships' values, with their stored related fields (the person's, the association's company)."""
        cr = self.env.cr
        self.env["res.partner"].flush_model(["gender", "occupation_group", "birth_year"])
        cr.execute(
            SQL(
                "SELECT id, gender, occupation_group, birth_year FROM res_partner WHERE id = ANY(%s)",
                [row.partner_id for row in rows],
            )
        )
        Partner = self.env["res.partner"]
        fields_ = [Partner._fields[name] for name in ("gender", "occupation_group", "birth_year")]
        persons = {
            pid: [field.convert_to_cache(value, Partner) for field, value in zip(fields_, values, strict=True)]
            for pid, *values in cr.fetchall()
        }
        cr.execute(
            SQL(
                "SELECT id, company_id FROM hoctap_association WHERE id = ANY(%s)",
                list({row.association_id for row in rows}),
            )
        )
        companies = dict(cr.fetchall())
        vals_list = []
        for row in rows:
            gender, occupation, year = persons[row.partner_id]
            vals_list.append(
                dict(
                    self._membership_vals(row),
                    company_id=companies[row.association_id],
                    gender=gender,
                    occupation_group=occupation,
                    birth_year=year,
                )
            )
        return vals_list

    def _consent_vals(self, row):
        """The import's consent of the row's person; the ethnic group's only where the row agreed to it."""
        return {
            "partner_id": row.partner_id,
            "channel": "import",
            "purpose_contact": False,
            "sensitive_data": bool(row.values["ethnicity"]),
        }

    def _needs_consent(self, row):
        """A known person without any consent recorded gets the import's."""
        return row.values.get("consent_state") == "none" and self.consent_confirmed

    def _assign_numbers(self, rows):
        """Member numbers for the rows without one: drawn per association in one query each."""
        by_association = {}
        for row in rows:
            if not row.values["number"]:
                by_association.setdefault(row.association_id, []).append(row)
        for association_id, todo in by_association.items():
            sequence = self.env["hoctap.association"].browse(association_id)._get_member_sequence()
            for row, number in zip(todo, self._next_numbers(sequence, len(todo)), strict=False):
                row.values["number"] = number

    def _next_numbers(self, sequence, count):
        if sequence.implementation != "standard":
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", "ir_sequence_%03d" % sequence.id, count)
        )
        prefix, suffix = sequence._get_prefix_suffix()  # what get_next_char interpolates, once
        return [f"{prefix}{value:0{sequence.padding}d}{suffix}" for (value,) in self.env.cr.fetchall()]

    def _membership_vals(self, row):
        return {
            "partner_id": row.partner_id,
            "association_id": row.association_id,
            "member_type": row.values["member_type"],
            "date_join": row.values["date_join"],
            "number": row.values["number"],
        }

    # ---- Result ----
    def _finish(self, rows, source, done):
        bad = [row for row in rows if row.errors]
        summary = "\n".join(
            self.env._("Line %(line)s, column “%(column)s”: %(reason)s", line=row.line, column=column, reason=reason)
            for row in bad[:200]
            for column, reason in row.errors
        )
        if len(bad) > 200:
            summary += "\n" + self.env._("… and %(count)s more rows: see the file with errors.", count=len(bad) - 200)
        if self.error_file_id:
            self.error_file_id.unlink()
        self.write(
            {
                "state": ("done" if done else "checked") if not bad else "failed",
                "line_count": len(rows),
                "error_count": len(bad),
                "error_summary": summary or False,
                "error_file_id": self._error_file(rows, *source).id if bad else False,
            }
        )

    def _error_file(self, rows, headers, raw_rows, dialect):
        """The uploaded file, every row as it was, with an error column added."""
        errors = {row.line: "; ".join(f"{column}: {reason}" for column, reason in row.errors) for row in rows}
        stem = (self.filename or "hoi_vien").rsplit(".", 1)[0]
        lines = ([*cells, errors.get(line, "")] for line, cells in raw_rows)
        if dialect is None:
            xlsx = XlsxFile()
            xlsx.table("Loi", [*headers, ERROR_HEADER], lines)
            name, raw = f"{stem}_loi.xlsx", xlsx.content()
            xlsx.cleanup()
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            output = io.StringIO()
            writer = csv.writer(output, dialect)
            writer.writerow([*headers, ERROR_HEADER])
            writer.writerows(lines)
            name, raw, mimetype = f"{stem}_loi.csv", output.getvalue().encode("utf-8-sig"), "text/csv"
        return self.env["ir.attachment"].create(
            {"name": name, "raw": raw, "mimetype": mimetype, "res_model": self._name, "res_id": self.id}
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Members"),
        }
