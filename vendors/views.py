"""Public vendor pages, self-registration, and a vendor's own profile, certificates and users."""

from flask import (abort, current_app, flash, make_response, redirect, render_template, request,
                   send_file, url_for)
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_user
from markupsafe import Markup

from accounts.access import roles_required
from accounts.services import list_provinces
from catalog import services as catalog_services
from catalog.views import register_service_panel, search_notice
from core import clock
from core.files import clean_file_name
from core.errors import Refused
from core.pagination import paginate
from core.transaction import attempt
from extensions import db, limiter
from vendors import bp, registration, services
from vendors.forms import (CertificationForm, ConfirmRegistrationForm, ProfileForm,
                           RegistrationForm, UserForm)
from vendors.models import Certification, Vendor

MAX_QUERY = 200


def my_vendor() -> Vendor:
    """The signed-in vendor user's own vendor; 404 for anyone else."""
    return services.vendor_for_user(current_user) or abort(404)


def my_certification(cert_id: int) -> Certification:
    """One of the signed-in vendor's certifications; another vendor's id is a 404."""
    cert = db.session.get(Certification, cert_id)
    if cert is None or cert.vendor_id != my_vendor().id:
        abort(404)
    return cert


def can_manage(vendor: Vendor) -> bool:
    """Admins and the vendor's own users see what the public does not."""
    if not current_user.is_authenticated:
        return False
    return current_user.role == "admin" or current_user.organisation_id == vendor.organisation_id


def _filter(name: str, lookup):
    """A directory filter from the query string; an unknown or retired code is a 404."""
    code = request.args.get(name, "").strip()
    if not code:
        return None
    found = lookup(code)
    if found is None or getattr(found, "retired_at", None):
        abort(404)
    return found


def directory_filters() -> dict:
    """The directory's filters from the query string (an unknown or retired code is a 404):
    the page and its download read them here."""
    return {"q": request.args.get("q", "").strip()[:MAX_QUERY],
            "service": _filter("service", catalog_services.get_service),
            "category": _filter("category", catalog_services.get_category),
            "province": _filter("province", services.get_province)}


@bp.route("/")
def index():
    filters = directory_filters()
    # Counted apart: with the index on (status, name), a page stops reading after 20 rows.
    pagination = paginate(services.vendor_query(**filters), count_separately=True)
    return render_template(
        "vendors/index.html", pagination=pagination, **filters, provinces=list_provinces(),
        notice=search_notice(filters["q"]),
        codes=services.published_service_codes([v.id for v in pagination.items]),
        services=db.session.scalars(catalog_services.service_list_query()).all(),
        categories=[c for c, _count in catalog_services.category_counts()])


@bp.route("/<tax_code>")
def vendor(tax_code):
    vendor = services.get_vendor(tax_code, certifications=True) or abort(404)
    manage = can_manage(vendor)
    if not vendor.is_verified and not manage:
        abort(404)
    return render_template("vendors/vendor.html", vendor=vendor, manage=manage,
                           offerings=services.vendor_public_offerings(vendor),
                           today=clock.today())


@bp.route("/compare")
def compare():
    service = _filter("service", catalog_services.get_service) or abort(404)
    ids = [int(x) for x in request.args.getlist("offering") if x.isdecimal() and len(x) < 10]
    offerings = services.compare_offerings(service, ids)
    day = clock.today()
    rows = [(o, services.valid_certifications(o.vendor, day)) for o in offerings]
    return render_template("vendors/compare.html", service=service, rows=rows,
                           limit=services.MAX_COMPARE, asked=len(set(ids)))


def offerings_panel(service) -> Markup:
    """The catalog service page's list of vendors offering it, a page at a time (a common
    service has hundreds), with a compare form."""
    pagination = paginate(services.service_offerings_query(service))
    return Markup(render_template("vendors/service_panel.html", service=service,
                                  pagination=pagination))


register_service_panel(offerings_panel)


def registration_limited(_limit):
    """The registration form posted once too often within a minute (RATELIMIT_REGISTER): the
    form again as it was typed (passwords are never shown again), with the wait, as a 429."""
    current_user.is_authenticated  # loaded now: the page template may send no query
    form = RegistrationForm(list_provinces())
    flash(_("Bạn đã gửi quá nhiều yêu cầu đăng ký trong một phút nên biểu mẫu chưa được gửi. "
            "Nội dung đã nhập vẫn còn đây (trừ mật khẩu): vui lòng đợi một phút rồi nhập lại "
            "mật khẩu và gửi lại."), "warning")
    return make_response(render_template("vendors/register.html", form=form), 429)


@bp.errorhandler(RateLimitExceeded)
def limit_reached(error):
    """A limit's own answer when it has one (the registration form again), else the
    application's 429 page."""
    if error.response is not None:
        return error.response
    handlers = current_app.error_handler_spec[None][429]
    return next(handlers[cls] for cls in type(error).__mro__ if cls in handlers)(error)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"],
               on_breach=registration_limited)
