"""Contracts write operations, one module per concern: they flush, never commit."""
