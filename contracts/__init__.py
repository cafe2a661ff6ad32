"""Lease contracts: the wizard, terms, lifecycle, amendments, acceptance, dashboard, OCDS."""
from flask import Blueprint

bp = Blueprint("contracts", __name__, url_prefix="/contracts")

from contracts.views import (acceptance, amendments, contracts, dashboard,  # noqa: E402,F401
                             lifecycle, list_exports, period_reports, report, signed_copies,
                             wizard)
from contracts import period_queue, queue, reminders  # noqa: E402,F401  (work-queue sections)
from contracts import prior_awards  # noqa: E402,F401  (a price source for plans)