def register():
    if current_user.is_authenticated:
        flash(_("Bạn đang đăng nhập; hãy đăng xuất trước khi đăng ký doanh nghiệp khác."), "info")
        return redirect(url_for("vendors.index"))
    form = RegistrationForm(list_provinces())
    if form.validate_on_submit():
        profile = dict(form.profile_data(), tax_code=form.tax_code.data)
        user_fields = {"name": form.user_name.data, "email": form.user_email.data,
                       "password": form.password.data}
        with attempt(form, field="user_email") as done:
            registration.start_registration(profile, user_fields)
        if done:
            # The same page whether the address has an account or not (vendors.registration).
            return render_template("vendors/registration_sent.html",
                                   email=form.user_email.data.strip().lower(),
                                   hours=registration.REGISTRATION_HOURS)
    return render_template("vendors/register.html", form=form)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm_registration(token):
    if current_user.is_authenticated:
        flash(_("Bạn đang đăng nhập; hãy đăng xuất rồi mở lại liên kết xác nhận đăng ký."), "info")
        return redirect(url_for("vendors.index"))
    try:
        pending = registration.pending_registration(token)
    except Refused as problem:
        return render_template("vendors/registration_confirm.html", problem=str(problem),
                               form=None, pending=None), 400
    form = ConfirmRegistrationForm()
    if form.validate_on_submit():
        with attempt(form) as done:
            _vendor, user = registration.confirm_registration(token)
        if done:
            login_user(user)
            flash(_("Đã xác nhận và đăng ký doanh nghiệp. Hồ sơ đang chờ quản trị viên xác minh."),
                  "success")
            return redirect(url_for("vendors.profile"))
    summary = {"legal_name": pending.data.get("legal_name"), "email": pending.email,
               "tax_code": pending.data.get("tax_code"), "user_name": pending.data.get("user_name")}
    return render_template("vendors/registration_confirm.html", problem=None, form=form,
                           pending=summary)


@bp.route("/profile/")
@roles_required("vendor_staff")
def profile():
    vendor = services.vendor_for_user(current_user, profile=True) or abort(404)
    return render_template("vendors/profile.html", vendor=vendor, today=clock.today())


@bp.route("/profile/edit", methods=["GET", "POST"])
@roles_required("vendor_staff")
def profile_edit():
    vendor = my_vendor()
    data = services.vendor_snapshot(vendor) if request.method == "GET" else None
    form = ProfileForm(list_provinces(), data=data)
    if form.validate_on_submit():
        was = vendor.status
        changed = services.update_vendor(vendor, form.profile_data(), actor=current_user)
        if vendor.status == "pending" and was != "pending":
            flash(_("Đã lưu và gửi lại hồ sơ để quản trị viên xác minh."), "success")
        else:
            flash(_("Đã lưu thay đổi.") if changed else _("Không có thay đổi nào."), "success")
        return redirect(url_for("vendors.profile"))
    return render_template("vendors/profile_form.html", form=form, vendor=vendor)


@bp.route("/profile/certifications/new", methods=["GET", "POST"])
@roles_required("vendor_staff")
def certification_new():
    vendor = my_vendor()
    form = CertificationForm()
    if form.validate_on_submit():
        name = clean_file_name(form.file.data.filename, "chung-chi.pdf")
        with attempt(form) as done:
            services.add_certification(vendor, form.certification_data(), form.pdf_data, name,
                                       actor=current_user)
        if done:
            flash(_("Đã thêm chứng chỉ."), "success")
            return redirect(url_for("vendors.profile"))
    return render_template("vendors/certification_form.html", form=form, vendor=vendor)


@bp.route("/profile/certifications/<int:cert_id>/delete", methods=["GET", "POST"])
@roles_required("vendor_staff")
def certification_delete(cert_id):
    cert = my_certification(cert_id)
    if request.method == "POST":
        services.delete_certification(cert, actor=current_user)
        flash(_("Đã xóa chứng chỉ."), "success")
        return redirect(url_for("vendors.profile"))
    return render_template("vendors/certification_delete.html", cert=cert)


@bp.route("/certifications/<int:cert_id>/file")
@roles_required("vendor_staff", "admin")
def certification_file(cert_id):
    if current_user.role == "admin":
        cert = db.session.get(Certification, cert_id) or abort(404)
    else:
        cert = my_certification(cert_id)
    path = services.certification_path(cert)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=clean_file_name(cert.file_name, "chung-chi.pdf"), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/profile/users", methods=["GET", "POST"])
@roles_required("vendor_staff")
def users():
    vendor = my_vendor()
    form = UserForm()
    if form.validate_on_submit():
        with attempt(form, field="email") as done:
            user = services.add_vendor_user(vendor, form.name.data, form.email.data,
                                            form.password.data, actor=current_user)
        if done:
            flash(_("Đã thêm người dùng %(email)s.", email=user.email), "success")
            return redirect(url_for("vendors.users"))
    return render_template("vendors/users.html", vendor=vendor, form=form,
                           users=services.vendor_users(vendor))
