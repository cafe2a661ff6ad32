"""Benchmark: a synthetic national deployment and the measurements made on it."""
