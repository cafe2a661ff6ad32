"""The administrators' view of the whole audit trail, with filters and pages."""
from flask import current_app, render_template, request

from accounts.access import roles_required
from contracts import bp
from contracts.forms.lifecycle import AuditFilterForm
from contracts.services import lifecycle
from extensions import db


@bp.route("/audit")
@roles_required("admin")
def audit():
    object_types, actions = lifecycle.audit_values()
    form = AuditFilterForm(request.args, object_types=object_types, actions=actions)
    filters = {}
    if form.validate():
        filters = {k: form[k].data for k in ("object_type", "action", "email", "date_from",
                                             "date_to")}
    pagination = db.paginate(lifecycle.search_events(**filters), error_out=False,
                             per_page=current_app.config["PER_PAGE"])
    return render_template("contracts/audit.html", form=form, pagination=pagination)
