"""Lease contracts: the wizard, terms, lifecycle, amendments, acceptance, dashboard, OCDS."""
from flask import Blueprint

bp = Blueprint("contracts", __name__, url_prefix="/contracts")

from contracts.views import (acceptance, contracts, dashboard, lifecycle,  # noqa: E402,F401
                             wizard)
