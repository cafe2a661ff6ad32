"""Contracts views, one module per kind; routes attach to contracts.bp."""
