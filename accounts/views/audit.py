"""The administrators' search of the whole audit trail, with filters and pages."""
from flask import render_template, request

from accounts import audit, bp
from accounts.access import roles_required
from accounts.forms import AuditFilterForm
from core.pagination import paginate
from core.redirects import Moved, permanent_redirects

permanent_redirects(bp, [Moved("/contracts/audit", "accounts.audit")])


FIELDS = ("object_type", "action", "email", "date_from", "date_to")


def audit_filters() -> tuple[AuditFilterForm, dict]:
    """The search form read from the query string, and the filters it gives (none while it
    does not validate, as the page shows every event with the form's errors). The page and
    its download read them here."""
    object_types, actions = audit.audit_values()
    form = AuditFilterForm(request.args, object_types=object_types, actions=actions)
    return form, ({k: form[k].data for k in FIELDS} if form.validate() else {})


@bp.route("/audit", endpoint="audit")
@roles_required("admin")
def audit_search():
    form, filters = audit_filters()
    pagination = paginate(audit.search_events(**filters), count_separately=True)
    return render_template("accounts/audit.html", form=form, pagination=pagination)
