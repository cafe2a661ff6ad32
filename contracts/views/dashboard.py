"""The agency dashboard: contracts by state, value per budget year, expiries, overdue periods."""
from flask import render_template
from flask_login import current_user

from accounts.access import roles_required
from contracts import bp
from contracts.services import dashboard as service


@bp.route("/dashboard")
@roles_required("agency_staff", "agency_approver", "legal_drafter")
def dashboard():
    data = service.agency_dashboard(current_user.organisation_id)
    return render_template("contracts/dashboard.html", **data)
