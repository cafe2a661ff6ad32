"""The administrators' view of the whole audit trail, with filters and pages."""
from flask import render_template, request

from accounts.access import roles_required
from contracts import bp
from contracts.forms.lifecycle import AuditFilterForm
from contracts.services import lifecycle
from core.pagination import paginate


@bp.route("/audit")
@roles_required("admin")
def audit():
    object_types, actions = lifecycle.audit_values()
    form = AuditFilterForm(request.args, object_types=object_types, actions=actions)
    filters = {}
    if form.validate():
        filters = {k: form[k].data for k in ("object_type", "action", "email", "date_from",
                                             "date_to")}
    pagination = paginate(lifecycle.search_events(**filters), count_separately=True)
    return render_template("contracts/audit.html", form=form, pagination=pagination)
