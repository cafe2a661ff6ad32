"""Contracts write operations, one module per kind: flush, never commit."""
