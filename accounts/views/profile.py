"""An agency's profile (the party "Bên A" of its contracts) and the history of its edits: its
own people read it, its approver or an administrator edits it; administrators list every
agency. Another organisation's id answers 404, as if it did not exist."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from accounts import bp, services
from accounts.access import roles_required
from accounts.forms import OrganisationProfileForm
from accounts.models import PROFILE_LABELS, Organisation
from accounts.rules import may_edit_profile, may_view_profile
from core.pagination import paginate
from core.transaction import attempt
from extensions import db


def organisation_or_404(org_id: int, *, edit: bool = False) -> Organisation:
    """The agency if this user may read its profile (404 otherwise); with `edit`, 403 for a
    reader who may not edit it."""
    org = db.session.get(Organisation, org_id, options=[joinedload(Organisation.province)])
    if org is None or not may_view_profile(current_user, org):
        abort(404)
    if edit and not may_edit_profile(current_user, org):
        abort(403)
    return org


@bp.route("/organisations/", endpoint="organisations")
@roles_required("admin")
def organisation_list():
    pagination = paginate(services.agencies())
    return render_template("accounts/organisations.html", pagination=pagination,
                           gaps={org.id: services.profile_gaps(org) for org in pagination.items})


@bp.route("/organisations/<int:org_id>", endpoint="organisation")
@login_required
def organisation_profile(org_id):
    org = organisation_or_404(org_id)
    history = paginate(services.revisions_of(org))
    return render_template("accounts/profile.html", org=org, history=history,
                           labels=PROFILE_LABELS, values=services.profile_snapshot(org),
                           gaps=services.profile_gaps(org),
                           can_edit=may_edit_profile(current_user, org))


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"], endpoint="profile_edit")
@login_required
def profile_edit(org_id):
    org = organisation_or_404(org_id, edit=True)
    data = OrganisationProfileForm.initial_data(org) if request.method == "GET" else None
    form = OrganisationProfileForm(services.list_provinces(), data=data)
    if form.validate_on_submit():
        with attempt(form) as done:
            revision = services.update_profile(org, form.profile_data(), actor=current_user)
        if done:
            flash(_("Đã lưu hồ sơ cơ quan.") if revision else _("Không có thay đổi nào."),
                  "success")
            return redirect(url_for("accounts.organisation", org_id=org.id))
    return render_template("accounts/profile_form.html", form=form, org=org)
