"""Helpers that belong to no domain: the clock, money and VAT, months, forms, pagination, files.

Nothing here imports a domain package; only `extensions` (docs/architecture.md).
"""
