"""Contracts forms, one module per kind."""
