"""Contracts domain models: document templates, lease plans, contracts."""
from contracts.models.contract import Contract, ContractCounter, ContractLine  # noqa: F401
from contracts.models.acceptance import AcceptanceRecord, PaymentRecord  # noqa: F401
from contracts.models.lifecycle import (  # noqa: F401
    ContractAmendment, ContractLifecycle, ContractTransition, SignedCopy)
