"""Catalog administration: create, edit, retire and restore services and categories. The
request commits what the services flush (core.transaction)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from accounts.access import roles_required
from catalog import bp, services
from catalog.forms import CategoryForm, ServiceForm, format_service_levels
from catalog.models import Category
from core.pagination import paginate
from extensions import db


def _categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.code)))


@bp.route("/admin/")
@roles_required("admin")
def admin_index():
    pagination = paginate(services.service_query(request.args.get("q", ""), include_retired=True),
                          per_page=50, count_separately=True)
    return render_template("catalog/admin_index.html", pagination=pagination,
                           categories=_categories(), q=request.args.get("q", ""))


def _service_form(service=None) -> tuple[ServiceForm, list[Category]]:
    categories = _categories()
    data = None
    if service is not None and request.method == "GET":
        data = services.service_snapshot(service)
        data["security_level"] = str(service.security_level)
        data["service_levels"] = format_service_levels(service.service_levels)
    return ServiceForm(categories, data=data), categories


@bp.route("/admin/services/new", methods=["GET", "POST"])
@roles_required("admin")
def service_new():
    form, categories = _service_form()
    if form.validate_on_submit():
        if services.get_service(form.code.data):
            form.code.errors.append(_("Mã dịch vụ %(code)s đã tồn tại.", code=form.code.data))
        else:
            data = form.service_data({c.code: c for c in categories})
            service = services.create_service(data, actor=current_user)
            flash(_("Đã thêm dịch vụ %(code)s.", code=service.code), "success")
            return redirect(url_for("catalog.service", code=service.code))
    return render_template("catalog/service_form.html", form=form, service=None)


@bp.route("/admin/services/<code>/edit", methods=["GET", "POST"])
@roles_required("admin")
def service_edit(code):
    service = services.get_service(code) or abort(404)
    form, categories = _service_form(service)
    if form.validate_on_submit():
        if form.code.data != service.code and services.get_service(form.code.data):
            form.code.errors.append(_("Mã dịch vụ %(code)s đã tồn tại.", code=form.code.data))
        else:
            data = form.service_data({c.code: c for c in categories})
            changed = services.update_service(service, data, actor=current_user)
            flash(_("Đã lưu thay đổi.") if changed else _("Không có thay đổi nào."), "success")
            return redirect(url_for("catalog.service", code=service.code))
    return render_template("catalog/service_form.html", form=form, service=service,
                           history=services.history("service", service))


@bp.route("/admin/services/<code>/<any(retire, restore):action>", methods=["GET", "POST"])
@roles_required("admin")
def service_retire(code, action):
    service = services.get_service(code) or abort(404)
    if request.method == "POST":  # CSRF is checked globally for every POST
        services.set_service_retired(service, action == "retire", actor=current_user)
        flash(_("Đã ngừng cung cấp dịch vụ trên danh mục công khai.") if action == "retire"
              else _("Đã khôi phục dịch vụ."), "success")
        return redirect(url_for("catalog.admin_index"))
    return render_template("catalog/confirm.html", action=action, obj=service, kind="service")


@bp.route("/admin/categories/new", methods=["GET", "POST"])
@bp.route("/admin/categories/<code>/edit", methods=["GET", "POST"])
@roles_required("admin")
def category_form(code=None):
    category = services.get_category(code) or abort(404) if code else None
    data = services.category_snapshot(category) if category and request.method == "GET" else None
    form = CategoryForm(data=data)
    if form.validate_on_submit():
        other = services.get_category(form.code.data)
        if other is not None and other is not category:
            form.code.errors.append(_("Mã nhóm %(code)s đã tồn tại.", code=form.code.data))
        else:
            if category is None:
                services.create_category(form.data, actor=current_user)
            else:
                services.update_category(category, form.data, actor=current_user)
            flash(_("Đã lưu nhóm dịch vụ %(code)s.", code=form.code.data), "success")
            return redirect(url_for("catalog.admin_index"))
    return render_template("catalog/category_form.html", form=form, category=category)


@bp.route("/admin/categories/<code>/<any(retire, restore):action>", methods=["GET", "POST"])
@roles_required("admin")
def category_retire(code, action):
    category = services.get_category(code) or abort(404)
    if request.method == "POST":
        services.set_category_retired(category, action == "retire", actor=current_user)
        flash(_("Đã cập nhật nhóm dịch vụ %(code)s.", code=category.code), "success")
        return redirect(url_for("catalog.admin_index"))
    return render_template("catalog/confirm.html", action=action, obj=category, kind="category")
