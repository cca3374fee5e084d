"""Benchmarks for the lesson player (issues 6 and 9): `python bench/run.py [--quick]`."""
