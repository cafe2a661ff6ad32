"""Contracts views, one module per page group; routes attach to contracts.bp."""
