"""Administrators verify or reject vendor registrations, after a confirmation page."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from accounts.access import roles_required
from core.pagination import paginate
from vendors import bp, services
from vendors.forms import RejectForm
from vendors.models import VENDOR_STATUSES


@bp.route("/admin/")
@roles_required("admin")
def admin_index():
    status = request.args.get("status", "pending")
    if status not in VENDOR_STATUSES:
        abort(404)
    pagination = paginate(services.vendors_by_status(status), count_separately=True)
    return render_template("vendors/admin_index.html", pagination=pagination, status=status,
                           statuses=VENDOR_STATUSES)


@bp.route("/admin/<tax_code>/verify", methods=["GET", "POST"])
@roles_required("admin")
def admin_verify(tax_code):
    vendor = services.get_vendor(tax_code) or abort(404)
    if vendor.status != "pending":
        flash(_("Hồ sơ này không ở trạng thái chờ xác minh."), "warning")
        return redirect(url_for("vendors.admin_index"))
    if request.method == "POST":
        services.verify_vendor(vendor, actor=current_user)
        flash(_("Đã xác minh %(name)s; doanh nghiệp hiện trong danh sách công khai.",
                name=vendor.legal_name), "success")
        return redirect(url_for("vendors.admin_index"))
    return render_template("vendors/admin_confirm.html", vendor=vendor, action="verify",
                           form=None)


@bp.route("/admin/<tax_code>/reject", methods=["GET", "POST"])
@roles_required("admin")
def admin_reject(tax_code):
    vendor = services.get_vendor(tax_code) or abort(404)
    if vendor.status != "pending":
        flash(_("Hồ sơ này không ở trạng thái chờ xác minh."), "warning")
        return redirect(url_for("vendors.admin_index"))
    form = RejectForm()
    if form.validate_on_submit():
        services.reject_vendor(vendor, form.reason.data, actor=current_user)
        flash(_("Đã từ chối hồ sơ %(name)s.", name=vendor.legal_name), "success")
        return redirect(url_for("vendors.admin_index"))
    return render_template("vendors/admin_confirm.html", vendor=vendor, action="reject",
                           form=form)
