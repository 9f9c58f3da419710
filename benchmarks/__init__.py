"""Speed and memory benchmarks of Bureau on realistic demo databases.

Run from the repository root: ``python benchmarks/run.py`` (see README.md).
"""
