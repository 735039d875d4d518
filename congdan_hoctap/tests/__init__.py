import odoo.http

from . import test_association
from . import test_partner
from . import test_membership
from . import test_reshape
from . import test_security
from . import test_member_card
from . import test_http_member_tour
from . import test_statistic
from . import test_briefing
from . import test_learning_center
from . import test_fund_money_in
from . import test_fund_dues
from . import test_fund_awards
from . import test_fund_ledger
from . import test_fund_export
from . import test_criteria_set
from . import test_evaluation
from . import test_recognition
from . import test_statistic_registry
from . import test_evaluation_review
from . import test_evaluation_trust
from . import test_fund_guards
from . import test_http_portal
from . import test_portal
from . import test_personal_data_access
from . import test_personal_data_evidence
from . import test_personal_data_consent
from . import test_personal_data_log
from . import test_personal_data_rights
from . import test_http_personal_data
from . import test_http_portal_tour
from . import test_access_matrix
from . import test_http_xmlrpc
from . import test_partner_scope
from . import test_signup
from . import test_http_portal_malformed
from . import test_overview
from . import test_http_overview
from . import test_official_texts
from . import test_year_display
from . import test_jobs
from . import test_http_readonly
from . import test_membership_import
from . import test_report_printing
from . import test_xlsx_export

# Python 3.11.7 (this machine's) can fail a request with "SystemError: AST constructor recursion depth mismatch"
# when two threads parse Python at once (the AST recursion counter is shared between threads: CPython gh-106905).
# The HTTP tests' first requests race to parse every addon's manifest (``odoo.http.root.statics``, read lazily on
# the first static file a browser asks for); reading them here, before any request, leaves nothing to race on.
odoo.http.root.statics  # noqa: B018  # pylint: disable=pointless-statement
