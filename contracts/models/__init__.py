"""Contracts' models, one module per record: the contract and its lines, its lifecycle, its
amendments, its signed copies, its acceptance and payments."""
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord  # noqa: F401
from contracts.models.amendment import ContractAmendment  # noqa: F401
from contracts.models.contract import Contract, ContractCounter, ContractLine  # noqa: F401
from contracts.models.lifecycle import ContractLifecycle, ContractTransition  # noqa: F401
from contracts.models.signed_copy import SignedCopy  # noqa: F401
from contracts.models import period_report  # noqa: F401,E402  (the vendor report, invoice)
