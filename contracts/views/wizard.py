"""The contract wizard: one page per step, each saved as a draft that can be resumed."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from catalog.forms import format_service_levels, parse_service_levels
from catalog.models import Service
from catalog.services import service_list_query
from contracts import bp
from contracts.forms.wizard import (ClausesForm, LinesForm, OfferingStepForm, PartiesForm,
                                    TermForm)
from contracts.models.contract import WIZARD_STEPS, line_values
from contracts.services import wizard as service
from contracts.views.loaders import contract_or_404
from core import clock
from core.formats import lines_of
from core.transaction import attempt
from extensions import db
from plans.models import LeasePlan
from vendors.models import Offering
from vendors.services import service_offerings

STEP_NAMES = [name for name, _label in WIZARD_STEPS]
SPARE_ROWS = 3


def _offering_form(contract):
    current = contract.offering.service.code if contract.offering else ""
    code = request.values.get("service") or current
    chosen = db.session.scalar(select(Service).where(Service.code == code)) if code else None
    form = OfferingStepForm(data={"offering": contract.offering_id, "plan": contract.plan_id or 0}
                            if request.method == "GET" else None)
    offerings = service_offerings(chosen) if chosen else []
    form.offering.choices = [SelectChoice(o.id, f"{o.vendor.legal_name} – {o.public_price_label}"
                                          f" / {o.unit}") for o in offerings]
    form.plan.choices = [SelectChoice(0, _("Không gắn với kế hoạch thuê"))] + [
        SelectChoice(p.id, _("%(title)s (phê duyệt %(number)s)", title=p.title,
                             number=p.approval_number)) for p in _plans()]
    services = db.session.scalars(service_list_query()).all()
    return form, {"services": services, "chosen": chosen, "offerings": offerings}


def _plans():
    """The agency's approved plans: a contract follows an approved lease plan."""
    return db.session.scalars(select(LeasePlan).where(
        LeasePlan.organisation_id == current_user.organisation_id,
        LeasePlan.status == "approved").order_by(LeasePlan.id.desc()))


def _save_offering(contract, form):
    offering = db.session.get(Offering, form.offering.data)
    service.choose_offering(contract, offering, form.plan.data or None, actor=current_user)


def _parties_form(contract):
    data = service.parties_shown(contract) if request.method == "GET" else None
    return PartiesForm(data=data), {}


def _save_parties(contract, form):
    service.save_parties(contract, form.party_a.data, form.party_b.data, actor=current_user)


def _lines_form(contract):
    if request.method != "GET":
        return LinesForm(), {}
    rows = [line_values(line) for line in contract.lines]
    offering = contract.snapshot.get("offering", {})
    technical = contract.technical or offering.get("description", "")
    form = LinesForm(data={"lines": rows + [{}] * SPARE_ROWS, "technical": technical,
                           "service_levels": format_service_levels(contract.service_levels)})
    return form, {}


def _save_lines(contract, form):
    service.save_lines(contract, form.line_data(), parse_service_levels(
        form.service_levels.data), form.technical.data, actor=current_user)


def _term_form(contract):
    data = None
    if request.method == "GET":
        data = {k: getattr(contract, k) for k in ("start_date", "months", "preparation_months",
                                                  "schedule", "payment_method", "payment_days")}
        data = {k: v for k, v in data.items() if v not in (None, "")}
        data["milestones"] = "\n".join(f"{m['label']}: {m['percent']}%"
                                       for m in contract.milestones)
    return TermForm(data=data), {}


def _save_term(contract, form):
    values = {k: form[k].data for k in ("start_date", "months", "preparation_months",
                                        "schedule", "payment_method", "payment_days")}
    values["milestones"] = form.milestone_data() if form.schedule.data == "milestone" else []
    service.save_term(contract, values, actor=current_user)


def _clauses_form(contract):
    if request.method != "GET":
        return ClausesForm(), {}
    day = contract.contract_date or clock.today()
    province = contract.organisation.province
    data = {"title": contract.title,
            "pack_id": contract.pack_id or service.default_pack(contract, day),
            "place": contract.place or (province.name if province else ""),
            "contract_date": day,
            "extra_bases": "\n".join(contract.extra_bases or service.plan_bases(contract)),
            "data_handover": contract.data_handover or service.DEFAULT_HANDOVER,
            "special_clauses": contract.special_clauses, "handover_days": contract.handover_days,
            "copies": contract.copies, "copies_each": contract.copies_each}
    return ClausesForm(data=data), {}


def _save_clauses(contract, form):
    values = {k: form[k].data for k in ("title", "pack_id", "place", "contract_date",
                                        "data_handover", "special_clauses", "handover_days",
                                        "copies", "copies_each")}
    values["title"] = values["title"].strip()
    values["extra_bases"] = lines_of(form.extra_bases.data)
    service.save_clauses(contract, values, actor=current_user)


STEPS = {
    "offering": (_offering_form, _save_offering),
    "parties": (_parties_form, _save_parties),
    "lines": (_lines_form, _save_lines),
    "term": (_term_form, _save_term),
    "clauses": (_clauses_form, _save_clauses),
}


@bp.route("/<int:contract_id>/wizard/<step>", methods=["GET", "POST"])
@login_required
def wizard(contract_id, step):
    contract = contract_or_404(contract_id, edit=True)
    if step not in STEP_NAMES:
        abort(404)
    index = STEP_NAMES.index(step)
    if index > contract.step:  # no skipping ahead of the first unfinished step
        return redirect(url_for("contracts.wizard", contract_id=contract.id,
                                step=STEP_NAMES[contract.step]))
    if step == "review":
        return render_template("contracts/wizard.html", contract=contract, step=step,
                               steps=WIZARD_STEPS, **service.review_data(contract))
    build, save = STEPS[step]
    form, extra = build(contract)
    if request.method == "POST" and form.validate():
        with attempt(form) as done:
            save(contract, form)
        if done:
            flash(_("Đã lưu bước “%(label)s”.", label=WIZARD_STEPS[index][1]), "success")
            target = index - 1 if request.form.get("direction") == "back" else index + 1
            return redirect(url_for("contracts.wizard", contract_id=contract.id,
                                    step=STEP_NAMES[max(target, 0)]))
    return render_template("contracts/wizard.html", contract=contract, step=step,
                           steps=WIZARD_STEPS, form=form, **extra)
