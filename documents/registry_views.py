"""Legal drafters keep the registry of legal instruments the documents cite (issue 12, 6)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from accounts.access import roles_required
from core.transaction import attempt
from documents import bp, instruments
from documents.forms import InstrumentForm
from documents.models import LegalInstrument
from extensions import db


def _listed() -> list[LegalInstrument]:
    return list(db.session.scalars(select(LegalInstrument).order_by(LegalInstrument.effective_from,
                                                                    LegalInstrument.id)))


@bp.route("/instruments/")
@roles_required("legal_drafter", "admin")
def instrument_list():
    listed = _listed() or sorted(instruments.file_registry().values(),
                                 key=lambda i: (i.effective_from, i.id))
    flagged = request.args.get("to_confirm") == "1"
    if flagged:
        listed = [i for i in listed if i.to_confirm]
    return render_template("documents/instruments.html", instruments=listed, flagged=flagged)


@bp.route("/instruments/<instrument_id>/", methods=["GET", "POST"])
@roles_required("legal_drafter", "admin")
def instrument_edit(instrument_id: str):
    if request.method == "POST":
        instruments.ensure_instruments()
    instrument = db.session.get(LegalInstrument, instrument_id) \
        or instruments.file_registry().get(instrument_id)
    if instrument is None:
        abort(404)
    label = f"{instrument.kind} {instrument.number}"  # kept: a refusal rolls the row back
    form = InstrumentForm(obj=instrument)
    form.set_choices([i for i in (_listed() or instruments.file_registry().values())
                      if i.id != instrument_id])
    if form.validate_on_submit():
        with attempt(form) as done:
            instruments.update_instrument(instrument, form.values(), actor=current_user)
        if done:
            flash(_("Đã cập nhật %(label)s.", label=label), "success")
            return redirect(url_for("documents.instrument_list"))
    return render_template("documents/instrument_form.html", form=form, label=label)
