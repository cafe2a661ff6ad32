"""Requests for quotations: the vendor registry feeds a plan's estimate (docs/quotations.md)."""
