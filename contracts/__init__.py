"""Lease contracts: the wizard, terms, lifecycle, amendments, acceptance, dashboard, OCDS."""
from flask import Blueprint

bp = Blueprint("contracts", __name__, url_prefix="/contracts")

from contracts.views import (acceptance, amendments, contracts, dashboard,  # noqa: E402,F401
                             lifecycle, signed_copies, wizard)
