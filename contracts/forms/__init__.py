"""Contracts forms, one module per page group."""
