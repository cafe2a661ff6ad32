"""JSON API of the contracts domain: open data on signed contracts (OCDS 1.1), no login."""
from flask import Blueprint, abort, jsonify, url_for

from contracts.services import ocds
from contracts.models.contract import Contract
from plans.models import LeasePlan
from contracts.services import acceptance
from documents import storage
from core import clock
from extensions import db

api = Blueprint("contracts_api", __name__, url_prefix="/api/v1")


@api.get("/contracts/<int:contract_id>/ocds")
def contract_ocds(contract_id):
    contract = db.session.get(Contract, contract_id)
    if contract is None or contract.status not in ocds.PUBLIC_STATUSES:
        abort(404)  # drafts and contracts under review or approval are not public yet
    plan = db.session.get(LeasePlan, contract.plan_id) if contract.plan_id else None
    package = ocds.release_package(
        contract, records=acceptance.records_by_contract([contract.id])[contract.id],
        documents=storage.documents_of("contract", contract.id), plan=plan,
        uri=url_for("contracts_api.contract_ocds", contract_id=contract.id, _external=True),
        today=clock.today())
    return jsonify(package)
