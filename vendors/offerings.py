"""A vendor's own offerings: create, edit (archived), publish and take back to draft."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.access import roles_required
from catalog import services as catalog_services
from core.transaction import attempt
from extensions import db
from vendors import bp, services
from vendors.forms import OfferingForm
from vendors.models import Offering
from vendors.views import my_vendor


def my_offering(offering_id: int) -> Offering:
    """One of the signed-in vendor's offerings; another vendor's id is a 404."""
    offering = db.session.get(Offering, offering_id)
    if offering is None or offering.vendor_id != my_vendor().id:
        abort(404)
    return offering


def _active_services():
    return db.session.scalars(catalog_services.service_query()).all()


def _save(form: OfferingForm, offering: Offering | None):
    """Create or update from a validated form; a refusal goes back onto its field."""
    vendor = my_vendor()
    with attempt(form, field="service") as done:
        if offering is None:
            offering = services.create_offering(vendor, form.offering_data(), actor=current_user)
            changed = True
        else:
            changed = services.update_offering(offering, form.offering_data(), actor=current_user)
    if not done:
        return None
    flash(_("Đã lưu gói dịch vụ.") if changed else _("Không có thay đổi nào."), "success")
    return redirect(url_for("vendors.profile", _anchor="goi-dich-vu"))


@bp.route("/profile/offerings/new", methods=["GET", "POST"])
@roles_required("vendor_staff")
def offering_new():
    my_vendor()
    data = None
    service = catalog_services.get_service(request.args.get("service", "") or "-")
    if request.method == "GET" and service is not None and service.retired_at is None:
        data = {"service": service.code, "unit": service.unit,
                "security_level": str(service.security_level)}
    form = OfferingForm(_active_services(), data=data)
    if form.validate_on_submit() and (response := _save(form, None)):
        return response
    return render_template("vendors/offering_form.html", form=form, offering=None)


@bp.route("/profile/offerings/<int:offering_id>/edit", methods=["GET", "POST"])
@roles_required("vendor_staff")
def offering_edit(offering_id):
    offering = my_offering(offering_id)
    data = (OfferingForm.initial_data(services.offering_snapshot(offering))
            if request.method == "GET" else None)
    form = OfferingForm(_active_services(), data=data)
    if form.validate_on_submit() and (response := _save(form, offering)):
        return response
    return render_template("vendors/offering_form.html", form=form, offering=offering,
                           history=services.offering_history(offering))


@bp.route("/profile/offerings/<int:offering_id>/<any(publish, unpublish):action>",
          methods=["POST"])
@roles_required("vendor_staff")
def offering_publish(offering_id, action):
    offering = my_offering(offering_id)
    with attempt() as done:
        services.set_offering_published(offering, action == "publish", actor=current_user)
    if not done:
        return redirect(url_for("vendors.offering_edit", offering_id=offering.id))
    if action == "publish":
        message = _("Đã công bố gói dịch vụ.")
        if not offering.vendor.is_verified:
            message += " " + _("Gói sẽ hiện công khai khi hồ sơ doanh nghiệp được xác minh.")
    else:
        message = _("Đã chuyển gói dịch vụ về bản nháp.")
    flash(message, "success")
    return redirect(url_for("vendors.profile", _anchor="goi-dich-vu"))
